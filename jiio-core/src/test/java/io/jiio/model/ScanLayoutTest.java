package io.jiio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanLayoutTest {

    static Channel ch(String id, int index, String format) {
        return new Channel(id, null, null, Direction.INPUT, index, ScanFormat.parse(format), List.of());
    }

    private static void assertLayout(ScanLayout layout, int scanBytes, List<Channel> channels, int... offsets) {
        assertEquals(scanBytes, layout.scanBytes(), layout.toString());
        for (int i = 0; i < offsets.length; i++) {
            assertEquals(offsets[i], layout.offsetOf(channels.get(i)), channels.get(i).id() + " in " + layout);
        }
    }

    @Test
    void fourShortsAndATimestamp() {
        List<Channel> cs = List.of(ch("voltage0", 0, "le:s16/16>>0"), ch("voltage1", 1, "le:s16/16>>0"),
                ch("voltage2", 2, "le:s16/16>>0"), ch("voltage3", 3, "le:s16/16>>0"),
                ch("timestamp", 4, "le:s64/64>>0"));
        assertLayout(ScanLayout.of(cs), 16, cs, 0, 2, 4, 6, 8);
    }

    @Test
    void oneShortAndATimestamp() {
        List<Channel> cs = List.of(ch("voltage0", 0, "le:s16/16>>0"), ch("timestamp", 4, "le:s64/64>>0"));
        assertLayout(ScanLayout.of(cs), 16, cs, 0, 8);
    }

    @Test
    void shortThenInt() {
        List<Channel> cs = List.of(ch("a", 0, "le:s16/16>>0"), ch("b", 1, "le:s32/32>>0"));
        assertLayout(ScanLayout.of(cs), 8, cs, 0, 4);
    }

    @Test
    void intThenByteIsPaddedToTheLargest() {
        List<Channel> cs = List.of(ch("a", 0, "le:s32/32>>0"), ch("b", 1, "le:u8/8>>0"));
        assertLayout(ScanLayout.of(cs), 8, cs, 0, 4);
    }

    @Test
    void byteThenLong() {
        List<Channel> cs = List.of(ch("a", 0, "le:u8/8>>0"), ch("b", 1, "be:s64/64>>0"));
        assertLayout(ScanLayout.of(cs), 16, cs, 0, 8);
    }

    @Test
    void repeatedShortsFormOneEightByteElement() {
        List<Channel> cs = List.of(ch("a", 0, "le:u8/8>>0"), ch("quat", 1, "le:s16/16X4>>0"));
        ScanLayout layout = ScanLayout.of(cs);
        assertLayout(layout, 16, cs, 0, 8);
        assertEquals(8, layout.element(cs.get(1)).format().elementBytes());
    }

    @Test
    void sixByteElementAlignsToSix() {
        List<Channel> cs = List.of(ch("a", 0, "le:u8/8>>0"), ch("b", 1, "le:s16/16X3>>0"));
        assertLayout(ScanLayout.of(cs), 12, cs, 0, 6);
        List<Channel> three = List.of(ch("a", 0, "le:u8/8>>0"), ch("b", 1, "le:u8/8>>0"),
                ch("c", 2, "le:s16/16X3>>0"), ch("d", 3, "le:u8/8>>0"));
        assertLayout(ScanLayout.of(three), 18, three, 0, 1, 6, 12);
    }

    @Test
    void singleElements() {
        assertEquals(1, ScanLayout.of(List.of(ch("a", 0, "le:u8/8>>0"))).scanBytes());
        assertEquals(6, ScanLayout.of(List.of(ch("a", 0, "le:u16/16X3>>0"))).scanBytes());
        assertEquals(8, ScanLayout.of(List.of(ch("t", 7, "le:s64/64>>0"))).scanBytes());
    }

    /** The kernel's iio_dummy driver with every scan element enabled. */
    @Test
    void iioDummy() {
        List<Channel> cs = List.of(ch("voltage0", 0, "le:u13/16>>0"), ch("voltage1-voltage2", 1, "le:s12/16>>0"),
                ch("voltage3-voltage4", 2, "le:s11/16>>0"), ch("accel_x", 3, "le:s16/16>>0"),
                ch("timestamp", 4, "le:s64/64>>0"));
        ScanLayout layout = ScanLayout.of(cs);
        assertLayout(layout, 16, cs, 0, 2, 4, 6, 8);
        assertEquals(5, layout.elements().size());
    }

    @Test
    void channelsAreOrderedByScanIndexNotByListOrder() {
        Channel ts = ch("timestamp", 4, "le:s64/64>>0");
        Channel v1 = ch("voltage1", 1, "le:s16/16>>0");
        Channel v0 = ch("voltage0", 0, "le:s16/16>>0");
        ScanLayout layout = ScanLayout.of(List.of(ts, v1, v0));
        assertEquals(List.of(v0, v1, ts), layout.channels());
        assertEquals(List.of(v0, v1, ts), layout.elements().stream().map(ScanLayout.Element::channel).toList());
        assertEquals(List.of(0, 2, 8), layout.elements().stream().map(ScanLayout.Element::offset).toList());
        assertEquals(16, layout.scanBytes());
    }

    @Test
    void channelsSharingAScanIndexShareOneSlot() {
        Channel a = ch("a", 0, "le:s16/16>>0");
        Channel alias = ch("alias", 0, "be:u12/16>>4");
        Channel b = ch("b", 1, "le:s16/16>>0");
        ScanLayout layout = ScanLayout.of(List.of(b, a, alias));
        assertEquals(4, layout.scanBytes());
        assertEquals(2, layout.elements().size());
        assertSame(a, layout.elements().get(0).channel());
        assertEquals(0, layout.offsetOf(alias));
        assertEquals(2, layout.offsetOf(b));
        assertSame(alias, layout.element(alias).channel());
        assertEquals(alias.format(), layout.element(alias).format());
        assertEquals(List.of(a, alias, b), layout.channels());
        assertTrue(layout.contains(alias));
    }

    @Test
    void theFirstListedChannelOwnsASharedSlot() {
        Channel a = ch("a", 0, "le:s16/16>>0");
        Channel alias = ch("alias", 0, "le:u16/16>>0");
        assertSame(alias, ScanLayout.of(List.of(alias, a)).elements().get(0).channel());
        assertSame(a, ScanLayout.of(List.of(a, alias)).elements().get(0).channel());
    }

    @Test
    void aliasesWithADifferentElementSizeAreRejected() {
        Channel a = ch("a", 0, "le:s16/16>>0");
        Channel wide = ch("wide", 0, "le:s32/32>>0");
        IioException e = assertThrows(IioException.class, () -> ScanLayout.of(List.of(a, wide)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("wide"), e.getMessage());
    }

    @Test
    void emptyListIsRejected() {
        IioException e = assertThrows(IioException.class, () -> ScanLayout.of(List.of()));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("no channel enabled"), e.getMessage());
    }

    @Test
    void nonScanElementIsRejectedByName() {
        Channel temp = new Channel("temp0", null, null, Direction.INPUT, -1, null, List.of());
        IioException e = assertThrows(IioException.class,
                () -> ScanLayout.of(List.of(ch("voltage0", 0, "le:s16/16>>0"), temp)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("temp0"), e.getMessage());
    }

    @Test
    void duplicateChannelIsRejected() {
        Channel v = ch("voltage0", 0, "le:s16/16>>0");
        IioException e = assertThrows(IioException.class, () -> ScanLayout.of(List.of(v, v)));
        assertTrue(e.getMessage().contains("voltage0"), e.getMessage());
    }

    @Test
    void unknownChannelIsEinvalNamingIt() {
        ScanLayout layout = ScanLayout.of(List.of(ch("voltage0", 0, "le:s16/16>>0")));
        Channel other = ch("voltage9", 0, "le:s16/16>>0");
        assertFalse(layout.contains(other));
        IioException e = assertThrows(IioException.class, () -> layout.element(other));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("voltage9"), e.getMessage());
        assertThrows(IioException.class, () -> layout.offsetOf(other));
    }

    @Test
    void toStringShowsOffsetsAndFormats() {
        ScanLayout layout = ScanLayout.of(List.of(ch("voltage0", 0, "le:s16/16>>0"),
                ch("timestamp", 4, "le:s64/64>>0")));
        assertEquals("ScanLayout[16 bytes: voltage0@0 le:s16/16>>0, timestamp@8 le:s64/64>>0]", layout.toString());
    }

    @Test
    void layoutFromADeviceAndAMask() {
        Channel v0 = ch("voltage0", 0, "le:s16/16>>0");
        Channel temp = new Channel("temp", null, null, Direction.INPUT, -1, null, List.of());
        Channel v1 = ch("voltage1", 1, "le:s16/16>>0");
        Channel ts = ch("timestamp", 2, "le:s64/64>>0");
        Device dev = new Device("iio:device0", "adc", null, false, true, List.of(v0, temp, v1, ts),
                List.of(), List.of(), List.of());
        ScanLayout layout = ScanLayout.of(dev, new ChannelMask(4).enable(v1).enable(ts));
        assertEquals(List.of(v1, ts), layout.channels());
        assertEquals(16, layout.scanBytes());
        assertEquals(8, layout.offsetOf(ts));

        IioException nonScan = assertThrows(IioException.class,
                () -> ScanLayout.of(dev, new ChannelMask(4).enable(temp)));
        assertTrue(nonScan.getMessage().contains("temp"), nonScan.getMessage());
        IioException empty = assertThrows(IioException.class, () -> ScanLayout.of(dev, new ChannelMask(4)));
        assertTrue(empty.getMessage().contains("no channel enabled"), empty.getMessage());
        IioException size = assertThrows(IioException.class, () -> ScanLayout.of(dev, new ChannelMask(5)));
        assertEquals(Errno.EINVAL, size.errno());
    }
}
