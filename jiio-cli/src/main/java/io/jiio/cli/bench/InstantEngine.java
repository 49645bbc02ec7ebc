package io.jiio.cli.bench;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Direction;
import java.lang.foreign.MemorySegment;

/**
 * A device that completes every block the moment it is submitted, on the submitting thread: with
 * it, a dequeue + enqueue cycle is the queue's own cost and nothing else (no thread hand-off, no
 * generator). Submit is called with the queue's lock held; the completion re-enters that lock,
 * which is a reentrant {@link java.util.concurrent.locks.ReentrantLock}.
 */
public final class InstantEngine implements DmaEngine {
    /** An engine for one queue: {@link #start} binds it. */
    public InstantEngine() {
    }

    private DmaCompletion completion;
    private long ticks;

    @Override
    public void start(DmaCompletion c) {
        completion = c;
    }

    @Override
    public void submit(Block block, MemorySegment memory) {
        // A counter rather than System.nanoTime(): the clock read is not the queue's cost.
        completion.blockDone(block, block.bytesUsed(), ++ticks);
    }

    @Override
    public void abort() {
    }

    /** It completes every block as it arrives, so it never loses a scan. */
    @Override
    public boolean tracksLoss() {
        return true;
    }

    /**
     * An enabled input queue of 16-byte scans whose blocks are all queued and completed.
     *
     * @param count      blocks
     * @param blockBytes bytes per block
     * @return the queue, which the caller closes
     */
    public static BlockQueue queue(int count, long blockBytes) {
        BlockQueue q = new BlockQueue("bench/instant", Direction.INPUT, new InstantEngine(),
                new QueueConfig(count, blockBytes), 16);
        q.allocate(count, blockBytes).forEach(q::enqueue);
        q.enable();
        return q;
    }
}
