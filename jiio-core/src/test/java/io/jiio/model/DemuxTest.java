package io.jiio.model;

import static io.jiio.model.ScanLayoutTest.ch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemuxTest {
    private final Channel v0 = ch("voltage0", 0, "le:s16/16>>0");
    private final Channel v0Unsigned = ch("voltage0_u", 0, "le:u16/16>>0");
    private final Channel v1 = ch("voltage1", 1, "be:u12/16>>4");
    private final Channel quad = ch("quad", 2, "le:s16/16X2>>0");
    private final Channel ts = ch("timestamp", 3, "le:s64/64>>0");
    private final ScanLayout layout = ScanLayout.of(List.of(ts, quad, v1, v0, v0Unsigned));
    private final Demux demux = new Demux(layout);

    /** Three 16-byte scans (v0 @0, v1 @2, quad @4, timestamp @8) written byte by byte, then a partial one. */
    private final MemorySegment data = Arena.ofAuto().allocate(64).fill((byte) 0x5A);
    private static final long USED = 3 * 16 + 5;

    DemuxTest() {
        scan(0, -5, 0xABC, 1, -1, 1000);
        scan(1, 300, 0xFFF, 2, -2, 2000);
        scan(2, -32768, 0, 3, -3, 3000);
    }

    private void scan(int n, int v0Value, int v1Value, int q0, int q1, long time) {
        int base = n * 16;
        put(base, v0Value, 2, false);
        put(base + 2, v1Value << 4 | 0x7, 2, true);
        put(base + 4, q0, 2, false);
        put(base + 6, q1, 2, false);
        put(base + 8, time, 8, false);
    }

    private void put(int at, long value, int size, boolean bigEndian) {
        for (int i = 0; i < size; i++) {
            int index = bigEndian ? at + size - 1 - i : at + i;
            data.set(ValueLayout.JAVA_BYTE, index, (byte) (value >>> (8 * i)));
        }
    }

    @Test
    void layoutIsTheOneTheSegmentWasWrittenFor() {
        assertEquals(16, layout.scanBytes());
        assertEquals(List.of(0, 2, 4, 8), layout.elements().stream().map(ScanLayout.Element::offset).toList());
        assertEquals(0, layout.offsetOf(v0Unsigned));
    }

    @Test
    void wholeScansOnly() {
        assertEquals(3, demux.scans(USED));
        assertEquals(0, demux.scans(15));
        assertEquals(4, demux.scans(64));
        assertThrows(IioException.class, () -> demux.scans(-1));
    }

    @Test
    void rawPerScan() {
        assertEquals(-5, demux.raw(data, 0, v0));
        assertEquals(65531, demux.raw(data, 0, v0Unsigned));
        assertEquals(0xABC, demux.raw(data, 0, v1));
        assertEquals(300, demux.raw(data, 1, v0));
        assertEquals(0xFFF, demux.raw(data, 1, v1));
        assertEquals(3000, demux.raw(data, 2, ts));
        assertEquals(2, demux.raw(data, 1, quad));
        assertEquals(-2, demux.raw(data, 1, quad, 1));
        assertThrows(IioException.class, () -> demux.raw(data, 1, quad, 2));
        assertThrows(IioException.class, () -> demux.raw(data, -1, v0));
    }

    @Test
    void rawValuesFillWholeScans() {
        long[] out = new long[10];
        assertEquals(3, demux.rawValues(data, USED, v0, out));
        assertArrayEquals(new long[] {-5, 300, -32768}, Arrays.copyOf(out, 3));
        assertEquals(3, demux.rawValues(data, USED, ts, out));
        assertArrayEquals(new long[] {1000, 2000, 3000}, Arrays.copyOf(out, 3));
        assertEquals(3, demux.rawValues(data, USED, v1, out));
        assertArrayEquals(new long[] {0xABC, 0xFFF, 0}, Arrays.copyOf(out, 3));
    }

    @Test
    void rawValuesStopWhenTheArrayIsFull() {
        long[] out = new long[2];
        assertEquals(2, demux.rawValues(data, USED, v0, out));
        assertArrayEquals(new long[] {-5, 300}, out);
        assertEquals(0, demux.rawValues(data, 15, v0, out));
        assertEquals(0, demux.rawValues(data, USED, v0, new long[0]));
    }

    @Test
    void repeatedElementsYieldEverySampleInOrder() {
        long[] out = new long[10];
        assertEquals(6, demux.rawValues(data, USED, quad, out));
        assertArrayEquals(new long[] {1, -1, 2, -2, 3, -3}, Arrays.copyOf(out, 6));
        long[] small = new long[3];
        assertEquals(3, demux.rawValues(data, USED, quad, small));
        assertArrayEquals(new long[] {1, -1, 2}, small);
    }

    @Test
    void physicalValuesApplyOffsetThenScale() {
        double[] out = new double[4];
        assertEquals(3, demux.physicalValues(data, USED, v1, 10, 0.5, out));
        assertArrayEquals(new double[] {(0xABC + 10) * 0.5, (0xFFF + 10) * 0.5, 5.0}, Arrays.copyOf(out, 3));
        assertEquals(3, demux.physicalValues(data, USED, v0, 0, 1.0 / 1000, out));
        assertEquals(-0.005, out[0], 1e-12);
        assertEquals(0.3, out[1], 1e-12);
        assertEquals(-32.768, out[2], 1e-12);
    }

    @Test
    void toPhysicalIsTheIioConvention() {
        assertEquals(55.0, Demux.toPhysical(100, 10, 0.5));
        assertEquals(-9.0, Demux.toPhysical(-5, 0.5, 2));
        assertEquals(0.0, Demux.toPhysical(-273, 273, 1000));
    }

    @Test
    void badArgumentsAreEinval() {
        long[] out = new long[4];
        IioException tooMuch = assertThrows(IioException.class, () -> demux.rawValues(data, 65, v0, out));
        assertEquals(Errno.EINVAL, tooMuch.errno());
        assertTrue(tooMuch.getMessage().contains("65"), tooMuch.getMessage());
        assertThrows(IioException.class, () -> demux.rawValues(data, -16, v0, out));
        Channel stranger = ch("voltage7", 7, "le:s16/16>>0");
        IioException unknown = assertThrows(IioException.class, () -> demux.rawValues(data, USED, stranger, out));
        assertTrue(unknown.getMessage().contains("voltage7"), unknown.getMessage());
        assertThrows(IioException.class, () -> demux.physicalValues(data, USED, stranger, 0, 1, new double[1]));
    }

    @Test
    void readsBackWhatTheFormatsStored() {
        MemorySegment block = Arena.ofAuto().allocate(10L * layout.scanBytes());
        for (int s = 0; s < 10; s++) {
            long base = (long) s * layout.scanBytes();
            v0.format().store(block, base + layout.offsetOf(v0), -s * 1000);
            v1.format().store(block, base + layout.offsetOf(v1), s * 400);
            ts.format().store(block, base + layout.offsetOf(ts), 1_000_000_000L * s);
        }
        long[] out = new long[10];
        assertEquals(10, demux.rawValues(block, block.byteSize(), v1, out));
        for (int s = 0; s < 10; s++) {
            assertEquals(s * 400, out[s]);
            assertEquals(-s * 1000, demux.raw(block, s, v0));
            assertEquals(1_000_000_000L * s, demux.raw(block, s, ts));
        }
    }
}
