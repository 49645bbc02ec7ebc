package io.jiio.buffer;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The blocks a threaded {@link DmaEngine} has been handed and its thread has not taken yet, in
 * submit order, with the stop flag that ends the thread's wait. It exists because the engines
 * that move one block at a time on a thread of their own ({@code sim:}'s ADC and DAC, {@code ip:}'s
 * text protocol, {@code local:}'s copying paths) each kept the same lock, condition, pair of
 * deques and stop handshake (or, on {@code local:}, a queue that allocated a node per submit).
 *
 * <p>Threads: {@link #submit} is called by the queue with its lock held, so it only takes this
 * queue's own short lock and never waits; {@link #take} (or {@link #poll}) and {@link #takenMemory} belong to
 * the one thread that moves the samples; {@link #stop} is called by {@code abort} before it joins that thread, and
 * {@link #clear} after. Nothing here calls the queue. Allocation-free once the deques have grown
 * to the number of blocks.
 */
public final class SubmitQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Block> blocks = new ArrayDeque<>();
    private final ArrayDeque<MemorySegment> memories = new ArrayDeque<>();
    private volatile boolean stopping;
    /** The memory of the block {@link #take} returned last; the taking thread's alone. */
    private MemorySegment taken;

    /** Ready for a new enable: not stopping. Blocks left from before stay (abort clears them). */
    public void restart() {
        stopping = false;
    }

    /** Adds a block and its memory at the tail and wakes the engine thread. */
    public void submit(Block block, MemorySegment memory) {
        lock.lock();
        try {
            blocks.addLast(block);
            memories.addLast(memory);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (uninterruptibly) for a block and takes the oldest; its memory is then
     * {@link #takenMemory}. Returns {@code null} once {@link #stop} was called, even with blocks left.
     */
    public Block take() {
        lock.lock();
        try {
            while (blocks.isEmpty() && !stopping) {
                changed.awaitUninterruptibly();
            }
            if (stopping) {
                return null;
            }
            taken = memories.pollFirst();
            return blocks.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * For an engine paced by another thread (the sim ADC in loopback): the oldest block, its
     * memory then {@link #takenMemory}, or {@code null} when there is none, after {@link #stop}, or
     * once {@code cancelled}. With {@code wait} it waits for a block, looking at {@code cancelled}
     * every millisecond.
     */
    public Block poll(boolean wait, BooleanSupplier cancelled) throws InterruptedException {
        lock.lock();
        try {
            while (blocks.isEmpty() && wait && !stopping && !cancelled.getAsBoolean()) {
                changed.awaitNanos(1_000_000);
            }
            if (stopping || cancelled.getAsBoolean() || blocks.isEmpty()) {
                return null;
            }
            taken = memories.pollFirst();
            return blocks.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The memory submitted with the block the last {@link #take} returned. */
    public MemorySegment takenMemory() {
        return taken;
    }

    /** Waits (uninterruptibly) until {@link #stop}: a cyclic block that plays until abort. */
    public void awaitStop() {
        lock.lock();
        try {
            while (!stopping) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets the stop flag and wakes the engine thread; {@code abort} then joins it. */
    public void stop() {
        stopping = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #stop} was called since the last {@link #restart}. */
    public boolean stopping() {
        return stopping;
    }

    /** Drops the blocks not taken, once the engine thread is gone; the engine then holds none. */
    public void clear() {
        lock.lock();
        try {
            blocks.clear();
            memories.clear();
            taken = null;
        } finally {
            lock.unlock();
        }
    }
}
