package io.jiio.jcstress;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockMemory;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.SubmitQueue;
import io.jiio.model.Direction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One input queue of one {@value #BLOCK_BYTES}-byte block whose device is the test itself: the
 * engine keeps what it is given and completes a block only when an actor says so, from the actor's
 * thread, exactly as a device thread would. Block memory is the engine's own (native, freed by GC), so a
 * test can count how often a block's memory is given back.
 *
 * <p>Submits go through a real {@link SubmitQueue}, as they do to the sim's, the network's and
 * {@code local:}'s copying engines, and {@link #abort} is theirs: stop the queue, wait for the
 * device's thread to let go (here: the {@link #device} actor, when there is one), clear.
 * {@code BlockQueue.disable()} is the only caller of {@code abort}: a test that races a disable
 * races the abort.
 */
final class Rig implements DmaEngine, BlockMemory {
    static final long SCAN_BYTES = 16;
    static final long BLOCK_BYTES = 64;

    final BlockQueue queue;
    final Block block;
    /** Blocks the queue handed to the device, in order (a submit may race with the actors). */
    final ConcurrentLinkedQueue<Block> given = new ConcurrentLinkedQueue<>();
    /** How many times a block's memory was released. */
    final AtomicInteger unmaps = new AtomicInteger();
    /** The engine's side of the submit path, as the threaded engines have it. */
    final SubmitQueue submitted = new SubmitQueue();
    /** Whether a device actor takes from {@link #submitted}: then abort waits for it, as for a join. */
    private final boolean deviceActor;
    private volatile boolean deviceDone;
    private volatile DmaCompletion completion;

    /**
     * @param enqueue whether the block goes to the device (ACTIVE, as the test starts) or stays
     *                with the application (DEQUEUED)
     */
    Rig(boolean enqueue) {
        this(enqueue, false);
    }

    /**
     * @param enqueue     as above
     * @param deviceActor whether an actor plays the device's thread with {@link #device}, which
     *                    {@link #abort} then waits for
     */
    Rig(boolean enqueue, boolean deviceActor) {
        this.deviceActor = deviceActor;
        queue = new BlockQueue("jcstress/buffer0", Direction.INPUT, this, QueueConfig.defaults(), SCAN_BYTES);
        block = queue.allocate(1, BLOCK_BYTES).get(0);
        queue.enable();
        if (enqueue) {
            queue.enqueue(block);
            given.clear(); // the test's own submits are what it counts
        }
    }

    /** The device completes the block: what the engine's thread does when the DMA is done. */
    void complete(long bytesUsed, long timestampNs) {
        completion.blockDone(block, bytesUsed, timestampNs);
    }

    /**
     * The device's thread, once: takes what was submitted unless it is told to stop, and completes
     * it full, as the sim's engine does; then it is gone (what {@code abort}'s join waits for).
     */
    void device() {
        try {
            Block b = submitted.poll(false, () -> false);
            if (b != null) {
                completion.blockDone(b, BLOCK_BYTES, 1);
            }
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        } finally {
            deviceDone = true;
        }
    }

    /** Dequeues every completed block there is; returns how many. */
    int drain() {
        int n = 0;
        try {
            while (queue.tryDequeue() != null) {
                n++;
            }
        } catch (RuntimeException freed) {
            // no blocks left: nothing to take
        }
        return n;
    }

    @Override
    public void start(DmaCompletion c) {
        completion = c;
        submitted.restart(c.waitStrategy());
    }

    @Override
    public void submit(Block b, MemorySegment memory) {
        given.add(b);
        submitted.submit(b);
    }

    @Override
    public void abort() {
        submitted.stop();
        while (deviceActor && !deviceDone) {
            Thread.onSpinWait(); // the join of the device's thread
        }
        submitted.clear();
        given.clear();
    }

    @Override
    public boolean tracksLoss() {
        return true;
    }

    @Override
    public BlockMemory blockMemory() {
        return this;
    }

    @Override
    public List<Region> allocate(int count, long size) {
        List<Region> regions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            regions.add(new Region(Arena.ofAuto().allocate(size), unmaps::incrementAndGet));
        }
        return regions;
    }

    @Override
    public void free() {
        // each region's own unmap is what counts
    }
}
