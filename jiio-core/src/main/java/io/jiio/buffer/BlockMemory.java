package io.jiio.buffer;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Memory for a queue's blocks that its engine provides instead of the queue's own mapping — the
 * kernel's blocks or DMABUFs mapped into the process, so that the application reads and writes
 * the very memory the device DMAs (zero-copy on {@code local:}). An engine offers it through
 * {@link DmaEngine#blockMemory()}; the queue still owns every block state transition.
 *
 * <p>One allocation per generation: with engine memory, {@link BlockQueue#allocate} may be called
 * again only after {@link BlockQueue#free()}, because the kernel allocates its blocks in one go.
 */
public interface BlockMemory {
    /**
     * One block's memory: exactly the block's size, mapped until {@code unmap} runs.
     *
     * @param memory the mapped memory
     * @param unmap  releases it; run once, when neither the application nor the device holds it
     */
    record Region(MemorySegment memory, Runnable unmap) {
    }

    /**
     * Allocates up to {@code count} blocks of {@code size} bytes (the kernel may grant fewer, at
     * least one). Called under the queue's locks, from {@code allocate}.
     *
     * @param count blocks wanted
     * @param size  bytes per block
     * @return the blocks granted, in id order; an empty list or more than {@code count} is an error
     *         the queue reports as ENOMEM
     */
    List<Region> allocate(int count, long size);

    /**
     * The queue freed the generation's blocks. Regions whose blocks the device still holds are
     * unmapped later, through their own {@link Region#unmap}, when the device lets go.
     */
    void free();
}
