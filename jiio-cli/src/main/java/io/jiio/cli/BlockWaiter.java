package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import java.util.concurrent.TimeUnit;

/**
 * Dequeues the next completed block the way the tools need it: in short waits, so that a stop
 * request (Ctrl-C) is noticed and the progress line keeps moving even when the device is slow,
 * and with {@code -T} as a limit on the whole wait for one block. A ready block is returned at
 * once, so the waits cost nothing while data flows.
 */
final class BlockWaiter {
    static final long SLICE_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final BlockQueue queue;
    private final long timeoutMs;
    private final StopSignal stop;
    private final Runnable idle;

    /**
     * @param timeoutMs longest wait for one block, 0 for no limit
     * @param idle      run after every short wait that found nothing
     */
    BlockWaiter(BlockQueue queue, long timeoutMs, StopSignal stop, Runnable idle) {
        this.queue = queue;
        this.timeoutMs = timeoutMs;
        this.stop = stop;
        this.idle = idle;
    }

    /**
     * The next completed block, or {@code null} once a stop has been requested.
     *
     * @throws IioException ETIMEDOUT naming the queue when {@code -T} ran out
     */
    Block next() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!stop.isRequested()) {
            long wait = SLICE_NS;
            if (timeoutMs > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IioException(Errno.ETIMEDOUT, queue.name() + ": no block completed within "
                            + timeoutMs + " ms (-T)");
                }
                wait = Math.min(wait, left);
            }
            Block b = poll(wait);
            if (b != null) {
                return b;
            }
            idle.run();
        }
        return null;
    }

    private Block poll(long nanos) {
        try {
            return queue.dequeue(nanos, TimeUnit.NANOSECONDS);
        } catch (IioException e) {
            if (e.errno() == Errno.ETIMEDOUT) {
                return null;
            }
            throw e;
        }
    }
}
