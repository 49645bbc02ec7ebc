package io.jiio.scope;

import java.lang.invoke.VarHandle;

/**
 * The latest scans of the captured channels, as physical values, shared by exactly one writer
 * (the capture thread) and any number of readers (the frame builder), without a lock.
 *
 * <p>Why no lock: the capture must never wait for anything the browsers cause, and a frame builder
 * copying a window while holding a lock would make the writer wait for it. Instead the writer
 * publishes how many scans it has written ({@link #written()}, a volatile counter) after writing
 * them, and a reader checks after its copy whether the writer could have been overwriting any of
 * the slots it copied — the one write in progress can reach at most {@code maxWrite} scans past
 * the published count. A copy that raced is refused ({@link #read} returns false); the reader asks
 * again for newer data on the next tick. Readers only ever lose a frame, the writer never a scan.
 *
 * <p>Scan indexes here are the ring's own: 0 is the first scan written since this ring was made
 * (one ring per capture run), gaps included as nothing — a gap is a mark ({@link #gap}) between two
 * consecutive indexes, not missing indexes.
 */
final class SampleRing {
    /** Gap marks remembered; older ones are forgotten (they are long out of any window by then). */
    static final int GAP_MARKS = 64;

    private final float[][] data;
    private final int capacity;
    private final int mask;
    private final int maxWrite;
    private volatile long written;

    private final long[] gapAt = new long[GAP_MARKS];
    private final long[] gapLost = new long[GAP_MARKS];
    private long gapCount;

    /**
     * @param channels how many channels each scan has
     * @param capacity scans kept per channel, a power of two
     * @param maxWrite the most scans one {@link #write} may carry
     */
    SampleRing(int channels, int capacity, int maxWrite) {
        if (Integer.bitCount(capacity) != 1 || maxWrite < 1 || maxWrite > capacity / 2) {
            throw new IllegalArgumentException("ring of " + capacity + " scans, writes of up to " + maxWrite);
        }
        this.data = new float[channels][capacity];
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxWrite = maxWrite;
    }

    int channels() {
        return data.length;
    }

    int capacity() {
        return capacity;
    }

    /** The longest run of scans a reader can always get: what no write in progress can reach. */
    int readable() {
        return capacity - maxWrite;
    }

    int maxWrite() {
        return maxWrite;
    }

    /** Scans written since the ring was made. */
    long written() {
        return written;
    }

    /** Appends {@code n} scans: {@code values[channel][0..n)}. Writer thread only. */
    void write(double[][] values, int n) {
        if (n > maxWrite) {
            throw new IllegalArgumentException(n + " scans in one write, at most " + maxWrite);
        }
        long w = written;
        int at = (int) (w & mask);
        int first = Math.min(n, capacity - at);
        for (int c = 0; c < data.length; c++) {
            float[] ring = data[c];
            double[] v = values[c];
            for (int i = 0; i < first; i++) {
                ring[at + i] = (float) v[i];
            }
            for (int i = first; i < n; i++) {
                ring[i - first] = (float) v[i];
            }
        }
        written = w + n; // publishes the samples (volatile store)
    }

    /** Marks a gap of {@code lost} scans before the next scan to be written. Writer thread only. */
    void gap(long lost) {
        synchronized (gapAt) { // readers hold it only to copy a few longs: the writer barely waits, once per gap
            int i = (int) (gapCount++ % GAP_MARKS);
            gapAt[i] = written;
            gapLost[i] = lost;
        }
    }

    /**
     * Ring indexes (the index of the first scan after each gap) of the gaps remembered within
     * {@code [from, to]}, oldest first; the lost scans of each in {@code lostOut} if not null.
     */
    long[] gaps(long from, long to, long[][] lostOut) {
        synchronized (gapAt) {
            long n = Math.min(gapCount, GAP_MARKS);
            long[] at = new long[(int) n];
            long[] lost = new long[(int) n];
            int k = 0;
            for (long g = gapCount - n; g < gapCount; g++) {
                int i = (int) (g % GAP_MARKS);
                if (gapAt[i] >= from && gapAt[i] <= to) {
                    at[k] = gapAt[i];
                    lost[k++] = gapLost[i];
                }
            }
            if (lostOut != null) {
                lostOut[0] = java.util.Arrays.copyOf(lost, k);
            }
            return java.util.Arrays.copyOf(at, k);
        }
    }

    /**
     * Copies scans {@code [from, from + n)} of every channel into {@code out[channel][0..n)}.
     *
     * @return false when those scans are not (or no longer, or not yet) all in the ring, or the
     *         writer may have overwritten some of them during the copy: read newer ones
     */
    boolean read(long from, int n, float[][] out) {
        long w = written;
        if (from < 0 || n < 0 || from + n > w || from < w + maxWrite - capacity) {
            return false;
        }
        int at = (int) (from & mask);
        int first = Math.min(n, capacity - at);
        for (int c = 0; c < data.length; c++) {
            System.arraycopy(data[c], at, out[c], 0, first);
            System.arraycopy(data[c], 0, out[c], first, n - first);
        }
        VarHandle.acquireFence(); // the copy's loads happen before the second look at the writer
        return from >= written + maxWrite - capacity;
    }
}
