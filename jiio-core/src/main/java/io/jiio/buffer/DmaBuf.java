package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone DMA buffer (the kernel's DMABUF): page-aligned memory with its own lifetime, which
 * can be attached to several {@link BlockQueue}s at once — one device fills it, another plays it,
 * with no copy. Transfers are ordered by {@link Fence}s: an enqueue waits for the earlier users of
 * the buffer, and so does {@link #beginCpuAccess}.
 *
 * <p>The CPU reaches the memory only inside a bracket: {@link #beginCpuAccess} waits for pending
 * fences and returns a segment that {@link #endCpuAccess} invalidates (it is scoped to a confined
 * arena closed by the end, so the bracket must begin and end on one thread). Outside a bracket
 * {@link #segment()} is refused (EPERM). An open bracket holds a reference to the memory, so a
 * {@link #close()} from another thread leaves it mapped until that bracket ends.
 *
 * <p>{@link #close()} detaches the buffer everywhere; a transfer still running keeps the memory
 * mapped until the device completes or aborts it, so freed memory is never touched.
 */
public final class DmaBuf implements AutoCloseable {
    /** How long {@link #beginCpuAccess(CpuAccess)} waits for earlier transfers, as the kernel's enqueue. */
    public static final long DEFAULT_TIMEOUT_MS = 5000;

    private final DmaHeap heap;
    private final int id;
    final BlockMapping mapping;
    final MemorySegment memory;
    private final long size;

    private final Object lock = new Object();
    private final List<Fence> pending = new ArrayList<>();
    private final List<BlockQueue> attachedTo = new ArrayList<>();
    private CpuAccess access;
    private Arena bracket;
    private Thread bracketOwner;
    private MemorySegment bracketSegment;
    private boolean closed;

    DmaBuf(DmaHeap heap, int id, BlockMapping mapping, long size) {
        this.heap = heap;
        this.id = id;
        this.mapping = mapping;
        this.size = size;
        this.memory = mapping.slice(0, size);
    }

    /** {@return the buffer's id, unique in the process} */
    public int id() {
        return id;
    }

    /** {@return the buffer's size in bytes, as allocated} */
    public long size() {
        return size;
    }

    /** {@return the heap it came from} */
    public DmaHeap heap() {
        return heap;
    }

    /** {@return the memfd behind a {@link DmaHeap#shared()} buffer, or -1} */
    public int fd() {
        return mapping.fd();
    }

    /**
     * A path another process can open and mmap to reach the same pages (shared buffers only).
     *
     * @return {@code /proc/PID/fd/FD}, valid while this buffer is open
     * @throws IioException EOPNOTSUPP for a buffer that is not shared
     */
    public Path path() {
        if (mapping.fd() < 0) {
            throw new IioException(Errno.EOPNOTSUPP, this + " is not shared (allocate it from DmaHeap.shared())");
        }
        return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(mapping.fd()));
    }

    /**
     * Opens a CPU access bracket, waiting at most {@value #DEFAULT_TIMEOUT_MS} ms for pending
     * transfers; see {@link #beginCpuAccess(CpuAccess, long, TimeUnit)}.
     *
     * @param mode what the CPU will do
     * @return the buffer's memory, valid on this thread until {@link #endCpuAccess()}
     */
    public MemorySegment beginCpuAccess(CpuAccess mode) {
        return beginCpuAccess(mode, DEFAULT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a CPU access bracket ({@code DMA_BUF_IOCTL_SYNC} START): waits for every pending fence
     * of the buffer, then returns its memory, valid until {@link #endCpuAccess()}. The bracket
     * belongs to this thread: end it here too.
     *
     * @param mode    what the CPU will do
     * @param timeout how long to wait for pending transfers
     * @param unit    the timeout's unit
     * @return the buffer's memory, confined to this thread, usable until the bracket ends
     * @throws IioException ETIMEDOUT if a transfer did not finish in time, EBUSY if a bracket is
     *                      already open, EBADF once closed
     */
    public MemorySegment beginCpuAccess(CpuAccess mode, long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            ensureOpen("beginCpuAccess");
            if (access != null) {
                throw new IioException(Errno.EBUSY, this + ": CPU access (" + access + ") is already open");
            }
            awaitIdleLocked(deadline, "beginCpuAccess", Errno.ETIMEDOUT, unit.toMillis(timeout));
            // The bracket holds a mapping reference, as an mmap does: a close() from another
            // thread cannot unmap the memory under it, and a confined arena keeps begin/end cheap.
            mapping.retain();
            access = mode;
            bracket = Arena.ofConfined();
            bracketOwner = Thread.currentThread();
            bracketSegment = memory.reinterpret(bracket, null);
            return bracketSegment;
        }
    }

    /** Closes the bracket ({@code DMA_BUF_IOCTL_SYNC} END); the bracket's segment stops working. */
    public void endCpuAccess() {
        synchronized (lock) {
            if (access == null) {
                throw new IioException(Errno.EPERM, this + ": no CPU access to end");
            }
            if (bracketOwner != Thread.currentThread()) {
                throw new IioException(Errno.EPERM, this + ": CPU access must end on the thread that began it ("
                        + bracketOwner.getName() + ")");
            }
            closeBracketLocked();
        }
    }

    private void closeBracketLocked() {
        bracket.close();
        access = null;
        bracket = null;
        bracketOwner = null;
        bracketSegment = null;
        mapping.release();
    }

    /**
     * The memory, inside a CPU access bracket only.
     *
     * @return the bracket's segment
     * @throws IioException EPERM outside a bracket
     */
    public MemorySegment segment() {
        synchronized (lock) {
            if (access == null) {
                throw new IioException(Errno.EPERM, this + ": memory accessed outside a CPU access bracket "
                        + "(call beginCpuAccess first)");
            }
            return bracketSegment;
        }
    }

    /** {@return the open bracket's mode, or {@code null}} */
    public CpuAccess cpuAccess() {
        synchronized (lock) {
            return access;
        }
    }

    /**
     * Waits until no transfer of this buffer is pending (poll for EPOLLOUT).
     *
     * @param timeout how long to wait
     * @param unit    the timeout's unit
     * @return true when idle, false when the time ran out
     */
    public boolean awaitIdle(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (!pending.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                waitLocked(left);
            }
            return true;
        }
    }

    /** {@return the fences of this buffer not yet signalled, oldest first (a snapshot)} */
    public List<Fence> pendingFences() {
        synchronized (lock) {
            return List.copyOf(pending);
        }
    }

    /** {@return the queues this buffer is attached to (a snapshot)} */
    public List<BlockQueue> attachments() {
        synchronized (lock) {
            return List.copyOf(attachedTo);
        }
    }

    /** {@return whether {@link #close()} has been called} */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Destroys the buffer: detaches it from every queue (a transfer in flight is completed or
     * aborted by its device before the memory goes) and drops the handle's reference.
     */
    @Override
    public void close() {
        List<BlockQueue> queues;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queues = List.copyOf(attachedTo);
            if (bracket != null && bracketOwner == Thread.currentThread()) {
                closeBracketLocked();
            }
            // Another thread's open bracket keeps its mapping reference until it ends the bracket.
        }
        for (BlockQueue q : queues) {
            q.attachments().detachOnClose(this);
        }
        mapping.release();
    }

    boolean isUnmapped() {
        return mapping.isUnmapped();
    }

    // ------------------------------------------------------------------ queue side

    /**
     * Registers {@code fence} as the buffer's next user if no earlier fence is pending.
     *
     * @return false when an earlier transfer is still pending (the caller waits and retries)
     */
    boolean tryAddFence(Fence fence) {
        synchronized (lock) {
            ensureOpen("enqueue");
            if (access != null) {
                throw new IioException(Errno.EBUSY, this + ": CPU access (" + access
                        + ") is open; end it before enqueueing");
            }
            if (!pending.isEmpty()) {
                return false;
            }
            pending.add(fence);
            return true;
        }
    }

    /** Waits for the pending fences until {@code deadline}, failing with {@code onTimeout}. */
    void awaitIdle(long deadline, String op, Errno onTimeout, long timeoutMs) {
        synchronized (lock) {
            awaitIdleLocked(deadline, op, onTimeout, timeoutMs);
        }
    }

    /**
     * Completes {@code fence} and takes it off the pending list in one step, so that nobody who
     * sees the fence signalled can still find the buffer busy because of it.
     *
     * @return the callbacks to run (outside every lock), or null if it was already signalled
     */
    List<java.util.function.Consumer<Fence>> complete(Fence fence, Errno error) {
        synchronized (lock) {
            List<java.util.function.Consumer<Fence>> run = fence.complete(error);
            pending.remove(fence);
            lock.notifyAll();
            return run;
        }
    }

    void attached(BlockQueue queue) {
        synchronized (lock) {
            ensureOpen("attach");
            attachedTo.add(queue);
        }
    }

    void detached(BlockQueue queue) {
        synchronized (lock) {
            attachedTo.remove(queue);
        }
    }

    private void awaitIdleLocked(long deadline, String op, Errno onTimeout, long timeoutMs) {
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IioException(onTimeout, this + ": " + op + " waited " + timeoutMs
                        + " ms for an earlier transfer (" + pending.getFirst() + ")");
            }
            waitLocked(left);
        }
    }

    private void waitLocked(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IioException(Errno.EINTR, this + ": wait interrupted");
        }
    }

    private void ensureOpen(String op) {
        if (closed) {
            throw new IioException(Errno.EBADF, op + ": " + this + " is closed");
        }
    }

    @Override
    public String toString() {
        return "dmabuf " + id + " (" + size + " bytes)";
    }
}
