package io.jiio.linux;

import io.jiio.buffer.BlockMemory;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A data path whose kernel buffers can be the queue's blocks themselves ({@link BlockMemory}):
 * the application reads and writes the memory the device DMAs, and a block goes to the device
 * by an ioctl, not a copy. The block and DMABUF paths offer it; read()/write() cannot.
 *
 * <pre>
 *  queue                       kernel buffer i
 *  allocate ─────────────────→ BLOCK_ALLOC+QUERY+mmap | heap alloc+mmap+ATTACH   (allocate)
 *  submit (enqueue/enable) ──→ BLOCK_ENQUEUE          | SYNC_END + DMABUF_ENQUEUE (enqueue)
 *  blockDone ←──────────────── BLOCK_DEQUEUE          | POLLOUT + SYNC_START      (awaitCompletion)
 *  free ─────────────────────→ munmap, BLOCK_FREE     | munmap, DETACH, close     (free)
 * </pre>
 * {@link #enqueue} runs on the thread that submits (under the queue's lock) and must not block;
 * {@link #awaitCompletion} on the engine's thread. Implementations synchronise the two.
 */
interface ZeroCopy {
    List<BlockMemory.Region> allocateBlocks(int count, long size);

    /** Whether kernel buffers are allocated as blocks now. */
    boolean hasBlocks();

    /** The kernel buffer whose mapping is {@code memory}, or -1 (memory of another kind). */
    int indexOf(MemorySegment memory);

    void enqueue(int index, long bytesUsed, boolean cyclic);

    /** Waits for the oldest transfer; its buffer index, or -1 when cancelled. Sets {@link #completedBytes}. */
    int awaitCompletion(Waiter waiter, BooleanSupplier stopping);

    long completedBytes();

    /**
     * The kernel's timestamp of that transfer ({@code iio_buffer_block.timestamp}), 0 when it gave
     * none: the DMABUF ABI has no per-transfer timestamp.
     */
    long completedStamp();

    /** Whether the kernel has ever set a transfer's timestamp on this buffer (the ABI has no flag for it). */
    boolean kernelStamps();

    /** After the buffer was disabled: transfers in flight are over; make their memory the CPU's again. */
    void aborted();

    void freeBlocks();
}
