package io.jiio.buffer;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The read()/write() path's claim on one {@link BlockQueue}. As in the kernel, a buffer is used
 * either through read()/write() (its fileio blocks) or through the block and DMABUF API, never
 * both: {@link FileIo} holds the claim while it is open and reaches the queue through it, and
 * every other caller of the queue is checked against it.
 *
 * <h2>Transitions</h2>
 * <pre>
 *  from \ op   begin(owner)                        end(owner)                block / DMABUF API
 *  ---------   ----------------------------------  ------------------------  ------------------
 *  FREE        CLAIMED; EBUSY while blocks are     no-op                     allowed
 *              allocated or DMA buffers attached
 *  CLAIMED     EBUSY                               FREE (its owner; anyone   EBUSY
 *                                                  else's end: no-op)
 * </pre>
 * {@code begin} on a closed queue is ENODEV. The hooks ({@link #allocate}, {@link #enqueue},
 * {@link #dequeue}, {@link #free}) are the queue's own operations minus this check: FileIo's
 * blocks are blocks of the queue, whose states only the queue changes.
 *
 * <p>The owner is guarded by the queue's lock: {@link #begin} and {@link #end} take it, and the
 * queue calls the checks while it holds it.
 */
final class FileIoClaim {
    private final BlockQueue queue;
    private final ReentrantLock lock;
    /** The FileIo holding the claim, or null (FREE); guarded by {@code lock}. */
    private Object owner;

    FileIoClaim(BlockQueue queue, ReentrantLock lock) {
        this.queue = queue;
        this.lock = lock;
    }

    /** Claims the queue for {@code owner}; EBUSY while blocks or DMA buffers are in use. */
    void begin(Object owner) {
        lock.lock();
        try {
            queue.ensureOpen("fileio");
            if (this.owner != null) {
                throw queue.busy("the read()/write() path is already open on this buffer");
            }
            int blocks = queue.blockCount();
            if (blocks > 0) {
                throw queue.busy("read()/write() cannot start: " + blocks
                        + " blocks are allocated through the block API (free them first)");
            }
            int attached = queue.attachments().count();
            if (attached > 0) {
                throw queue.busy("read()/write() cannot start: " + attached
                        + " DMA buffers are attached (detach them first)");
            }
            this.owner = owner;
        } finally {
            lock.unlock();
        }
    }

    /** Lets go of the claim, if {@code owner} holds it. */
    void end(Object owner) {
        lock.lock();
        try {
            if (this.owner == owner) {
                this.owner = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The block API's check (enqueue, dequeue, free), under the queue's lock. */
    void checkBlocks(String op) {
        if (owner != null) {
            throw queue.busy(op + ": the read()/write() path (FileIo) owns this buffer's blocks");
        }
    }

    /** The check of what would add to the buffer (allocate, attach, DMA buffer enqueue), under the queue's lock. */
    void checkBuffer(String op) {
        if (owner != null) {
            throw queue.busy(op + ": the read()/write() path (FileIo) is using this buffer");
        }
    }

    // ------------------------------------------------------------------ FileIo's hooks

    /** Allocates FileIo's blocks. */
    List<Block> allocate(int count, long size) {
        return queue.allocate(count, size, true);
    }

    /** Enqueues one of FileIo's blocks with {@code bytesUsed} (output) and no flags. */
    void enqueue(Block block, long bytesUsed) {
        queue.enqueue(block, bytesUsed, 0, true);
    }

    /**
     * Dequeues one of FileIo's blocks: waits up to {@code nanos} (negative: for ever, 0: not at
     * all) and returns {@code null} when none completed in time.
     */
    Block dequeue(long nanos) {
        return queue.take("read", nanos >= 0, nanos, true);
    }

    /** Releases FileIo's blocks when it closes: nothing on a closed queue or one without blocks. */
    void free() {
        queue.freeAllocated();
    }
}
