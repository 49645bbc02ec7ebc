package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The DMA buffers attached to one {@link BlockQueue} (IIO_BUFFER_DMABUF_ATTACH, _DETACH and
 * _ENQUEUE; the kernel's list of a buffer's dmabuf attachments): for each buffer the internal
 * {@link Block} over its memory, so the engines handle blocks and DMA buffers alike; the buffers
 * the queue allocated itself ({@link BlockQueue#allocateDmaBuf}) and closes with it; and the
 * fences of submits that failed, signalled once the lock is released.
 *
 * <p>An attachment has no state of its own: its block goes through the queue's states, and only
 * the queue changes them ({@link BlockQueue#queueAttachment}, {@link BlockQueue#killAttachment},
 * the submit and the abort hand-back). Everything here is guarded by the queue's lock, which the
 * operations take themselves; fences are signalled, and buffers told of a detach, after it is
 * released, so a fence's callbacks may enqueue elsewhere (lock order: queue lock, DmaBuf, Fence).
 */
final class Attachments {
    private final BlockQueue queue;
    private final ReentrantLock lock;
    // --- guarded by lock ---
    private final Map<DmaBuf, Block> blocks = new IdentityHashMap<>();
    /** Buffers from {@link #allocateDmaBuf}: the queue closes them when it closes. */
    private final List<DmaBuf> owned = new ArrayList<>();
    /** Fences of DMA buffers whose submit failed, with the errors they signal. */
    private final ArrayDeque<Fence> failedFences = new ArrayDeque<>();
    private final ArrayDeque<Errno> failedErrors = new ArrayDeque<>();

    Attachments(BlockQueue queue, ReentrantLock lock) {
        this.queue = queue;
        this.lock = lock;
    }

    /** {@link BlockQueue#attach}. */
    void attach(DmaBuf buf) {
        lock.lock();
        try {
            queue.ensureOpen("attach");
            queue.fileIo().checkBuffer("attach");
            if (blocks.containsKey(buf)) {
                throw queue.busy("attach: " + buf + " is already attached");
            }
            long scanBytes = queue.scanBytes();
            if (buf.size() < scanBytes) {
                throw queue.invalid("attach: " + buf + " cannot hold one scan of " + scanBytes + " bytes");
            }
            buf.attached(queue);
            buf.mapping.retain();
            blocks.put(buf, new Block(queue, buf.mapping, blocks.size(), buf.size(), 0, buf));
        } finally {
            lock.unlock();
        }
    }

    /** {@link BlockQueue#detach}. */
    void detach(DmaBuf buf) {
        release(buf, true);
    }

    /** {@link DmaBuf#close()}'s detach: a queue closed meanwhile has already let go. */
    void detachOnClose(DmaBuf buf) {
        release(buf, false);
    }

    /**
     * Ends {@code buf}'s attachment. {@code checked}: the application's detach, refused on a closed
     * queue or buffer or one not attached; else the buffer's close, which takes whatever is left.
     */
    private void release(DmaBuf buf, boolean checked) {
        Fence cancelled = null;
        lock.lock();
        try {
            if (checked) {
                queue.ensureOpen("detach");
                checkNotClosed(buf, "detach");
            }
            Block b = blocks.remove(buf);
            if (b == null && checked) {
                throw new IioException(Errno.EPERM, queue.name() + ": detach: " + buf + " is not attached");
            }
            if (b != null) {
                cancelled = queue.killAttachment(b);
            }
        } finally {
            lock.unlock();
        }
        buf.detached(queue);
        signal(cancelled, Errno.EINTR);
    }

    /** {@link BlockQueue#isAttached}. */
    boolean isAttached(DmaBuf buf) {
        lock.lock();
        try {
            return blocks.containsKey(buf);
        } finally {
            lock.unlock();
        }
    }

    /** {@link BlockQueue#enqueue(DmaBuf, long, int)}. */
    Fence enqueue(DmaBuf buf, long bytesUsed, int flags) {
        if (bytesUsed < 1 || bytesUsed > buf.size()) {
            throw queue.invalid("enqueue: " + buf + ": bytesUsed " + bytesUsed + " is out of range 1.." + buf.size());
        }
        String name = queue.name();
        long scanBytes = queue.scanBytes();
        long deadline = System.nanoTime() + queue.enqueueTimeoutNanos();
        while (true) {
            Fence fence = null;
            lock.lock();
            try {
                queue.ensureOpen("enqueue");
                checkNotClosed(buf, "enqueue");
                queue.fileIo().checkBuffer("enqueue");
                Block b = blocks.get(buf);
                if (b == null) {
                    throw new IioException(Errno.EPERM, name + ": enqueue: " + buf + " is not attached");
                }
                queue.validateFlags(b, flags);
                if (bytesUsed % scanBytes != 0) {
                    throw queue.invalid("enqueue: " + buf + ": bytesUsed " + bytesUsed
                            + " is not a whole number of " + scanBytes + "-byte scans");
                }
                switch (b.state) {
                    case QUEUED -> throw new IioException(Errno.EPERM, name + ": enqueue: " + buf + " is already queued");
                    case DEAD -> throw queue.busy("enqueue: " + buf + " is DEAD (detached)");
                    default -> {
                    }
                }
                Fence candidate = new Fence(name, b.fenceSeq + 1, buf);
                if (buf.tryAddFence(candidate)) {
                    fence = candidate;
                    b.fenceSeq++;
                    b.fence = fence;
                    b.bytesUsed = bytesUsed;
                    b.flags = flags;
                    b.timestampNs = 0;
                    queue.queueAttachment(b);
                }
            } finally {
                lock.unlock();
            }
            if (fence != null) {
                signalFailedSubmits();
                return fence;
            }
            buf.awaitIdle(deadline, "enqueue on " + name, Errno.EBUSY,
                    TimeUnit.NANOSECONDS.toMillis(queue.enqueueTimeoutNanos()));
        }
    }

    /** {@link BlockQueue#allocateDmaBuf}. */
    DmaBuf allocateDmaBuf(long size) {
        DmaBuf buf = DmaHeap.system().allocate(size);
        try {
            attach(buf);
        } catch (RuntimeException e) {
            buf.close();
            throw e;
        }
        lock.lock();
        try {
            owned.add(buf);
        } finally {
            lock.unlock();
        }
        return buf;
    }

    /** {@return DMA buffers attached now} Under lock. */
    int count() {
        return blocks.size();
    }

    /** {@return the attachments' blocks, for the abort hand-back} Under lock. */
    Collection<Block> blocks() {
        return blocks.values();
    }

    /** A DMA buffer's submit failed with {@code error}: its fence signals it later. Under lock. */
    void submitFailed(Fence fence, Errno error) {
        failedFences.addLast(fence);
        failedErrors.addLast(error);
    }

    /** Signals the fences of failed submits; called after the lock is released. */
    void signalFailedSubmits() {
        while (true) {
            Fence f;
            Errno e;
            lock.lock();
            try {
                f = failedFences.pollFirst();
                e = failedErrors.pollFirst();
            } finally {
                lock.unlock();
            }
            if (f == null) {
                return;
            }
            f.signal(e);
        }
    }

    /**
     * The queue's close, under its lock: kills every attachment and takes the buffers the queue
     * owns. The buffers are told, the fences signalled and the owned buffers closed by
     * {@link Detached#finish}, after the lock is released.
     */
    Detached detachAll() {
        List<DmaBuf> detached = List.copyOf(blocks.keySet());
        List<Fence> cancelled = new ArrayList<>();
        for (Block b : blocks.values()) {
            Fence f = queue.killAttachment(b);
            if (f != null) {
                cancelled.add(f);
            }
        }
        blocks.clear();
        List<DmaBuf> closing = List.copyOf(owned);
        owned.clear();
        return new Detached(queue, detached, cancelled, closing);
    }

    /** What a close detached: see {@link #detachAll()}. */
    record Detached(BlockQueue queue, List<DmaBuf> detached, List<Fence> cancelled, List<DmaBuf> owned) {
        /** Tells the buffers, signals the cancelled transfers EINTR, closes the owned buffers; without the lock. */
        void finish() {
            for (DmaBuf buf : detached) {
                buf.detached(queue);
            }
            for (Fence f : cancelled) {
                f.signal(Errno.EINTR);
            }
            for (DmaBuf buf : owned) {
                buf.close();
            }
        }
    }

    private void checkNotClosed(DmaBuf buf, String op) {
        if (buf.isClosed()) {
            throw new IioException(Errno.EBADF, queue.name() + ": " + op + ": " + buf + " is closed");
        }
    }

    private static void signal(Fence fence, Errno error) {
        if (fence != null) {
            fence.signal(error);
        }
    }
}
