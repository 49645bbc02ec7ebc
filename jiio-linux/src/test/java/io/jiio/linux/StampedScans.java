package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * A converter whose scans say who they are, for {@link FakeKernel} and FIFO tests: the first four
 * bytes of a scan hold its index since the device started (u32, little-endian), and the timestamp
 * element, if any, the time it was taken: {@code t0 + index × period}, off by a random jitter of at
 * most {@link #jitterNs}. It loses the scans its schedule says, so a reader can check every
 * reported gap against the indices it received.
 */
final class StampedScans implements FakeKernel.Converter {
    static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final long T0 = 1_700_000_000_000_000_000L;

    final int scanBytes;
    final int stampOffset;
    final double periodNs;
    final long jitterNs;
    final boolean stampBlocks;
    final Random random;
    /** DMA transfers: scans lost before transfer j (counted from 0). */
    final Map<Integer, Long> gapBeforeTransfer = new HashMap<>();
    long next;
    int transfers;
    long lostTotal;

    /**
     * @param stampOffset where the s64 timestamp sits in a scan, -1 for none
     * @param stampBlocks whether the kernel stamps each block with its first scan's time
     */
    StampedScans(int scanBytes, int stampOffset, double periodNs, long jitterNs, boolean stampBlocks, long seed) {
        this.scanBytes = scanBytes;
        this.stampOffset = stampOffset;
        this.periodNs = periodNs;
        this.jitterNs = jitterNs;
        this.stampBlocks = stampBlocks;
        this.random = new Random(seed);
    }

    @Override
    public synchronized long fill(MemorySegment memory, long bytes) {
        skip(gapBeforeTransfer.getOrDefault(transfers++, 0L));
        long first = next;
        for (long off = 0; off + scanBytes <= bytes; off += scanBytes) {
            write(memory, off);
        }
        return stampBlocks ? stamp(first) : 0;
    }

    /** The device takes {@code scans} scans that nobody gets. */
    synchronized void skip(long scans) {
        next += scans;
        lostTotal += scans;
    }

    /** Writes the next scan at {@code off}. */
    synchronized void write(MemorySegment m, long off) {
        m.set(LE32, off, (int) next);
        if (stampOffset >= 0) {
            m.set(LE64, off + stampOffset, stamp(next));
        }
        next++;
    }

    private long stamp(long index) {
        long jitter = jitterNs == 0 ? 0 : random.nextLong(-jitterNs, jitterNs + 1);
        return T0 + Math.round(index * periodNs) + jitter;
    }

    static long index(MemorySegment m, long off) {
        return Integer.toUnsignedLong(m.get(LE32, off));
    }

    /**
     * One reader's view of a session, block by block: each block's position and loss are checked
     * against the indices it holds, and the totals kept for the queue's stats.
     */
    static final class Reader {
        final int scanBytes;
        long firstIndex = -1;
        long nextIndex;
        long blocks;
        long scans;
        long lost;
        long episodes;

        Reader(int scanBytes) {
            this.scanBytes = scanBytes;
        }

        void block(MemorySegment m, long bytes, long firstScan, long lostBefore) {
            long n = bytes / scanBytes;
            long v0 = index(m, 0);
            String where = "block " + blocks + " (first index " + v0 + ", " + n + " scans)";
            if (firstIndex < 0) {
                firstIndex = v0;
                assertEquals(0, lostBefore, where + ": nothing before the first block can be measured");
            } else {
                assertEquals(v0 - nextIndex, lostBefore, where + ": lostBefore is the jump in the index");
            }
            assertEquals(v0 - firstIndex, firstScan, where + ": firstScan counts every scan since the first");
            for (long i = 1; i < n; i++) {
                assertEquals(v0 + i, index(m, i * scanBytes), where + ": contiguous inside, scan " + i);
            }
            nextIndex = v0 + n;
            blocks++;
            scans += n;
            lost += lostBefore;
            episodes += lostBefore > 0 ? 1 : 0;
        }
    }
}
