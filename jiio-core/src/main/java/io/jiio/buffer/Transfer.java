package io.jiio.buffer;

/**
 * Which kernel data path a backend should use under a {@link BlockQueue}, when it has a choice
 * (the {@code local:} backend: mainline DMABUF, the Analog Devices block ioctls, or read()/write()).
 * A hint in {@link QueueConfig}; backends with one path ({@code sim:}, {@code ip:}) ignore it.
 */
public enum Transfer {
    /** The backend picks the best path the kernel offers (libiio 1.x order: dmabuf, block, fileio). */
    AUTO,
    /** Forces the block API (mmap'ed kernel blocks); unavailable → an error naming why. */
    BLOCK,
    /** Forces DMABUFs from a DMA heap, attached and enqueued; unavailable → an error. */
    DMABUF,
    /** Forces read()/write() on the buffer's file descriptor. */
    FILEIO
}
