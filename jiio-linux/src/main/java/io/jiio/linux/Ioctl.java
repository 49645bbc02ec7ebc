package io.jiio.linux;

/**
 * Every ioctl request number jiio sends, computed in this one place from the kernel's
 * {@code _IOC} encoding (asm-generic/ioctl.h):
 * <pre>
 *  31  30 29           16 15        8 7          0
 * +------+---------------+-----------+------------+
 * | dir  |     size      |   type    |    nr      |
 * +------+---------------+-----------+------------+
 *  dir: 0 none, 1 write (user → kernel), 2 read (kernel → user), 3 both
 * </pre>
 * The names are the uapi headers'; {@code IoctlTest} checks the values against
 * {@code reference/iio-buffer-abi.md}.
 */
public final class Ioctl {
    static final int NONE = 0;
    static final int WRITE = 1;
    static final int READ = 2;

    /** {@code _IOC(dir, type, nr, size)}, as an unsigned 32-bit value in a long. */
    static long ioc(int dir, char type, int nr, long size) {
        if (dir < 0 || dir > 3 || nr < 0 || nr > 0xff || type > 0xff || size < 0 || size > 0x3fff) {
            throw new IllegalArgumentException("_IOC(" + dir + ", '" + type + "', " + nr + ", " + size
                    + ") is out of the encoding's range");
        }
        return ((long) dir << 30) | (size << 16) | ((long) type << 8) | nr;
    }

    static long io(char type, int nr) {
        return ioc(NONE, type, nr, 0);
    }

    static long iow(char type, int nr, long size) {
        return ioc(WRITE, type, nr, size);
    }

    static long iowr(char type, int nr, long size) {
        return ioc(READ | WRITE, type, nr, size);
    }

    private static final long INT = 4;

    // --- mainline: linux/iio/buffer.h
    /** Buffer index in, buffer fd out; on {@code /dev/iio:deviceX}. */
    public static final long IIO_BUFFER_GET_FD = iowr('i', 0x91, INT);
    /** A DMABUF fd in: attaches it to the buffer, which it must be before it is enqueued. */
    public static final long IIO_BUFFER_DMABUF_ATTACH = iow('i', 0x92, INT);
    /** A DMABUF fd in: detaches it from the buffer. */
    public static final long IIO_BUFFER_DMABUF_DETACH = iow('i', 0x93, INT);
    /** A {@code struct iio_dmabuf} in: queues an attached DMABUF for one transfer. */
    public static final long IIO_BUFFER_DMABUF_ENQUEUE = iow('i', 0x94, DmabufDescriptor.IIO_DMABUF_SIZE);

    // --- linux/dma-heap.h, linux/dma-buf.h
    /** On {@code /dev/dma_heap/NAME}: allocates a DMABUF ({@code struct dma_heap_allocation_data}). */
    public static final long DMA_HEAP_IOCTL_ALLOC = iowr('H', 0x0, DmabufDescriptor.HEAP_ALLOC_SIZE);
    /** On a DMABUF: brackets the CPU's access ({@code struct dma_buf_sync}, START then END). */
    public static final long DMA_BUF_IOCTL_SYNC = iow('b', 0, DmabufDescriptor.SYNC_SIZE);

    // --- the block API as the Analog Devices kernels carry it (and libiio's local backend sends it)
    /** Allocates blocks ({@code struct iio_buffer_block_alloc_req}); the count granted may be lower. */
    public static final long BLOCK_ALLOC = iowr('i', 0xa0, BlockDescriptor.ALLOC_REQ_SIZE);
    /**
     * Frees every block of the buffer; also libiio's probe for the block API, as it never fails
     * where that exists.
     */
    public static final long BLOCK_FREE = io('i', 0xa1);
    /** Fills a {@code struct iio_buffer_block} for its id: size, bytes used, mmap offset. */
    public static final long BLOCK_QUERY = iowr('i', 0xa2, BlockDescriptor.BLOCK_SIZE);
    /** Hands a block to the device (for an output, with {@code bytes_used} set). */
    public static final long BLOCK_ENQUEUE = iowr('i', 0xa3, BlockDescriptor.BLOCK_SIZE);
    /** Takes the next completed block back; EAGAIN on a non-blocking fd with none done (jiio polls first). */
    public static final long BLOCK_DEQUEUE = iowr('i', 0xa4, BlockDescriptor.BLOCK_SIZE);

    // --- the block API in the form of the seed patch (never merged; kept for the record and the test)
    /** The seed patch's {@link #BLOCK_ALLOC}. */
    public static final long SEED_BLOCK_ALLOC = iowr('i', 0x92, BlockDescriptor.ALLOC_REQ_SIZE);
    /** The seed patch's {@link #BLOCK_FREE}. */
    public static final long SEED_BLOCK_FREE = io('i', 0x93);
    /** The seed patch's {@link #BLOCK_QUERY} (the same number as its FREE: only the direction differs). */
    public static final long SEED_BLOCK_QUERY = iowr('i', 0x93, BlockDescriptor.BLOCK_SIZE);
    /** The seed patch's {@link #BLOCK_ENQUEUE}. */
    public static final long SEED_BLOCK_ENQUEUE = iowr('i', 0x94, BlockDescriptor.BLOCK_SIZE);
    /** The seed patch's {@link #BLOCK_DEQUEUE}. */
    public static final long SEED_BLOCK_DEQUEUE = iowr('i', 0x95, BlockDescriptor.BLOCK_SIZE);

    /**
     * A request's name for messages.
     *
     * @param request an ioctl request number
     * @return its name ({@code IIO_BUFFER_DMABUF_ENQUEUE}), or its hex value for one jiio does not send
     */
    public static String name(long request) {
        if (request == IIO_BUFFER_GET_FD) return "IIO_BUFFER_GET_FD";
        if (request == IIO_BUFFER_DMABUF_ATTACH) return "IIO_BUFFER_DMABUF_ATTACH";
        if (request == IIO_BUFFER_DMABUF_DETACH) return "IIO_BUFFER_DMABUF_DETACH";
        if (request == IIO_BUFFER_DMABUF_ENQUEUE) return "IIO_BUFFER_DMABUF_ENQUEUE";
        if (request == DMA_HEAP_IOCTL_ALLOC) return "DMA_HEAP_IOCTL_ALLOC";
        if (request == DMA_BUF_IOCTL_SYNC) return "DMA_BUF_IOCTL_SYNC";
        if (request == BLOCK_ALLOC) return "BLOCK_ALLOC";
        if (request == BLOCK_FREE) return "BLOCK_FREE";
        if (request == BLOCK_QUERY) return "BLOCK_QUERY";
        if (request == BLOCK_ENQUEUE) return "BLOCK_ENQUEUE";
        if (request == BLOCK_DEQUEUE) return "BLOCK_DEQUEUE";
        return String.format("ioctl 0x%08X", request);
    }

    private Ioctl() {
    }
}
