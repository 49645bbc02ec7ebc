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

    public static DmaHeap system() {
        return SYSTEM;
    }

    /** Buffers backed by a memfd: {@link DmaBuf#fd()} can be passed to (or opened by) another process. */
    public static DmaHeap shared() {
        return SHARED;
    }

    public String name() {
        return name;
    }

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
