package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PositionRecordTest {
    @Test
    void recordLaysOutThreeLittleEndianLongs() {
        ByteBuffer b = PositionRecord.allocate();
        PositionRecord.put(b, 0, 0x0102030405060708L, -1, 42);
        assertEquals(PositionRecord.LENGTH, b.capacity());
        assertEquals(0x08, b.get(0)); // little-endian: low byte first
        assertEquals(0x01, b.get(7));
        assertEquals(-1, b.getLong(PositionRecord.LOST_BEFORE_OFFSET));
        assertEquals(0x0102030405060708L, PositionRecord.firstScan(b, 0));
        assertEquals(-1, PositionRecord.lostBefore(b, 0));
        assertEquals(42, PositionRecord.timestampNs(b, 0));
    }

    @Test
    void lineRoundTrips() {
        String line = PositionRecord.line(1234567, 49152, 987654321);
        assertEquals("1234567 49152 987654321\n", line);
        assertArrayEquals(new long[] {1234567, 49152, 987654321}, PositionRecord.parseLine(line));
        assertArrayEquals(new long[] {-1, -1, 0}, PositionRecord.parseLine("-1 -1 0"));
    }

    @Test
    void badLinesAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PositionRecord.parseLine("1 2"));
        assertTrue(e.getMessage().contains("2 fields"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PositionRecord.parseLine("1 x 3"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PositionRecord.parseLine("1 -2 3"));
    }
}
