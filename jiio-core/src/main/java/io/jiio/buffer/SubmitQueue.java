package io.jiio.buffer;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The blocks a threaded {@link DmaEngine} has been handed and its thread has not taken yet, in
 * submit order, with the stop flag that ends the thread's wait: the application-to-device half of
 * the block hand-off. Shared by the engines that move one block at a time on a thread of their own
 * ({@code sim:}'s ADC and DAC, {@code ip:}'s text protocol, {@code local:}'s copying paths, replay).
 *
 * <p>Lock-free: {@link #submit} (the queue's thread, holding the queue's lock, so one submitter at
 * a time) publishes on a {@link BlockRing}; the engine's thread takes from it and, with nothing
 * there, waits with the queue's {@link WaitStrategy} on a {@link Doorbell}, so a submit to an
 * engine that is still busy costs no wake-up. The ring holds {@value #RING} blocks; should more be
 * in flight at once (a queue with more blocks and DMA buffers than that), the rest wait in order in
 * a locked overflow list, which the submitter keeps using until the engine has emptied it, so
 * submit order is kept.
 *
 * <p>Threads: {@link #take} (or {@link #poll}) and {@link #takenMemory} belong to the one thread
 * that moves the samples; {@link #stop} is called by {@code abort} before it joins that thread,
 * and {@link #clear} after. Nothing here calls the queue. Allocation-free while the ring suffices.
 */
public final class SubmitQueue {
    /** An empty queue, waiting with {@link WaitStrategy#BLOCKING} until {@link #restart} says otherwise. */
    public SubmitQueue() {
    }

    private static final int RING = 256;

    private final BlockRing ring = new BlockRing(RING);
    private final Doorbell bell = new Doorbell(this::progress, WaitStrategy.BLOCKING);
    private final ArrayDeque<Block> overflow = new ArrayDeque<>();
    /** Whether {@code overflow} may hold blocks; set by the submitter, cleared by the taker, both under its monitor. */
    private volatile boolean overflowing;
    /** Blocks ever put on {@code overflow}: with the ring's tail, what a waiting taker watches. */
    private volatile long overflowed;
    private volatile boolean stopping;
    /**
     * The block {@link #take} returned last, the taking thread's alone: written on every take, so
     * it sits in the middle of an array of its own rather than in a field beside those the
     * submitting thread reads (false sharing).
     */
    private final Block[] taken = new Block[2 * TAKEN + 1];
    private static final int TAKEN = 16;

    /**
     * Ready for a new enable, waiting as the queue asks; blocks left from before stay (abort clears them).
     *
     * @param strategy how the engine's thread waits for blocks: {@link DmaCompletion#waitStrategy()}
     */
    public void restart(WaitStrategy strategy) {
        bell.strategy(strategy);
        stopping = false;
    }

    private long progress() {
        return ring.tail() + overflowed;
    }

    /**
     * Adds a block at the tail and wakes the engine thread if it is parked. The block's memory is
     * the one the queue passes to {@link DmaEngine#submit}; {@link #takenMemory} gives it back.
     *
     * @param block an ACTIVE block, from {@link DmaEngine#submit}
     */
    public void submit(Block block) {
        if (overflowing || !ring.offer(block)) {
            synchronized (overflow) {
                overflowing = true;
                overflow.addLast(block);
                overflowed = overflowed + 1;
            }
        }
        bell.ring();
    }

    private Block next() {
        Block b = ring.poll();
        if (b == null && overflowing) {
            synchronized (overflow) {
                b = overflow.pollFirst();
                if (overflow.isEmpty()) {
                    overflowing = false;
                }
            }
        }
        return b;
    }

    /**
     * Waits (uninterruptibly) for a block and takes the oldest; its memory is then
     * {@link #takenMemory}.
     *
     * @return the block, or {@code null} once {@link #stop} was called, even with blocks left
     */
    public Block take() {
        while (true) {
            long seen = progress();
            int epoch = bell.epoch();
            if (stopping) {
                return null;
            }
            Block b = next();
            if (b != null) {
                taken[TAKEN] = b;
                return b;
            }
            awaitQuietly(seen, epoch, false, 0);
        }
    }

    /**
     * For an engine paced by another thread (the sim ADC in loopback): the oldest block, its
     * memory then {@link #takenMemory}, or {@code null} when there is none, after {@link #stop}, or
     * once {@code cancelled}. With {@code wait} it waits for a block, looking at {@code cancelled}
     * every millisecond.
     *
     * @param wait      whether to wait for a block
     * @param cancelled checked before each look and every millisecond of the wait
     * @return the block, or {@code null}
     * @throws InterruptedException when the engine's thread is interrupted while it waits
     */
    public Block poll(boolean wait, BooleanSupplier cancelled) throws InterruptedException {
        while (true) {
            long seen = progress();
            int epoch = bell.epoch();
            if (stopping || cancelled.getAsBoolean()) {
                return null;
            }
            Block b = next();
            if (b != null || !wait) {
                taken[TAKEN] = b;
                return b;
            }
            bell.await(seen, epoch, true, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1), true);
        }
    }

    /** {@return the memory of the block the last {@link #take} or {@link #poll} returned, or {@code null}} */
    public MemorySegment takenMemory() {
        Block b = taken[TAKEN];
        return b == null ? null : b.memory;
    }

    /** Waits (uninterruptibly) until {@link #stop}: a cyclic block that plays until abort. */
    public void awaitStop() {
        while (true) {
            long seen = progress();
            int epoch = bell.epoch();
            if (stopping) {
                return;
            }
            awaitQuietly(seen, epoch, false, 0);
        }
    }

    private void awaitQuietly(long seen, int epoch, boolean timed, long deadline) {
        try {
            bell.await(seen, epoch, timed, deadline, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError("an uninterruptible wait was interrupted", impossible);
        }
    }

    /** Sets the stop flag and wakes the engine thread; {@code abort} then joins it. */
    public void stop() {
        stopping = true;
        bell.alert();
    }

    /** {@return whether {@link #stop} was called since the last {@link #restart}} */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Drops the blocks not taken, once the engine thread is gone (its join is the hand-over of the
     * taking side); the engine then holds none.
     */
    public void clear() {
        while (next() != null) {
            // dropped: the queue hands its ACTIVE blocks back itself after the abort
        }
        taken[TAKEN] = null;
    }
}
