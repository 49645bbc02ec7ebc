package io.jiio.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Where the consumer of one lock-free hand-off waits for its producer: an event count over the
 * producer's published position ({@code progress}, e.g. a {@link BlockRing}'s tail) plus an
 * {@code epoch} that control operations bump (close, free, stop) to end every wait.
 *
 * <p>A waiter records the position and epoch it saw, looks for work, and only then waits, with its
 * {@link WaitStrategy}, for either to move. The producer publishes and {@link #ring rings}; ringing
 * costs one fence and a read when nobody is parked, so a producer whose consumer is already running
 * never makes a system call.
 *
 * <p>Why no wake-up is lost: a parking waiter increments {@code waiting} and issues a full fence
 * before it re-reads the position under {@code lock}; the producer stores the position, issues a
 * full fence, then reads {@code waiting}. Of two threads that each write one variable, fence, and
 * then read the other, at least one sees the other's write (the store-buffering outcome is
 * forbidden between two full fences): either the waiter sees the new position and does not park,
 * or the producer sees the waiter and signals under the lock, which it can only take once the
 * waiter is inside {@link Condition#await}. Spinning strategies never park, so their producers
 * skip the fence. A control event's {@code alert} is a volatile increment of {@code epoch}
 * followed by a volatile read of {@code waiting}; the waiter reads {@code epoch} volatile too, so
 * the same holds among volatile accesses alone.
 */
final class Doorbell {
    private static final VarHandle WAITING;
    private static final VarHandle EPOCH;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAITING = l.findVarHandle(Doorbell.class, "waiting", int.class);
            EPOCH = l.findVarHandle(Doorbell.class, "epoch", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many spins pass between looks at the clock and the interrupt flag. */
    private static final int CHECK_EVERY = 64;
    /** Spins before {@link WaitStrategy#YIELDING} starts to yield. */
    private static final int YIELD_AFTER = 100;

    private final LongSupplier progress;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition rung = lock.newCondition();
    private volatile WaitStrategy strategy;
    private volatile int waiting;
    private volatile int epoch;

    Doorbell(LongSupplier progress, WaitStrategy strategy) {
        this.progress = progress;
        this.strategy = strategy;
    }

    /** Changes how waiters wait; only while nobody waits (before an engine thread starts). */
    void strategy(WaitStrategy s) {
        strategy = s;
    }

    int epoch() {
        return epoch;
    }

    /** The producer published: wakes a parked waiter, if there is one. */
    void ring() {
        if (!strategy.parks()) {
            return;
        }
        VarHandle.fullFence(); // the store of progress before the load of waiting (see class doc)
        if (waiting != 0) {
            wake();
        }
    }

    /** A control operation changed what waiters wait for: every wait ends and looks again. */
    void alert() {
        EPOCH.getAndAdd(this, 1);
        if (waiting != 0) {
            wake();
        }
    }

    private void wake() {
        lock.lock();
        try {
            rung.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean moved(long seenProgress, int seenEpoch) {
        return progress.getAsLong() != seenProgress || epoch != seenEpoch;
    }

    /**
     * Waits until the position is no longer {@code seenProgress} or the epoch no longer
     * {@code seenEpoch}, or until {@code deadline} ({@link System#nanoTime()}) when {@code timed}.
     *
     * @param interruptible whether an interrupt ends the wait (the application's threads) or is
     *                      kept for the caller to see later (a device thread, which stops by epoch)
     * @return false when the deadline came first
     * @throws InterruptedException when interruptible and interrupted
     */
    boolean await(long seenProgress, int seenEpoch, boolean timed, long deadline, boolean interruptible)
            throws InterruptedException {
        WaitStrategy s = strategy;
        if (s == WaitStrategy.BLOCKING) {
            return park(seenProgress, seenEpoch, timed, deadline, interruptible);
        }
        long spinStart = 0;
        int spins = 0;
        while (!moved(seenProgress, seenEpoch)) {
            if (++spins % CHECK_EVERY == 0) {
                if (interruptible && Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long now = System.nanoTime();
                if (timed && now - deadline >= 0) {
                    return false;
                }
                if (s == WaitStrategy.SPIN_THEN_PARK) {
                    if (spinStart == 0) {
                        spinStart = now;
                    } else if (now - spinStart >= 2 * WaitStrategy.SPIN_NANOS) {
                        return park(seenProgress, seenEpoch, timed, deadline, interruptible);
                    } else if (now - spinStart >= WaitStrategy.SPIN_NANOS) {
                        Thread.yield();
                    }
                }
            }
            if (s == WaitStrategy.YIELDING && spins > YIELD_AFTER) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        return true;
    }

    private boolean park(long seenProgress, int seenEpoch, boolean timed, long deadline, boolean interruptible)
            throws InterruptedException {
        boolean interrupted = false;
        lock.lock();
        WAITING.getAndAdd(this, 1);
        // The store of waiting before the loads of progress: the ring reads progress with acquire,
        // which a volatile increment alone does not order after it (the fence pairs with ring()'s).
        VarHandle.fullFence();
        try {
            while (!moved(seenProgress, seenEpoch)) {
                try {
                    if (!timed) {
                        rung.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        rung.await(left, TimeUnit.NANOSECONDS);
                    }
                } catch (InterruptedException e) {
                    if (interruptible) {
                        throw e;
                    }
                    interrupted = true;
                }
            }
            return true;
        } finally {
            WAITING.getAndAdd(this, -1);
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
