package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model built from generated sysfs trees of real devices, checked against what the kernel means. */
class DiscoveryTest {
    @TempDir
    Path root;

    private Context open() {
        return Context.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"));
    }

    private static List<String> ids(Device d) {
        return d.channels().stream().map(c -> (c.isOutput() ? "out:" : "in:") + c.id()).toList();
    }

    private static List<String> names(List<Attribute> attrs) {
        return attrs.stream().map(Attribute::name).toList();
    }

    @Test
    void ad9361Transceiver() {
        Trees.ad9361(root);
        try (Context ctx = open()) {
            assertEquals("local", ctx.name());
            assertEquals(List.of("iio:device0", "iio:device1", "iio:device2"),
                    ctx.devices().stream().map(Device::id).toList());

            Device phy = ctx.requireDevice("ad9361-phy");
            assertFalse(phy.isBufferCapable());
            assertEquals(List.of("in:out", "in:temp0", "in:voltage0", "in:voltage1", "in:voltage2",
                    "out:altvoltage0", "out:altvoltage1", "out:voltage0", "out:voltage1", "out:voltage2",
                    "out:voltage3"), ids(phy));
            Channel rx0 = phy.channel("voltage0", Direction.INPUT).orElseThrow();
            assertEquals(List.of("filter_fir_en", "gain_control_mode", "gain_control_mode_available",
                    "hardwaregain", "hardwaregain_available", "rf_bandwidth", "rf_bandwidth_available",
                    "rf_port_select", "rf_port_select_available", "rssi", "sampling_frequency"),
                    names(rx0.attributes()));
            assertEquals("in_voltage_rf_bandwidth", rx0.requireAttribute("rf_bandwidth").filename());
            assertEquals("18000000", rx0.requireAttribute("rf_bandwidth").read());
            assertEquals("71.000000 dB", rx0.requireAttribute("hardwaregain").read());
            Channel lo = phy.channel("altvoltage0", Direction.OUTPUT).orElseThrow();
            assertEquals("RX_LO", lo.name(), "extended name from the common prefix");
            assertEquals(List.of("external", "fastlock_store", "frequency", "powerdown"), names(lo.attributes()));
            assertEquals("2400000000", lo.requireAttribute("frequency").read());
            Channel out = phy.channel("out", Direction.INPUT).orElseThrow();
            assertEquals(List.of("voltage_filter_fir_en"), names(out.attributes()));
            Channel aux = phy.channel("voltage2", Direction.OUTPUT).orElseThrow();
            assertEquals(List.of("filter_fir_en", "raw", "rf_bandwidth", "rf_port_select_available",
                    "sampling_frequency", "scale"), names(aux.attributes()));
            assertEquals(List.of("calib_mode", "calib_mode_available", "dcxo_tune_coarse", "ensm_mode",
                    "ensm_mode_available", "filter_fir_config", "rx_path_rates", "trx_rate_governor",
                    "trx_rate_governor_available", "xo_correction", "xo_correction_available"), names(phy.attributes()));
            assertEquals(List.of("adi,frequency-division-duplex-mode-enable", "direct_reg_access"),
                    names(phy.debugAttributes()));
            assertEquals("fdd", phy.requireAttribute(AttributeKind.DEVICE, "ensm_mode").read());

            Device adc = ctx.requireDevice("cf-ad9361-lpc");
            assertTrue(adc.isBufferCapable());
            assertEquals(List.of("in:voltage0", "in:voltage1", "in:voltage2", "in:voltage3"), ids(adc));
            for (int i = 0; i < 4; i++) {
                Channel c = adc.channels().get(i);
                assertEquals(i, c.scanIndex());
                assertEquals(ScanFormat.parse("le:S12/16>>0"), c.format());
                assertEquals(List.of("calibbias", "calibphase", "calibscale", "sampling_frequency"),
                        names(c.attributes()));
                assertNull(c.name());
            }
            assertEquals(List.of("data_available", "enable", "length", "length_align_bytes", "watermark"),
                    names(adc.bufferAttributes()));

            Device dds = ctx.requireDevice("cf-ad9361-dds-core-lpc");
            assertTrue(dds.isBufferCapable());
            assertEquals(List.of("out:voltage0", "out:voltage1", "out:voltage2", "out:voltage3",
                    "out:altvoltage0", "out:altvoltage1", "out:altvoltage2", "out:altvoltage3"), ids(dds));
            assertEquals(ScanFormat.parse("le:S16/16>>0"), dds.channels().get(3).format());
            assertEquals("TX1_Q_F2", dds.channels().get(7).name());
            assertEquals(List.of("frequency", "phase", "raw", "scale"), names(dds.channels().get(7).attributes()));
            assertFalse(dds.channels().get(7).isScanElement());
        }
    }

    @Test
    void iioDummy() {
        Trees.iioDummy(root);
        try (Context ctx = open()) {
            Device d = ctx.requireDevice("iio_dummy_part_no");
            assertEquals("dummy-label", d.label());
            assertEquals(d, ctx.requireDevice("dummy-label"));
            assertEquals(List.of("in:voltage0", "in:voltage1-voltage2", "in:voltage3-voltage4", "in:accel_x",
                    "in:timestamp", "in:activity_running", "in:activity_walking", "in:sampling", "in:steps",
                    "out:voltage0"), ids(d));
            int[] index = {0, 1, 2, 3, 4};
            String[] type = {"le:u13/16>>0", "le:s12/16>>0", "le:s11/16>>0", "le:S16/16>>0", "le:S64/64>>0"};
            for (int i = 0; i < 5; i++) {
                assertEquals(index[i], d.channels().get(i).scanIndex());
                assertEquals(ScanFormat.parse(type[i]), d.channels().get(i).format());
            }
            Channel v0 = d.requireChannel("voltage0");
            assertEquals(List.of("calibbias", "calibscale", "offset", "raw", "scale"), names(v0.attributes()));
            assertEquals("in_voltage_calibbias", v0.requireAttribute("calibbias").filename());
            assertEquals(0.001333, v0.scale());
            assertEquals(3500.0, v0.offset());
            Channel diff = d.requireChannel("voltage1-voltage2");
            assertEquals(List.of("raw", "scale"), names(diff.attributes()));
            assertEquals("in_voltage-voltage_scale", diff.requireAttribute("scale").filename());
            Channel accel = d.requireChannel("accel_x");
            assertEquals(List.of("calibbias", "calibscale", "raw"), names(accel.attributes()));
            assertEquals("-7", accel.requireAttribute("calibbias").read());
            Channel steps = d.requireChannel("steps");
            assertEquals(-1, steps.scanIndex());
            assertEquals(List.of("calibheight", "en", "input"), names(steps.attributes()));
            assertEquals(List.of("input"), names(d.requireChannel("activity_walking").attributes()));
            assertTrue(d.channel("voltage0", Direction.OUTPUT).isPresent());
            assertEquals(List.of(), names(d.attributes()), "every file of iio_dummy belongs to a channel");
            assertEquals(List.of("direct_reg_access"), names(d.debugAttributes()));

            Device trig = ctx.requireDevice("sysfstrig1");
            assertTrue(trig.isTrigger());
            assertEquals("trigger0", trig.id());
            assertEquals(List.of("trigger_now"), names(trig.attributes()));
            assertTrue(d.trigger().isEmpty());
            d.setTrigger(trig);
            assertEquals("sysfstrig1", Trees.read(root.resolve("bus/iio/devices/iio:device0/trigger/current_trigger")));
            assertEquals(trig, d.trigger().orElseThrow());
            d.setTrigger(null);
            assertTrue(d.trigger().isEmpty());
        }
    }

    @Test
    void attributeWritesReachTheFile() {
        Trees.iioDummy(root);
        try (Context ctx = open()) {
            Device d = ctx.requireDevice("iio_dummy_part_no");
            d.requireChannel("voltage0").requireAttribute("raw").write("5");
            assertEquals("5", Trees.read(root.resolve("bus/iio/devices/iio:device0/in_voltage0_raw")));
            d.requireAttribute(AttributeKind.BUFFER, "length").write(1024);
            assertEquals("1024", Trees.read(root.resolve("bus/iio/devices/iio:device0/buffer0/length")));
            d.requireAttribute(AttributeKind.DEBUG, "direct_reg_access").write("0x42");
            assertEquals("0x42", Trees.read(root.resolve("kernel/debug/iio/iio:device0/direct_reg_access")));
        }
    }

    /** Writability from the file's mode, as sysfs sets it: no write bit (a show-only attribute) is read-only. */
    @Test
    void attributesAreReadOnlyWhereTheFileHasNoWriteBit() throws Exception {
        Trees.iioDummy(root);
        Path dev = root.resolve("bus/iio/devices/iio:device0");
        java.nio.file.Files.setPosixFilePermissions(dev.resolve("in_voltage0_raw"),
                java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        java.nio.file.Files.setPosixFilePermissions(dev.resolve("buffer0/data_available"),
                java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        java.nio.file.Files.setPosixFilePermissions(dev.resolve("in_accel_x_calibbias"),
                java.nio.file.attribute.PosixFilePermissions.fromString("-w-------"));
        try (Context ctx = open()) {
            Device d = ctx.requireDevice("iio_dummy_part_no");
            assertEquals(Attribute.Access.READ_ONLY, d.requireChannel("voltage0").requireAttribute("raw").access());
            assertEquals(Attribute.Access.READ_ONLY, d.requireAttribute(AttributeKind.BUFFER, "data_available").access());
            assertEquals(Attribute.Access.WRITABLE, d.requireChannel("voltage0").requireAttribute("scale").access());
            assertEquals(Attribute.Access.WRITABLE, d.requireChannel("accel_x").requireAttribute("calibbias").access(),
                    "write-only is writable");
            assertEquals(Attribute.Access.WRITABLE, d.requireAttribute(AttributeKind.BUFFER, "length").access());
            assertEquals(Attribute.Access.WRITABLE, d.requireAttribute(AttributeKind.DEBUG, "direct_reg_access").access());
        }
    }

    @Test
    void currentTriggerNotInTheContext() {
        Trees.iioDummy(root);
        Trees.write(root.resolve("bus/iio/devices/iio:device0/trigger/current_trigger"), "hrtimer-gone");
        try (Context ctx = open()) {
            IioException e = assertThrows(IioException.class,
                    () -> ctx.requireDevice("iio_dummy_part_no").trigger());
            assertEquals(Errno.ENXIO, e.errno());
            assertTrue(e.getMessage().contains("hrtimer-gone"), e.getMessage());
        }
    }

    @Test
    void badScanTypeNamesTheFile() {
        Trees.iioDummy(root);
        Trees.write(root.resolve("bus/iio/devices/iio:device0/scan_elements/in_accel_x_type"), "le:q16/16>>0");
        IioException e = assertThrows(IioException.class, this::open);
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("scan_elements/in_accel_x_type"), e.getMessage());
    }

    @Test
    void missingTreeAndBadUris() {
        IioException e = assertThrows(IioException.class, this::open);
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("bus/iio/devices"), e.getMessage());
        for (String bad : List.of("local:sysfs", "local:foo=1", "local:mode=turbo", "local:sysfs=/x,,dev=/y")) {
            IioException b = assertThrows(IioException.class, () -> Context.open(bad), bad);
            assertEquals(Errno.EINVAL, b.errno(), bad);
            assertTrue(b.getMessage().contains(bad), b.getMessage());
        }
    }

    @Test
    void contextReportsTheDataPathItWouldUse() {
        Trees.iioDummy(root);
        try (Context ctx = open()) {
            String t = ctx.attributes().get("local,transfer,iio:device0");
            assertTrue(t.startsWith("unknown: cannot open " + root.resolve("dev/iio:device0")), t);
            assertEquals("auto", ctx.attributes().get("local,mode"));
        }
    }
}
