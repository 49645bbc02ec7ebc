package io.jiio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelMaskTest {

    @Test
    void hexExamplesFromTheWireFormat() {
        assertEquals("00000003", new ChannelMask(5).enable(0).enable(1).toHex());
        assertEquals("0000000200000000", new ChannelMask(40).enable(33).toHex());
        assertEquals("80000000", new ChannelMask(32).enable(31).toHex());
        assertEquals("000000010000000000000000", new ChannelMask(65).enable(64).toHex());
        assertEquals("8000000000000001", new ChannelMask(64).enable(0).enable(63).toHex());
        assertEquals("", new ChannelMask(0).toHex());
        assertEquals("00000000", new ChannelMask(1).toHex());
    }

    @Test
    void fromHexReadsTheSameForm() {
        ChannelMask m = ChannelMask.fromHex("0000000200000000", 40);
        assertEquals(List.of(33), m.positions().boxed().toList());
        assertEquals(List.of(1, 3), ChannelMask.fromHex("0000000A", 5).positions().boxed().toList());
        assertEquals(List.of(1, 3), ChannelMask.fromHex("0000000a", 5).positions().boxed().toList());
        assertEquals(new ChannelMask(64).enable(0).enable(63), ChannelMask.fromHex("8000000000000001", 64));
        assertEquals(new ChannelMask(0), ChannelMask.fromHex("", 0));
    }

    @ParameterizedTest
    @CsvSource({
            "0003, 5, length 4",
            "000000003, 5, length 9",
            "00000003, 40, expected 16",
            "0000000g, 5, at index 7 is not a hex digit",
            "+0000003, 5, at index 0 is not a hex digit",
            "0x000003, 5, at index 1 is not a hex digit",
            "00000020, 5, bit 5",
            "80000000, 31, bit 31",
            "0000010000000000, 40, bit 40",
            "0000000100000000, 32, length 16"})
    void fromHexRejectsBadMasks(String hex, int count, String reason) {
        IioException e = assertThrows(IioException.class, () -> ChannelMask.fromHex(hex, count));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("'" + hex + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void fromHexRejectsNullAndNonAsciiDigits() {
        assertThrows(IioException.class, () -> ChannelMask.fromHex(null, 5));
        assertThrows(IioException.class, () -> ChannelMask.fromHex("0000000\u0663", 5));
    }

    @Test
    void enableDisableQuery() {
        ChannelMask m = new ChannelMask(70);
        assertTrue(m.isEmpty());
        m.enable(0).enable(64).enable(69);
        assertTrue(m.isEnabled(64));
        assertFalse(m.isEnabled(63));
        assertEquals(3, m.cardinality());
        m.disable(64);
        assertFalse(m.isEnabled(64));
        assertEquals(List.of(0, 69), m.positions().boxed().toList());
        m.disable(0).disable(69);
        assertTrue(m.isEmpty());
        assertEquals(0, m.cardinality());
        assertEquals(0, m.positions().count());
    }

    @Test
    void outOfRangePositionsAreEinvalNamingPositionAndCount() {
        ChannelMask m = new ChannelMask(5);
        for (int bad : new int[] {-1, 5, 64, Integer.MAX_VALUE}) {
            IioException e = assertThrows(IioException.class, () -> m.enable(bad));
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains("position " + bad), e.getMessage());
            assertTrue(e.getMessage().contains("5 channels"), e.getMessage());
            assertThrows(IioException.class, () -> m.disable(bad));
            assertThrows(IioException.class, () -> m.isEnabled(bad));
        }
        assertThrows(IioException.class, () -> new ChannelMask(-1));
    }

    @Test
    void channelsAreAddressedByPosition() {
        Channel c = new Channel("voltage3", null, null, Direction.INPUT, 0,
                ScanFormat.parse("le:s16/16>>0"), List.of());
        ChannelMask m = new ChannelMask(5);
        IioException unbound = assertThrows(IioException.class, () -> m.enable(c));
        assertTrue(unbound.getMessage().contains("voltage3"), unbound.getMessage());
        c.bind(null, 3);
        m.enable(c);
        assertTrue(m.isEnabled(3));
        assertTrue(m.isEnabled(c));
        m.disable(c);
        assertFalse(m.isEnabled(c));
        IioException tooFar = assertThrows(IioException.class, () -> new ChannelMask(3).enable(c));
        assertTrue(tooFar.getMessage().contains("3 channels"), tooFar.getMessage());
    }

    @Test
    void unionIsANewMask() {
        ChannelMask a = new ChannelMask(40).enable(1);
        ChannelMask b = new ChannelMask(40).enable(33);
        ChannelMask u = a.union(b);
        assertNotSame(a, u);
        assertEquals(List.of(1, 33), u.positions().boxed().toList());
        assertEquals(List.of(1), a.positions().boxed().toList());
        assertEquals(List.of(33), b.positions().boxed().toList());
    }

    @Test
    void masksOfDifferentSizesDoNotMix() {
        ChannelMask a = new ChannelMask(4);
        ChannelMask b = new ChannelMask(5);
        IioException e = assertThrows(IioException.class, () -> a.union(b));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("4 vs 5"), e.getMessage());
        assertThrows(IioException.class, () -> a.isSubsetOf(b));
    }

    @Test
    void subset() {
        ChannelMask small = new ChannelMask(70).enable(2);
        ChannelMask big = new ChannelMask(70).enable(2).enable(65);
        assertTrue(small.isSubsetOf(big));
        assertFalse(big.isSubsetOf(small));
        assertTrue(new ChannelMask(70).isSubsetOf(small));
        assertTrue(big.isSubsetOf(big));
    }

    @Test
    void copyIsIndependent() {
        ChannelMask a = new ChannelMask(8).enable(1);
        ChannelMask b = a.copy();
        assertEquals(a, b);
        b.enable(2);
        assertFalse(a.isEnabled(2));
        assertNotEquals(a, b);
    }

    @Test
    void equalityCoversCountAndBits() {
        assertEquals(new ChannelMask(8).enable(3), new ChannelMask(8).enable(3));
        assertEquals(new ChannelMask(8).enable(3).hashCode(), new ChannelMask(8).enable(3).hashCode());
        assertNotEquals(new ChannelMask(8).enable(3), new ChannelMask(9).enable(3));
        assertNotEquals(new ChannelMask(8).enable(3), new ChannelMask(8).enable(4));
        assertNotEquals(new ChannelMask(8), "ChannelMask[ of 8]");
    }

    @Test
    void toStringListsPositions() {
        assertEquals("ChannelMask[0,1,33 of 40]", new ChannelMask(40).enable(33).enable(0).enable(1).toString());
        assertEquals("ChannelMask[none of 3]", new ChannelMask(3).toString());
    }
}
