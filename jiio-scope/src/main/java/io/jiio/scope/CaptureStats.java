package io.jiio.scope;

import io.jiio.buffer.QueueStats;

/**
 * What one capture run has seen: scans, blocks and — above all — losses, from the stream's own
 * accounting: each block's {@code lostBefore()} (scans the device dropped right before it), and
 * the queue's {@link QueueStats} totals, which also count gaps before blocks not taken yet.
 *
 * <p>Written by the capture thread only (plain volatile stores, no read-modify-write from two
 * sides), read by the status ticker, which turns two readings into rates ({@link Snapshot#since}).
 * Why volatile longs and not a lock: the capture thread must never wait for a reader.
 */
final class CaptureStats {
    private final long startNanos = System.nanoTime();
    private volatile long scans;
    private volatile long blocks;
    private volatile long lostScans;
    private volatile long gaps;
    private volatile boolean lossKnown = true;
    private volatile long lastGapScan = -1;
    private volatile long lastGapLost;
    private volatile long lastGapNanos;
    private volatile QueueStats queue;

    /** A block of {@code n} scans arrived. Capture thread only. */
    void block(long n) {
        scans += n;
        blocks++;
    }

    /** {@code lost} scans were lost right before the block whose first scan is {@code firstScan}. Capture thread only. */
    void gap(long lost, long firstScan) {
        lostScans += lost;
        gaps++;
        lastGapScan = firstScan;
        lastGapLost = lost;
        lastGapNanos = System.nanoTime();
    }

    /** The device cannot tell what it lost (a block said {@code UNKNOWN}). Capture thread only. */
    void lossUnknown() {
        lossKnown = false;
    }

    /** The queue's own totals, as last read. Capture thread only. */
    void queue(QueueStats s) {
        queue = s;
        if (!s.lossKnown()) {
            lossKnown = false;
        }
    }

    Snapshot snapshot() {
        QueueStats q = queue;
        long now = System.nanoTime();
        return new Snapshot(now, now - startNanos, scans, blocks, lostScans, gaps, lossKnown, lastGapScan, lastGapLost,
                lastGapNanos == 0 ? -1 : now - lastGapNanos,
                q == null ? 0 : q.overrunScans() + q.pendingLostScans(), q == null ? 0 : q.overruns());
    }

    /**
     * One reading.
     *
     * @param nanos            when it was taken ({@link System#nanoTime()})
     * @param runningNanos     how long the run has been going
     * @param lostScans        scans lost, from the blocks' {@code lostBefore}
     * @param gaps             blocks with a gap before them
     * @param lastGapScan      first scan after the latest gap (-1: none)
     * @param lastGapAgoNanos  how long ago the latest gap was seen (-1: none)
     * @param queueLostScans   the queue's overrun scans, placed and pending
     * @param queueOverruns    the queue's overrun episodes
     */
    record Snapshot(long nanos, long runningNanos, long scans, long blocks, long lostScans, long gaps, boolean lossKnown,
                    long lastGapScan, long lastGapLost, long lastGapAgoNanos, long queueLostScans, long queueOverruns) {

        /** Scans per second between {@code earlier} and this reading (0 without one). */
        double scansPerSecond(Snapshot earlier) {
            return per(earlier, scans - (earlier == null ? 0 : earlier.scans));
        }

        double blocksPerSecond(Snapshot earlier) {
            return per(earlier, blocks - (earlier == null ? 0 : earlier.blocks));
        }

        private double per(Snapshot earlier, long delta) {
            if (earlier == null) {
                return runningNanos > 0 ? delta * 1e9 / runningNanos : 0;
            }
            long dt = nanos - earlier.nanos;
            return dt > 0 ? delta * 1e9 / dt : 0;
        }
    }
}
