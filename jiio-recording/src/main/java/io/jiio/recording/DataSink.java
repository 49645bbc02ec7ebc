package io.jiio.recording;

import java.lang.foreign.MemorySegment;

/**
 * Where a recording's samples go: writes of block memory at file offsets, several in flight, each
 * completing (in any order) with its tag. The block is handed back to the device only when its
 * write has completed, so the writer may read it without a copy.
 */
public interface DataSink extends AutoCloseable {
    /** How this sink writes (and, when it is not the best way, why): noted in the meta file and --stats. */
    String describe();

    /** Writes that may be in flight at once. */
    int depth();

    /** Alignment of memory address, length and file offset for writing without a copy (1: any). */
    int alignment();

    /**
     * The recording can no longer keep {@link #alignment()} (a short block moved the offset off a
     * page): from now on write at any alignment, and say why in {@link #describe()}.
     */
    default void dropAlignment(String why) {
    }

    /** Starts writing {@code seg} at {@code offset}; {@code seg} must stay untouched until {@code tag} completes. */
    void submit(MemorySegment seg, long offset, long tag);

    /**
     * Waits for a write to complete, at most {@code timeoutNanos}.
     *
     * @return its tag, or -1 when none completed in time
     * @throws io.jiio.IioException the write's errno (ENOSPC, EIO, …) naming the file
     */
    long await(long timeoutNanos);

    /** Writes in flight. */
    int inFlight();

    /** Waits for every write, sets the file's length to exactly {@code length} bytes and closes it. */
    void finish(long length);

    @Override
    void close();
}
