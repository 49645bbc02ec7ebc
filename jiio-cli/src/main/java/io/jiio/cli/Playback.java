package io.jiio.cli;

import java.lang.foreign.MemorySegment;

/**
 * Where {@code jiio write} puts its scans: one implementation per {@code --mode}
 * ({@link StreamPlayback} for blocks and DMA buffers, {@link FileIoPlayback} for write()). The
 * write loop — reading stdin, the whole-scan check, -T, stop — is the same for every mode.
 */
interface Playback extends AutoCloseable {
    /**
     * Waits up to {@code nanos} (0: just look) for room to fill: a fresh or drained block.
     *
     * @return false when none came in time (call again to keep waiting)
     */
    boolean poll(long nanos);

    /** The memory to fill from stdin: a whole number of scans; valid until {@link #submit}. */
    MemorySegment room();

    /** Told of each transfer once the device has played it, in play order. */
    @FunctionalInterface
    interface Played {
        /**
         * @param id         the block or DMA buffer (-1 for fileio)
         * @param bytes      what was submitted (whole scans)
         * @param firstScan  the index since enable of its first scan
         * @param lostBefore scan periods of silence the device played just before it (an underrun)
         */
        void played(int id, long bytes, long firstScan, long lostBefore);
    }

    /**
     * Who is told of played transfers: for block and dmabuf, each one when its slot comes back,
     * the last ones after {@link #drain}; for fileio, which gives its blocks back to the device
     * itself, each buffer when it is submitted, with {@link io.jiio.buffer.Block#UNKNOWN} places.
     */
    void onPlayed(Played listener);

    /** Sends the first {@code bytes} of the room (whole scans, at least one) to the device. */
    void submit(long bytes);

    /**
     * Waits up to {@code nanos} until everything submitted has been played.
     *
     * @return false when the device is not done yet (call again to keep waiting)
     */
    boolean drain(long nanos);

    /** Stops the device (what was not played yet is dropped) and frees everything. */
    @Override
    void close();
}
