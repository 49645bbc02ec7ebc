package io.jiio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanFormatTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "le:s12/16>>4", "be:U16/16>>0", "le:s16/16X4>>0", "le:u8/8>>0", "be:s64/64>>0", "le:S32/32>>0",
            "be:u24/32>>8", "le:u1/8>>7", "le:s16/16X255>>0", "be:u48/64>>16", "le:U64/64>>0", "le:s1/64>>63"})
    void canonicalFormsParseAndPrintBack(String text) {
        ScanFormat f = ScanFormat.parse(text);
        assertEquals(text, f.toString());
        assertEquals(f, ScanFormat.parse(f.toString()));
    }

    @Test
    void fieldsComeFromTheText() {
        assertEquals(new ScanFormat(false, true, 12, 16, 1, 4, false), ScanFormat.parse("le:s12/16>>4"));
        assertEquals(new ScanFormat(true, false, 16, 16, 1, 0, true), ScanFormat.parse("be:U16/16>>0"));
        assertEquals(new ScanFormat(false, true, 16, 16, 4, 0, false), ScanFormat.parse("le:s16/16X4>>0"));
        assertEquals(new ScanFormat(false, true, 64, 64, 1, 0, true), ScanFormat.parse("le:S64/64>>0"));
    }

    @Test
    void repeatOfOneIsAcceptedButNotPrinted() {
        ScanFormat f = ScanFormat.parse("le:s16/16X1>>0");
        assertEquals(1, f.repeat());
        assertEquals("le:s16/16>>0", f.toString());
    }

    @Test
    void sizes() {
        ScanFormat f = ScanFormat.parse("le:s16/16X3>>0");
        assertEquals(2, f.storageBytes());
        assertEquals(6, f.elementBytes());
        assertEquals(8, ScanFormat.parse("be:s64/64>>0").elementBytes());
        assertEquals(1, ScanFormat.parse("le:u8/8>>0").elementBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "le", "le:", "le:s", "xe:s16/16>>0", "LE:s16/16>>0", "l:s16/16>>0", "le;s16/16>>0",
            "le:x16/16>>0", "le:/16>>0", "le:s/16>>0", "le:s16>>0", "le:s16/>>0", "le:s16/16",
            "le:s16/16>", "le:s16/16>>", "le:s16/16>0", "le:s16/16>>0 ", " le:s16/16>>0", "le:s16/16>>0\n",
            "le:s17/16>>0", "le:s0/16>>0", "le:s16/12>>0", "le:s16/24>>0", "le:s8/128>>0", "le:s8/0>>0",
            "le:s16/16X0>>0", "le:s16/16X>>0", "le:s16/16x2>>0", "le:s16/16X2X2>>0", "le:s16/16X256>>0",
            "le:s12/16>>5", "le:s16/16>>-1", "le:s+16/16>>0", "le:s-1/16>>0", "le:s99999999999/16>>0",
            "le:s16/16>>4294967296", "le:s16/16>>0>>0", "le:s\uFF116/16>>0", "be:s16-16>>0", "le:f32/32>>0",
            "le:s16/16>>0x", "le:s16/16X2>>0X2", "le:s16/16 >>0", "le :s16/16>>0"})
    void malformedTextIsRejectedWithEinvalNamingIt(String text) {
        IioException e = assertThrows(IioException.class, () -> ScanFormat.parse(text));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void nullIsRejected() {
        IioException e = assertThrows(IioException.class, () -> ScanFormat.parse(null));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void reasonsAreSpecific() {
        assertMessage("le:s17/16>>0", "bits 17 exceed storage bits 16");
        assertMessage("le:s16/24>>0", "not one of 8, 16, 32, 64");
        assertMessage("le:s16/12>>0", "not a multiple of 8");
        assertMessage("le:s16/16X0>>0", "repeat 0");
        assertMessage("le:s16/16>>0garbage", "trailing characters 'garbage'");
        assertMessage("le:s12/16>>5", "shift 5");
        assertMessage("le:s99999999999/16>>0", "too large");
    }

    @Test
    void constructorValidatesAndNamesTheFormat() {
        IioException e = assertThrows(IioException.class, () -> new ScanFormat(false, true, 17, 16, 1, 0, false));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("scan format 'le:s17/16>>0': bits 17 exceed storage bits 16"),
                e.getMessage());
        assertThrows(IioException.class, () -> new ScanFormat(false, true, 8, 8, 0, 0, false));
        assertThrows(IioException.class, () -> new ScanFormat(false, true, 8, 8, 1, -1, false));
        assertThrows(IioException.class, () -> new ScanFormat(false, true, 0, 8, 1, 0, false));
        assertThrows(IioException.class, () -> new ScanFormat(false, true, 8, 12, 1, 0, false));
        assertThrows(IioException.class, () -> new ScanFormat(false, true, 8, 16, 1, 9, false));
    }

    @Test
    void extractShiftedSigned12BitLittleEndian() {
        ScanFormat f = ScanFormat.parse("le:s12/16>>4");
        assertEquals(0x123, f.extract(bytes(0x30, 0x12), 0));
        assertEquals(0x123, f.extract(bytes(0x3F, 0x12), 0), "bits below the shift are ignored");
        assertEquals(-1, f.extract(bytes(0xF0, 0xFF), 0));
        assertEquals(-2048, f.extract(bytes(0x00, 0x80), 0));
        assertEquals(2047, f.extract(bytes(0xF0, 0x7F), 0));
    }

    @Test
    void extractBigEndian() {
        assertEquals(0x1234, ScanFormat.parse("be:u16/16>>0").extract(bytes(0x12, 0x34), 0));
        assertEquals(-2, ScanFormat.parse("be:s16/16>>0").extract(bytes(0xFF, 0xFE), 0));
        assertEquals(0xFFFE, ScanFormat.parse("be:u16/16>>0").extract(bytes(0xFF, 0xFE), 0));
        assertEquals(0xABCDEF, ScanFormat.parse("be:u24/32>>8").extract(bytes(0xAB, 0xCD, 0xEF, 0x11), 0));
        assertEquals(0xFFFF_FFFF_FFAB_CDEFL,
                ScanFormat.parse("be:s24/32>>8").extract(bytes(0xAB, 0xCD, 0xEF, 0x11), 0));
    }

    @Test
    void extractEveryStorageSize() {
        assertEquals(255, ScanFormat.parse("le:u8/8>>0").extract(bytes(0xFF), 0));
        assertEquals(-1, ScanFormat.parse("le:s8/8>>0").extract(bytes(0xFF), 0));
        assertEquals(1, ScanFormat.parse("le:u1/8>>7").extract(bytes(0x80), 0));
        assertEquals(-1, ScanFormat.parse("le:s1/8>>7").extract(bytes(0x80), 0));
        assertEquals(-2, ScanFormat.parse("le:s32/32>>0").extract(bytes(0xFE, 0xFF, 0xFF, 0xFF), 0));
        assertEquals(0xFFFF_FFFEL, ScanFormat.parse("le:u32/32>>0").extract(bytes(0xFE, 0xFF, 0xFF, 0xFF), 0));
        MemorySegment eight = bytes(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x88);
        assertEquals(0x8807060504030201L, ScanFormat.parse("le:s64/64>>0").extract(eight, 0));
        assertEquals(0x8807060504030201L, ScanFormat.parse("le:u64/64>>0").extract(eight, 0));
        assertEquals(0x0102030405060788L, ScanFormat.parse("be:u64/64>>0").extract(eight, 0));
        assertEquals(0x0000_0102_0304_0506L, ScanFormat.parse("be:u48/64>>16").extract(eight, 0));
        assertEquals(0xFFFF_8807_0605_0403L, ScanFormat.parse("le:s48/64>>16").extract(eight, 0));
        assertEquals(0x07_0605_0403L, ScanFormat.parse("le:s40/64>>16").extract(eight, 0));
    }

    @Test
    void extractAtAnUnalignedOffset() {
        MemorySegment seg = bytes(0x00, 0x34, 0x12, 0x00);
        assertEquals(0x1234, ScanFormat.parse("le:u16/16>>0").extract(seg, 1));
    }

    @Test
    void storeWritesTheContainerInOrder() {
        MemorySegment seg = filled(4, 0xAA);
        ScanFormat.parse("le:s12/16>>4").store(seg, 1, -2048);
        assertArrayEquals(new int[] {0xAA, 0x00, 0x80, 0xAA}, seg);
        ScanFormat.parse("be:u16/16>>0").store(seg, 0, 0x1234);
        assertArrayEquals(new int[] {0x12, 0x34, 0x80, 0xAA}, seg);
        ScanFormat.parse("be:u24/32>>8").store(seg, 0, 0xABCDEF);
        assertArrayEquals(new int[] {0xAB, 0xCD, 0xEF, 0x00}, seg);
        ScanFormat.parse("le:u8/8>>0").store(seg, 3, 0x1FF);
        assertArrayEquals(new int[] {0xAB, 0xCD, 0xEF, 0xFF}, seg);
    }

    @Test
    void storeMasksValuesToTheSampleBits() {
        MemorySegment seg = filled(2, 0);
        ScanFormat f = ScanFormat.parse("le:u12/16>>4");
        f.store(seg, 0, 0x1FFF);
        assertEquals(0xFFF0, Short.toUnsignedInt(seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(
                java.nio.ByteOrder.LITTLE_ENDIAN), 0)));
        assertEquals(0xFFF, f.extract(seg, 0));
    }

    @Test
    void storeThenExtract64Bit() {
        MemorySegment seg = filled(8, 0);
        for (String text : new String[] {"le:s64/64>>0", "be:s64/64>>0", "le:u64/64>>0", "be:U64/64>>0"}) {
            ScanFormat f = ScanFormat.parse(text);
            for (long v : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 0x0123_4567_89AB_CDEFL}) {
                f.store(seg, 0, v);
                assertEquals(v, f.extract(seg, 0), text + " " + v);
            }
        }
    }

    @Test
    void repeatedSamplesSitOneContainerApart() {
        ScanFormat f = ScanFormat.parse("le:s16/16X4>>0");
        MemorySegment seg = filled(8, 0);
        for (int i = 0; i < 4; i++) {
            f.store(seg, 0, i, -100 * (i + 1));
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(-100 * (i + 1), f.extract(seg, 0, i));
            assertEquals(-100 * (i + 1), f.extract(seg, 2L * i));
        }
        assertArrayEquals(new int[] {0x9C, 0xFF, 0x38, 0xFF, 0xD4, 0xFE, 0x70, 0xFE}, seg);
    }

    @Test
    void repeatIndexOutOfRangeIsEinval() {
        ScanFormat f = ScanFormat.parse("le:s16/16X4>>0");
        MemorySegment seg = filled(16, 0);
        IioException e = assertThrows(IioException.class, () -> f.extract(seg, 0, 4));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("repeat index 4"), e.getMessage());
        assertThrows(IioException.class, () -> f.extract(seg, 0, -1));
        assertThrows(IioException.class, () -> f.store(seg, 0, 4, 1));
        assertThrows(IioException.class, () -> ScanFormat.parse("le:u8/8>>0").extract(seg, 0, 1));
    }

    @Test
    void fullyDefinedIsPartOfIdentity() {
        assertFalse(ScanFormat.parse("le:S16/16>>0").equals(ScanFormat.parse("le:s16/16>>0")));
        assertTrue(ScanFormat.parse("le:S16/16>>0").fullyDefined());
        assertFalse(ScanFormat.parse("le:s16/16>>0").fullyDefined());
    }

    private static void assertMessage(String text, String reason) {
        IioException e = assertThrows(IioException.class, () -> ScanFormat.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static MemorySegment bytes(int... values) {
        MemorySegment seg = Arena.ofAuto().allocate(values.length);
        for (int i = 0; i < values.length; i++) {
            seg.set(ValueLayout.JAVA_BYTE, i, (byte) values[i]);
        }
        return seg;
    }

    private static MemorySegment filled(int size, int value) {
        return Arena.ofAuto().allocate(size).fill((byte) value);
    }

    private static void assertArrayEquals(int[] expected, MemorySegment seg) {
        int[] actual = new int[(int) seg.byteSize()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, i));
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
