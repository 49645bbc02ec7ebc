package io.jiio.linux;

/**
 * The structs of the DMABUF path (Linux 6.11 iio/buffer.h, dma-heap.h, dma-buf.h), native byte
 * order. Accessors are {@link BlockDescriptor}'s {@code u32}/{@code u64}.
 * <pre>
 * struct iio_dmabuf          struct dma_heap_allocation_data     struct dma_buf_sync
 *  0 +-------------+          0 +----------------+                 0 +-----------+
 *    | u32 fd      |            | u64 len        |                   | u64 flags |
 *  4 +-------------+          8 +----------------+                 8 +-----------+
 *    | u32 flags   | CYCLIC=1   | u32 fd         | out
 *  8 +-------------+         12 +----------------+
 *    | u64 bytes_used           | u32 fd_flags   | O_RDWR|O_CLOEXEC
 * 16 +-------------+         16 +----------------+
 *                               | u64 heap_flags |
 *                            24 +----------------+
 * </pre>
 */
public final class DmabufDescriptor {
    /** {@code sizeof(struct iio_dmabuf)}: the IIO_BUFFER_DMABUF_ENQUEUE argument. */
    public static final long IIO_DMABUF_SIZE = 16;
    /** {@code iio_dmabuf.fd}: the attached DMABUF to enqueue. */
    public static final long FD_OFFSET = 0;
    /** {@code iio_dmabuf.flags}: {@link #FLAG_CYCLIC}. */
    public static final long FLAGS_OFFSET = 4;
    /** {@code iio_dmabuf.bytes_used}: bytes to transfer (an output's samples; an input's capacity). */
    public static final long BYTES_USED_OFFSET = 8;
    /** {@code IIO_BUFFER_DMABUF_CYCLIC}: an output the device repeats over and over (cyclic mode). */
    public static final int FLAG_CYCLIC = 1;

    /** {@code sizeof(struct dma_heap_allocation_data)}: the DMA_HEAP_IOCTL_ALLOC argument. */
    public static final long HEAP_ALLOC_SIZE = 24;
    /** {@code len}: bytes to allocate. */
    public static final long HEAP_LEN_OFFSET = 0;
    /** {@code fd}: out, the new DMABUF's file descriptor. */
    public static final long HEAP_FD_OFFSET = 8;
    /** {@code fd_flags}: the new fd's flags, {@code O_RDWR|O_CLOEXEC}. */
    public static final long HEAP_FD_FLAGS_OFFSET = 12;
    /** {@code heap_flags}: 0. */
    public static final long HEAP_FLAGS_OFFSET = 16;

    /** {@code sizeof(struct dma_buf_sync)}: the DMA_BUF_IOCTL_SYNC argument. */
    public static final long SYNC_SIZE = 8;
    /** {@code dma_buf_sync.flags}: a direction ({@link #SYNC_READ}, {@link #SYNC_WRITE},
     *  {@link #SYNC_RW}) with {@link #SYNC_START} or {@link #SYNC_END}. */
    public static final long SYNC_FLAGS_OFFSET = 0;
    /** {@code DMA_BUF_SYNC_READ}: the CPU reads the buffer (an input's samples). */
    public static final int SYNC_READ = 1;
    /** {@code DMA_BUF_SYNC_WRITE}: the CPU writes the buffer (an output's samples). */
    public static final int SYNC_WRITE = 2;
    /** {@code DMA_BUF_SYNC_RW}: both. */
    public static final int SYNC_RW = 3;
    /** {@code DMA_BUF_SYNC_START}: the CPU begins to access the buffer (caches made coherent for it). */
    public static final int SYNC_START = 0;
    /** {@code DMA_BUF_SYNC_END}: the CPU is done; the device may have the buffer again. */
    public static final int SYNC_END = 4;

    private DmabufDescriptor() {
    }
}
