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
    public static final long IIO_DMABUF_SIZE = 16;
    public static final long FD_OFFSET = 0;
    public static final long FLAGS_OFFSET = 4;
    public static final long BYTES_USED_OFFSET = 8;
    public static final int FLAG_CYCLIC = 1;

    public static final long HEAP_ALLOC_SIZE = 24;
    public static final long HEAP_LEN_OFFSET = 0;
    public static final long HEAP_FD_OFFSET = 8;
    public static final long HEAP_FD_FLAGS_OFFSET = 12;
    public static final long HEAP_FLAGS_OFFSET = 16;

    public static final long SYNC_SIZE = 8;
    public static final long SYNC_FLAGS_OFFSET = 0;
    public static final int SYNC_READ = 1;
    public static final int SYNC_WRITE = 2;
    public static final int SYNC_RW = 3;
    public static final int SYNC_START = 0;
    public static final int SYNC_END = 4;

    private DmabufDescriptor() {
    }
}
