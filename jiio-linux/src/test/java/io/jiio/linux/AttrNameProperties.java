package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Attribute-name parsing: generated names built the way the kernel's {@code __iio_device_attr_init}
 * builds them ({@code dir_type[index][_modifier][_extname]_info}) must parse back to their parts.
 */
class AttrNameProperties {
    /** The kernel's channel types that end in a letter (no digit), as used in sysfs names. */
    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of("voltage", "current", "power", "accel", "anglvel", "magn", "temp", "altvoltage",
                "illuminance", "pressure", "humidityrelative", "rot", "angl", "timestamp", "capacitance",
                "proximity", "resistance", "phase", "concentration");
    }

    @Provide
    Arbitrary<String> infos() {
        return Arbitraries.of("raw", "input", "scale", "offset", "calibbias", "calibscale", "hardwaregain",
                "sampling_frequency", "sampling_frequency_available", "thresh_rising_value", "en", "index", "type");
    }

    @Provide
    Arbitrary<String> modifiers() {
        return Arbitraries.of(Modifiers.NAMES);
    }

    @Property
    void indexedChannels(@ForAll("types") String type, @ForAll @IntRange(min = 0, max = 300) int index,
                         @ForAll("infos") String info, @ForAll boolean output) {
        String attr = (output ? "out_" : "in_") + type + index + "_" + info;
        assertTrue(AttrName.isChannel(attr, true), attr);
        assertEquals(type + index, AttrName.channelId(attr));
        assertEquals(info, AttrName.shortName(attr, null));
        assertEquals(output, AttrName.isOutput(attr));
    }

    @Property
    void modifiedChannels(@ForAll("types") String type, @ForAll("modifiers") String mod,
                          @ForAll("infos") String info) {
        String attr = "in_" + type + "_" + mod + "_" + info;
        assertTrue(AttrName.isChannel(attr, true), attr);
        assertEquals(type + "_" + mod, AttrName.channelId(attr));
        assertEquals(info, AttrName.shortName(attr, null));
        assertEquals(1, AttrName.sharedMatch("in_" + type + "_scale", type + "_" + mod, false, null), attr);
    }

    @Property
    void differentialChannels(@ForAll("types") String type, @ForAll @IntRange(max = 40) int a,
                              @ForAll @IntRange(max = 40) int b, @ForAll("infos") String info) {
        String id = type + a + "-" + type + b;
        String attr = "in_" + id + "_" + info;
        assertTrue(AttrName.isChannel(attr, true), attr);
        assertEquals(id, AttrName.channelId(attr));
        assertEquals(info, AttrName.shortName(attr, null));
        assertEquals(1, AttrName.sharedMatch("in_" + type + "-" + type + "_scale", id, false, null));
        assertEquals(0, AttrName.sharedMatch("in_" + type + "_scale", id, false, null),
                "single-ended shared attributes are not the differential channel's");
    }

    @Property
    void sharedByTypeReachesOnlyItsType(@ForAll("types") String type, @ForAll("types") String other,
                                        @ForAll @IntRange(max = 99) int index, @ForAll boolean output) {
        Assume.that(!type.equals("timestamp")); // in_timestamp_* is always the timestamp channel's
        String attr = (output ? "out_" : "in_") + type + "_scale";
        assertFalse(AttrName.isChannel(attr, true), attr);
        assertTrue(AttrName.isChannel(attr, false), attr);
        assertEquals(1, AttrName.sharedMatch(attr, type + index, output, null));
        assertEquals(0, AttrName.sharedMatch(attr, type + index, !output, null), "other direction");
        if (!other.startsWith(type)) {
            assertEquals(0, AttrName.sharedMatch(attr, other + index, output, null));
        }
    }

    @Property
    void extendedNamesAreStripped(@ForAll("types") String type, @ForAll @IntRange(max = 9) int index,
                                  @ForAll("extNames") String ext, @ForAll("infos") String info) {
        String attr = "in_" + type + index + "_" + ext + "_" + info;
        assertEquals(type + index, AttrName.channelId(attr));
        assertEquals(info, AttrName.shortName(attr, ext));
        assertEquals(2, AttrName.sharedMatch("in_" + type + "_" + ext + "_" + info, type + index, false, ext));
    }

    @Provide
    Arbitrary<String> extNames() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("", "_LO", "_int")).as((a, b) -> a + b).filter(s -> !Modifiers.NAMES.contains(s)
                        && Modifiers.prefixLength(s + "_", 0) < 0);
    }

    @Property
    void neverThrowsOnArbitraryNames(@ForAll("anyNames") String attr) {
        boolean strict = AttrName.isChannel(attr, true);
        if (AttrName.isChannel(attr, false) && !attr.startsWith("in_timestamp_")) {
            String id = AttrName.channelId(attr);
            assertFalse(id.isEmpty(), attr);
            AttrName.shortName(attr, null);
        }
        assertTrue(!strict || AttrName.isChannel(attr, false), attr);
    }

    @Provide
    Arbitrary<String> anyNames() {
        return Combinators.combine(Arbitraries.of("in_", "out_", "", "in", "inx_"),
                Arbitraries.strings().withChars("abxyz019_-&|").ofMaxLength(16)).as(String::concat);
    }

    @Test
    void libiioExamples() {
        assertTrue(AttrName.isChannel("in_timestamp_en", true));
        assertEquals("timestamp", AttrName.channelId("in_timestamp_en"));
        assertFalse(AttrName.isChannel("sampling_frequency", false));
        assertFalse(AttrName.isChannel("in_steps_input", true));
        assertEquals("steps", AttrName.channelId("in_steps_input"));
        assertEquals("from_north_magnetic_tilt_comp", AttrName.channelId("in_rot_from_north_magnetic_tilt_comp_raw")
                .substring(4));
        assertEquals("RX_LO_frequency", AttrName.shortName("out_altvoltage0_RX_LO_frequency", null));
        assertEquals("frequency", AttrName.shortName("out_altvoltage0_RX_LO_frequency", "RX_LO"));
        assertEquals("out", AttrName.channelId("in_out_voltage_filter_fir_en"));
        assertEquals("voltage_filter_fir_en", AttrName.shortName("in_out_voltage_filter_fir_en", null));
    }
}
