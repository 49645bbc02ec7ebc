package io.jiio.buffer;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A device the test drives by hand: it records what the queue submits and completes blocks only
 * when told to, from the calling thread. Lets tests reach every state deterministically.
 */
final class ManualEngine implements DmaEngine {
    final ArrayDeque<Block> inFlight = new ArrayDeque<>();
    final List<String> calls = new ArrayList<>();
    DmaCompletion completion;
    boolean closed;
    /** What {@link #tracksLoss()} answers: the test reports every loss it makes up. */
    boolean tracksLoss = true;

    @Override
    public synchronized void start(DmaCompletion c) {
        completion = c;
        calls.add("start");
    }

    @Override
    public synchronized void submit(Block block, MemorySegment memory) {
        inFlight.addLast(block);
        calls.add("submit " + block.id());
    }

    @Override
    public synchronized void abort() {
        inFlight.clear();
        calls.add("abort");
    }

    @Override
    public boolean tracksLoss() {
        return tracksLoss;
    }

    @Override
    public synchronized void close() {
        closed = true;
        calls.add("close");
    }

    /** Completes the oldest in-flight block with {@code bytesUsed} bytes, as the device would. */
    Block completeNext(long bytesUsed, long timestampNs) {
        Block b;
        synchronized (this) {
            b = inFlight.pollFirst();
        }
        if (b == null) {
            throw new AssertionError("no block in flight");
        }
        completion.blockDone(b, bytesUsed, timestampNs);
        return b;
    }

    /** Completes the oldest in-flight block full. */
    Block completeNext() {
        Block b;
        synchronized (this) {
            b = inFlight.peekFirst();
        }
        if (b == null) {
            throw new AssertionError("no block in flight");
        }
        return completeNext(b.size(), 1234);
    }

    synchronized int inFlightCount() {
        return inFlight.size();
    }
}
