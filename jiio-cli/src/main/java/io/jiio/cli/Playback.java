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

    /**
     * Where the room's previous transfer started playing (the index since enable of its first
     * scan); {@link io.jiio.buffer.Block#UNKNOWN} for a mode that does not see its blocks come
     * back (fileio) or a device that cannot tell.
     */
    long playedFirstScan();

    /**
     * Scan periods of silence the device played just before the room's previous transfer (an
     * underrun); {@link io.jiio.buffer.Block#UNKNOWN} as for {@link #playedFirstScan()}.
     */
    long playedLostBefore();

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
