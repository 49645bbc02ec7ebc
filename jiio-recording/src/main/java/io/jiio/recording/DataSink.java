package io.jiio.recording;

import java.lang.foreign.MemorySegment;

/**
 * Where a recording's samples go: writes of block memory at file offsets, several in flight, each
 * completing (in any order) with its tag. The block is handed back to the device only when its
 * write has completed, so the writer may read it without a copy.
 */
public interface DataSink extends AutoCloseable {
    /**
     * {@return how this sink writes (and, when it is not the best way, why): noted in the meta file
     * and --stats}
     */
    String describe();

    /** {@return writes that may be in flight at once} */
    int depth();

    /**
     * {@return the alignment of memory address, length and file offset for writing without a copy
     * (1: any)}
     */
    int alignment();

    /**
     * The recording can no longer keep {@link #alignment()} (a short block moved the offset off a
     * page): from now on write at any alignment, and say why in {@link #describe()}. Only called
     * with no write in flight. A sink without alignment needs nothing done.
     *
     * @param why what moved the offset, for {@link #describe()}
     */
    default void dropAlignment(String why) {
    }

    /**
     * Starts writing {@code seg} at {@code offset}. The caller keeps owning {@code seg}, but must
     * leave it untouched (and must not hand its block back to the device) until {@link #await}
     * returns {@code tag}.
     *
     * @param seg    the bytes to write, at the sink's {@link #alignment()} unless it was dropped
     * @param offset where in the file, in bytes
     * @param tag    what {@link #await} returns when this write completes (the recorder passes the
     *               block's id); not negative
     */
    void submit(MemorySegment seg, long offset, long tag);

    /**
     * Waits for a write to complete, at most {@code timeoutNanos}.
     *
     * @param timeoutNanos how long to wait; 0 only collects a write that has already completed
     * @return its tag, or -1 when none completed in time
     * @throws io.jiio.IioException the write's errno (ENOSPC, EIO, …) naming the file
     */
    long await(long timeoutNanos);

    /** {@return writes submitted and not yet returned by {@link #await}} */
    int inFlight();

    /**
     * Waits for every write, sets the file's length to exactly {@code length} bytes and closes it:
     * padding written for alignment is cut off again.
     *
     * @param length the data's length in bytes
     */
    void finish(long length);

    @Override
    void close();
}
