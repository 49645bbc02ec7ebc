package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.concurrent.TimeUnit;

/**
 * Waits for the next block the way the tools need it, whatever moves the samples (blocks, DMA
 * buffers, read()/write()): in short waits, so that a stop request (Ctrl-C) is noticed and the
 * progress line keeps moving even when the device is slow, and with {@code -T} as a limit on the
 * whole wait for one block. A ready block is taken at once, so the waits cost nothing while data
 * flows.
 */
final class BlockWaiter {
    static final long SLICE_NS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One short wait: true once the thing waited for has happened. */
    @FunctionalInterface
    interface Poll {
        /** @param nanos how long to wait at most; 0 just looks */
        boolean poll(long nanos);
    }

    private final String what;
    private final long timeoutMs;
    private final String limitName;
    private final StopSignal stop;
    private final Runnable idle;

    /**
     * @param what      what the timeout message names, e.g. the queue {@code sim-adc/buffer0}
     * @param timeoutMs longest wait for one block, 0 for no limit
     * @param limitName the option that set the limit, for the message ({@code --block-timeout}, {@code -T})
     * @param idle      run after every short wait that found nothing
     */
    BlockWaiter(String what, long timeoutMs, String limitName, StopSignal stop, Runnable idle) {
        this.what = what;
        this.timeoutMs = timeoutMs;
        this.limitName = limitName;
        this.stop = stop;
        this.idle = idle;
    }

    /**
     * Polls until {@code poll} succeeds ({@code true}) or a stop is requested ({@code false}).
     *
     * @throws IioException ETIMEDOUT naming {@code what} when {@code -T} ran out
     */
    boolean await(Poll poll) {
        return await(poll, "no block completed");
    }

    /** As {@link #await(Poll)}; {@code failure} says what did not happen, for the -T message. */
    boolean await(Poll poll, String failure) {
        if (stop.isRequested()) {
            return false;
        }
        if (poll.poll(0)) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!stop.isRequested()) {
            long wait = SLICE_NS;
            if (timeoutMs > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IioException(Errno.ETIMEDOUT, what + ": " + failure + " within " + timeoutMs + " ms (" + limitName + ")");
                }
                wait = Math.min(wait, left);
            }
            if (poll.poll(wait)) {
                return true;
            }
            idle.run();
        }
        return false;
    }
}
