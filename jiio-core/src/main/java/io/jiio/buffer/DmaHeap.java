package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@link DmaBuf}s come from, as {@code /dev/dma_heap/<heap>} in Linux: {@link #system()}
 * gives private anonymous memory, {@link #shared()} memory backed by a memfd that another process
 * can map. Each buffer is page-aligned and has its own lifetime.
 */
public final class DmaHeap {
    /** The largest buffer a heap hands out. */
    public static final long MAX_SIZE = 1L << 32;

    private static final DmaHeap SYSTEM = new DmaHeap("system", false);
    private static final DmaHeap SHARED = new DmaHeap("memfd", true);
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String name;
    private final boolean shared;

    private DmaHeap(String name, boolean shared) {
        this.name = name;
        this.shared = shared;
    }

    /** {@return the heap of private anonymous memory, like Linux's {@code system} heap} */
    public static DmaHeap system() {
        return SYSTEM;
    }

    /**
     * {@return the heap of memfd-backed buffers: {@link DmaBuf#fd()} can be passed to (or opened
     * by) another process}
     */
    public static DmaHeap shared() {
        return SHARED;
    }

    /** {@return the heap's name: {@code system} or {@code memfd}} */
    public String name() {
        return name;
    }

    /**
     * Allocates a buffer of its own. Any number of threads may allocate at once.
     *
     * @param size bytes, 1 to {@link #MAX_SIZE}; the mapping is rounded up to whole pages
     * @return the buffer, which the caller closes (attach it to a queue to stream through it)
     * @throws IioException EINVAL for a size out of range, the errno of a failed mmap or
     *                      memfd_create (ENOMEM …), ENOSYS for {@link #shared()} where there is no memfd
     */
    public DmaBuf allocate(long size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IioException(Errno.EINVAL, "dma heap " + name + ": size " + size + " is out of range 1.." + MAX_SIZE);
        }
        int id = IDS.incrementAndGet();
        BlockMapping mapping = shared
                ? BlockMapping.sharedMemory("jiio-dmabuf-" + id, size)
                : BlockMapping.reserve(size);
        mapping.carveWhole(size);
        return new DmaBuf(this, id, mapping, size);
    }

    @Override
    public String toString() {
        return "dma heap " + name;
    }
}
