package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Completion of one DMABUF transfer, as the kernel's {@code dma_fence}: created by
 * {@link BlockQueue#enqueue(DmaBuf, long, int)} with a sequence number per attachment, signalled
 * once — with success when the device is done, {@link Errno#EINTR} when the transfer was aborted
 * (disable, detach), or the device's error when the submit failed. Fences of one attachment
 * signal in enqueue order.
 *
 * <p>Completion callbacks run on the thread that signals (the device's), after the queue's lock is
 * released; a callback added to a signalled fence runs at once on the caller's thread.
 */
public final class Fence {
    private static final int PENDING = Integer.MIN_VALUE;

    private final String owner;
    private final long seqno;
    private final DmaBuf buffer;
    private int status = PENDING;
    private long timestampNs;
    private long firstScan = Block.UNKNOWN;
    private long lostBefore = Block.UNKNOWN;
    private List<Consumer<Fence>> callbacks;

    Fence(String owner, long seqno, DmaBuf buffer) {
        this.owner = owner;
        this.seqno = seqno;
        this.buffer = buffer;
    }

    /** {@return the attachment's sequence number: 1 for its first enqueue, then 2, 3 …} */
    public long seqno() {
        return seqno;
    }

    /** {@return the DMA buffer whose transfer this is} */
    public DmaBuf buffer() {
        return buffer;
    }

    /** {@return whether the fence has signalled (success or failure)} */
    public synchronized boolean isSignaled() {
        return status != PENDING;
    }

    /**
     * The transfer's status, once signalled.
     *
     * @return 0 on success, {@code -errno} on failure
     * @throws IioException EAGAIN while the fence is pending
     */
    public synchronized int status() {
        if (status == PENDING) {
            throw new IioException(Errno.EAGAIN, this + " is not signalled yet");
        }
        return status;
    }

    /**
     * For a completed input transfer, {@link System#nanoTime()} of the first sample the device put
     * in the buffer (as a block's timestamp); 0 otherwise.
     *
     * @return the timestamp, or 0
     */
    public synchronized long timestampNs() {
        return timestampNs;
    }

    /**
     * {@return the transfer's {@link Block#firstScan()}; {@link Block#UNKNOWN} until signalled, or
     * when the engine cannot tell}
     */
    public synchronized long firstScan() {
        return firstScan;
    }

    /**
     * {@return the transfer's {@link Block#lostBefore()}; {@link Block#UNKNOWN} until signalled, or
     * when the engine cannot tell}
     */
    public synchronized long lostBefore() {
        return lostBefore;
    }

    /** {@return the failure, or {@code null} when the transfer succeeded or the fence is still pending} */
    public synchronized Errno error() {
        return status == PENDING || status == 0 ? null : Errno.of(-status);
    }

    /**
     * Waits until signalled.
     *
     * @param timeout how long to wait
     * @param unit    the timeout's unit
     * @return false on timeout
     * @throws IioException EINTR when the thread is interrupted (its interrupt flag stays set)
     */
    public boolean await(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (this) {
            while (status == PENDING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IioException(Errno.EINTR, "wait for " + this + " interrupted");
                }
            }
            return true;
        }
    }

    /**
     * Waits until signalled and fails unless the transfer succeeded.
     *
     * @param timeout how long to wait
     * @param unit    the timeout's unit
     * @throws IioException ETIMEDOUT, or the fence's own error (EINTR when aborted)
     */
    public void awaitSuccess(long timeout, TimeUnit unit) {
        if (!await(timeout, unit)) {
            throw new IioException(Errno.ETIMEDOUT, this + " not signalled within " + unit.toMillis(timeout) + " ms");
        }
        Errno e = error();
        if (e != null) {
            throw new IioException(e, this + " failed: " + e.description());
        }
    }

    /**
     * Runs {@code callback} once the fence is signalled: on the signalling (device's) thread after
     * the fence's waiters have been woken (a thread returning from {@link #await} may get there
     * before the callbacks have run), or at once on this thread if it already is. Keep it short;
     * it must not block.
     *
     * @param callback what to run, with this fence
     */
    public void onComplete(Consumer<Fence> callback) {
        synchronized (this) {
            if (status == PENDING) {
                if (callbacks == null) {
                    callbacks = new ArrayList<>(2);
                }
                callbacks.add(callback);
                return;
            }
        }
        callback.accept(this);
    }

    /**
     * Signals with success (null) or an error; a second signal is ignored. A callback that throws
     * is reported to the thread's uncaught-exception handler and does not stop the others (nor
     * the device thread that signals).
     */
    void signal(Errno error) {
        signal(error, 0, Block.UNKNOWN, Block.UNKNOWN);
    }

    /**
     * Signals a completed transfer whose first sample was taken at {@code timestampNs}, with the
     * transfer's position as its block got it ({@link Block#firstScan()}, {@link Block#lostBefore()}).
     */
    void signal(Errno error, long timestampNs, long firstScan, long lostBefore) {
        synchronized (this) {
            if (status == PENDING) {
                this.timestampNs = timestampNs;
                this.firstScan = firstScan;
                this.lostBefore = lostBefore;
            }
        }
        List<Consumer<Fence>> run = buffer.complete(this, error);
        if (run == null) {
            return;
        }
        for (Consumer<Fence> c : run) {
            try {
                c.accept(this);
            } catch (RuntimeException | Error e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }

    /** Sets the status; called by the buffer under its lock. Null when already signalled. */
    synchronized List<Consumer<Fence>> complete(Errno error) {
        if (status != PENDING) {
            return null;
        }
        status = error == null ? 0 : -error.code();
        List<Consumer<Fence>> run = callbacks == null ? List.of() : callbacks;
        callbacks = null;
        notifyAll();
        return run;
    }

    @Override
    public synchronized String toString() {
        String s = status == PENDING ? "pending" : status == 0 ? "done" : Errno.of(-status).name();
        return "fence " + seqno + " of " + buffer + " on " + owner + " (" + s + ")";
    }
}
