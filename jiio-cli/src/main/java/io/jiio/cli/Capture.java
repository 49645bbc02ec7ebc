package io.jiio.cli;

import java.lang.foreign.MemorySegment;

/**
 * Where {@code jiio read} gets its scans: one implementation per {@code --mode}
 * ({@link StreamCapture} for blocks and DMA buffers, {@link FileIoCapture} for read()). The read
 * loop itself — exact scan counts, stdout, progress, statistics — is the same for every mode, so
 * every mode writes the same bytes.
 *
 * <p>A capture is started by its constructor (blocks allocated, queued, the queue enabled on the
 * first poll) and handed back to the device by {@link #close()}.
 */
interface Capture extends AutoCloseable {
    /**
     * Waits up to {@code nanos} (0: just look) for the next block of scans, giving the previous
     * one back to the device first.
     *
     * @param maxScans scans still wanted: a mode that copies can stop there, one that hands out
     *                 the device's own blocks ignores it (the caller cuts the block)
     * @return false when nothing came in time (call again to keep waiting)
     */
    boolean poll(long nanos, long maxScans);

    /** The block's scans: exactly its valid bytes, whole scans; valid until the next poll. */
    MemorySegment data();

    /** The block's timestamp in ns ({@link System#nanoTime()} base; see each mode for its meaning). */
    long timestampNs();

    /** The block's or DMA buffer's id, or -1 when the mode has none (fileio). */
    int id();

    /**
     * The index since enable of the block's first scan ({@link io.jiio.buffer.Block#firstScan()});
     * {@link io.jiio.buffer.Block#UNKNOWN} when the device cannot tell.
     */
    long firstScan();

    /**
     * Scans lost immediately before the block (0: it follows the previous one without a gap);
     * {@link io.jiio.buffer.Block#UNKNOWN} when the device cannot tell. A block never has a gap
     * inside it, so these two place every lost scan.
     */
    long lostBefore();

    /** Gives everything back to the device (the queue is disabled; blocks freed, buffers closed). */
    @Override
    void close();
}
