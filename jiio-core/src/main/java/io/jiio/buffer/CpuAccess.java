package io.jiio.buffer;

/** What the CPU will do inside a {@link DmaBuf#beginCpuAccess} bracket: {@code DMA_BUF_SYNC_*}. */
public enum CpuAccess {
    READ(1),
    WRITE(2),
    RW(3);

    private final int syncFlags;

    CpuAccess(int syncFlags) {
        this.syncFlags = syncFlags;
    }

    /** The {@code DMA_BUF_SYNC_READ/WRITE/RW} bits (combine with START 0 or END 4). */
    public int syncFlags() {
        return syncFlags;
    }
}
