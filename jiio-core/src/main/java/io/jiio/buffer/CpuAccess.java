package io.jiio.buffer;

/** What the CPU will do inside a {@link DmaBuf#beginCpuAccess} bracket: {@code DMA_BUF_SYNC_*}. */
public enum CpuAccess {
    /** The CPU reads the buffer: an input's samples after its fence signalled. */
    READ(1),
    /** The CPU writes the buffer: an output's samples before it is enqueued. */
    WRITE(2),
    /** Both. */
    RW(3);

    private final int syncFlags;

    CpuAccess(int syncFlags) {
        this.syncFlags = syncFlags;
    }

    /** {@return the {@code DMA_BUF_SYNC_READ/WRITE/RW} bits (combine with START 0 or END 4)} */
    public int syncFlags() {
        return syncFlags;
    }
}
