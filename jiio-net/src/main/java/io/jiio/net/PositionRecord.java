package io.jiio.net;

import java.nio.ByteBuffer;

/**
 * jiio's position record, the one thing its {@code EXTENSION POSITION} adds to the iiod protocol,
 * described once for the server and the client.
 *
 * <p>A client that sent {@code EXTENSION POSITION\r\n} and was answered {@code 0\n} (before any
 * buffer is opened; it stays on after {@code BINARY}) learns for every stretch of samples where it
 * sits in its stream and what was lost just before it:
 * <pre>
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 *  +---------------------------------------------------------------+
 *  |                 firstScan (i64, LE), low word                 |  bytes 0-3
 *  |                                      high word                |  bytes 4-7
 *  +---------------------------------------------------------------+
 *  |                 lostBefore (i64, LE)                          |  bytes 8-15
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 timestampNs (i64, LE)                         |  bytes 16-23
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * <ul>
 * <li>{@code firstScan}: index of the first scan of the samples that follow, counted from the start
 *     of this reader's stream, lost scans included: contiguous data has
 *     {@code firstScan(next) = firstScan + scans}, otherwise the difference is {@code lostBefore(next)}.</li>
 * <li>{@code lostBefore}: scans lost immediately before those samples: the device's overruns
 *     (input) or underruns (output), plus whole blocks the server dropped for this reader alone;
 *     {@link #UNKNOWN} ({@code -1}) when the server cannot tell (a device that does not report its
 *     losses, or a capture the server had to restart).</li>
 * <li>{@code timestampNs}: the device's timestamp of that first scan, in the server's device
 *     clock; 0 when unknown.</li>
 * </ul>
 *
 * <p>Text protocol: the same three numbers as one line {@code <firstScan> <lostBefore>
 * <timestampNs>\n} (see {@link #line}). Binary protocol: these 24 bytes lead a TRANSFER_BLOCK or
 * RETRY_DEQUEUE_BLOCK response ({@code code = 24 + sample bytes} for input, {@code code = 24} for a
 * played output block).
 */
public final class PositionRecord {
    /** Bytes in a record. */
    public static final int LENGTH = 24;
    /** Where {@code firstScan} sits in a record. */
    public static final int FIRST_SCAN_OFFSET = 0;
    /** Where {@code lostBefore} sits in a record. */
    public static final int LOST_BEFORE_OFFSET = 8;
    /** Where {@code timestampNs} sits in a record. */
    public static final int TIMESTAMP_OFFSET = 16;
    /** {@code lostBefore} (and {@code firstScan}) when the server cannot tell. */
    public static final long UNKNOWN = -1;
    /** The command that asks for the extension (text mode, case-insensitive). */
    public static final String EXTENSION_NAME = "POSITION";

    private PositionRecord() {
    }

    /** {@return a reusable record buffer: direct, {@link #LENGTH} bytes, little-endian} */
    public static ByteBuffer allocate() {
        return ByteBuffer.allocateDirect(LENGTH).order(MessageHeader.ORDER);
    }

    /**
     * Writes a record at {@code at} (absolute puts: the buffer's position is left alone).
     *
     * @param b           a little-endian buffer with {@link #LENGTH} bytes from {@code at}
     * @param at          where the record starts in {@code b}
     * @param firstScan   index of the first scan that follows, or {@link #UNKNOWN}
     * @param lostBefore  scans lost just before it, or {@link #UNKNOWN}
     * @param timestampNs the device's timestamp of that scan, 0 when unknown
     */
    public static void put(ByteBuffer b, int at, long firstScan, long lostBefore, long timestampNs) {
        b.putLong(at + FIRST_SCAN_OFFSET, firstScan);
        b.putLong(at + LOST_BEFORE_OFFSET, lostBefore);
        b.putLong(at + TIMESTAMP_OFFSET, timestampNs);
    }

    /**
     * Reads {@code firstScan} (an absolute get).
     *
     * @param b  a little-endian buffer holding a record
     * @param at where the record starts
     * @return the index of the first scan that follows, or {@link #UNKNOWN}
     */
    public static long firstScan(ByteBuffer b, int at) {
        return b.getLong(at + FIRST_SCAN_OFFSET);
    }

    /**
     * Reads {@code lostBefore} (an absolute get).
     *
     * @param b  a little-endian buffer holding a record
     * @param at where the record starts
     * @return the scans lost just before, or {@link #UNKNOWN}
     */
    public static long lostBefore(ByteBuffer b, int at) {
        return b.getLong(at + LOST_BEFORE_OFFSET);
    }

    /**
     * Reads {@code timestampNs} (an absolute get).
     *
     * @param b  a little-endian buffer holding a record
     * @param at where the record starts
     * @return the device's timestamp of the first scan, 0 when unknown
     */
    public static long timestampNs(ByteBuffer b, int at) {
        return b.getLong(at + TIMESTAMP_OFFSET);
    }

    /**
     * The text protocol's form of a record.
     *
     * @param firstScan   index of the first scan that follows, or {@link #UNKNOWN}
     * @param lostBefore  scans lost just before it, or {@link #UNKNOWN}
     * @param timestampNs the device's timestamp of that scan, 0 when unknown
     * @return {@code <firstScan> <lostBefore> <timestampNs>\n}
     */
    public static String line(long firstScan, long lostBefore, long timestampNs) {
        return firstScan + " " + lostBefore + " " + timestampNs + "\n";
    }

    /**
     * Parses the text form (without its line end).
     *
     * @param line the line, as {@link #line} makes it
     * @return {@code {firstScan, lostBefore, timestampNs}}
     * @throws IllegalArgumentException naming the line and what is wrong with it
     */
    public static long[] parseLine(String line) {
        String[] parts = line.strip().split(" ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("position line '" + line + "' has " + parts.length
                    + " fields, expected 3: firstScan lostBefore timestampNs");
        }
        long[] v = new long[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("position line '" + line + "': field " + (i + 1)
                        + " '" + parts[i] + "' is not a decimal integer");
            }
        }
        if (v[0] < UNKNOWN || v[1] < UNKNOWN) {
            throw new IllegalArgumentException("position line '" + line + "': firstScan and lostBefore must be"
                    + " at least -1 (unknown)");
        }
        return v;
    }
}
