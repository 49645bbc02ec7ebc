package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one thread wait on several queues at once, as {@code poll(2)} does on several IIO buffer
 * file descriptors: {@link #poll} returns the queues that are {@link BlockQueue#isReady() ready}.
 *
 * <p>Lost wake-ups are avoided with a sequence number: a queue's state change bumps it, and the
 * poller sleeps only if it is unchanged since before it last looked at the queues.
 */
public final class QueuePoller implements AutoCloseable {
    private final List<BlockQueue> queues = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long sequence;

    /**
     * A poller of these queues; more can be added.
     *
     * @param queues the queues to watch, input or output
     */
    public QueuePoller(BlockQueue... queues) {
        for (BlockQueue q : queues) {
            add(q);
        }
    }

    /**
     * Watches one more queue (once, however often it is added); a poll in progress looks again.
     *
     * @param queue the queue
     */
    public synchronized void add(BlockQueue queue) {
        if (!queues.contains(queue)) {
            queues.add(queue);
            queue.register(this);
            wakeup();
        }
    }

    /**
     * Stops watching a queue; the queue itself stays open.
     *
     * @param queue the queue
     */
    public synchronized void remove(BlockQueue queue) {
        if (queues.remove(queue)) {
            queue.unregister(this);
        }
    }

    void wakeup() {
        lock.lock();
        try {
            sequence++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least one queue is ready or the timeout passes.
     *
     * @param timeout negative: wait forever; 0: just look
     * @param unit    the timeout's unit
     * @return the ready queues (empty on timeout), in the order they were added
     */
    public List<BlockQueue> poll(long timeout, TimeUnit unit) {
        long deadline = timeout < 0 ? Long.MAX_VALUE : System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long seen;
            lock.lock();
            try {
                seen = sequence;
            } finally {
                lock.unlock();
            }
            List<BlockQueue> ready = new ArrayList<>();
            for (BlockQueue q : snapshot()) {
                if (q.isReady()) {
                    ready.add(q);
                }
            }
            if (!ready.isEmpty()) {
                return ready;
            }
            boolean collect = collectsOnCaller(); // before lock: add() takes this monitor, then lock
            lock.lock();
            try {
                while (sequence == seen) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return ready;
                    }
                    if (collect) {
                        // Nobody completes this queue's blocks unless we look: look every millisecond.
                        changed.awaitNanos(Math.min(left, COLLECT_SLICE_NANOS));
                        break;
                    } else if (timeout < 0) {
                        changed.await();
                    } else {
                        changed.awaitNanos(left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IioException(Errno.EINTR, "poll interrupted");
            } finally {
                lock.unlock();
            }
        }
    }

    private static final long COLLECT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Whether a queue's completions are collected by whoever looks ({@link DmaEngine#reap}). */
    private boolean collectsOnCaller() {
        for (BlockQueue q : snapshot()) {
            if (q.completesOnCaller()) {
                return true;
            }
        }
        return false;
    }

    private synchronized List<BlockQueue> snapshot() {
        return List.copyOf(queues);
    }

    @Override
    public synchronized void close() {
        for (BlockQueue q : queues) {
            q.unregister(this);
        }
        queues.clear();
    }
}
