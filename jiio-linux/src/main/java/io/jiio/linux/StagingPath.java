package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * The staging copy of the block and DMABUF paths: the application's memory is not the kernel's,
 * so each block's bytes are copied through kernel buffers of type {@code B}. The subclass says
 * how a buffer goes to the device ({@link #enqueue}) and how one comes back ({@link #awaitCompleted});
 * the copying, the re-queueing and their errors are the same for both, so they live here.
 *
 * <pre>
 *  fill (input):   awaitCompleted → current → copy out, scan by scan → used up → enqueue
 *  drain (output): free, else awaitCompleted → copy in → enqueue (cyclic: must fit one buffer)
 * </pre>
 * fill and drain run on the engine thread only; nothing here allocates on the way of a block.
 */
abstract class StagingPath<B extends KernelBuffer> implements DataPath {
    protected final long scanBytes;
    protected final String what;
    /** Buffers that are ours, not the kernel's: output ones waiting to be filled. */
    protected final ArrayDeque<B> free = new ArrayDeque<>();
    /** What one kernel buffer is called in errors: "kernel block", "DMABUF". */
    private final String noun;
    private final int cyclicFlag;
    private B current;
    private long currentUsed;
    private long pos;

    StagingPath(long scanBytes, String what, String noun, int cyclicFlag) {
        this.scanBytes = scanBytes;
        this.what = what;
        this.noun = noun;
        this.cyclicFlag = cyclicFlag;
    }

    /** Hands {@code b} to the device with {@code bytesUsed} of data and the kernel's {@code flags}. */
    protected abstract void enqueue(B b, long bytesUsed, int flags);

    /** Waits for the device to hand a buffer back and makes it the CPU's; null when cancelled. */
    protected abstract B awaitCompleted(Waiter waiter, BooleanSupplier stopping);

    /** The bytes the device wrote into {@code b}, which {@link #awaitCompleted} just returned. */
    protected abstract long bytesFilled(B b);

    @Override
    public final long fill(MemorySegment dst, long max, Waiter waiter, BooleanSupplier stopping) {
        while (current == null) {
            B b = awaitCompleted(waiter, stopping);
            if (b == null) {
                return -1;
            }
            long used = bytesFilled(b);
            if (used == 0) {
                enqueue(b, b.size, 0); // aborted transfer: nothing to hand on
                continue;
            }
            current = b;
            currentUsed = used;
            pos = 0;
        }
        long n = Math.min(currentUsed - pos, max / scanBytes * scanBytes);
        MemorySegment.copy(current.memory, pos, dst, 0, n);
        pos += n;
        if (pos >= currentUsed) {
            B b = current;
            current = null;
            enqueue(b, b.size, 0);
        }
        return n;
    }

    @Override
    public final boolean drain(MemorySegment src, long bytes, boolean cyclic, Waiter waiter,
                               BooleanSupplier stopping) {
        long done = 0;
        while (done < bytes) {
            B b = free.poll();
            if (b == null) {
                b = awaitCompleted(waiter, stopping);
                if (b == null) {
                    return false;
                }
            }
            long room = b.size / scanBytes * scanBytes;
            if (cyclic && bytes > room) {
                free.add(b);
                throw new IioException(Errno.EINVAL, what + ": a cyclic block of " + bytes
                        + " bytes does not fit one " + noun + " of " + room + " bytes");
            }
            long n = Math.min(room, bytes - done);
            MemorySegment.copy(src, done, b.memory, 0, n);
            enqueue(b, n, cyclic ? cyclicFlag : 0);
            done += n;
        }
        return true;
    }

    /** Forgets every staging buffer (teardown): the subclass has given them back to the kernel. */
    protected final void dropStaging() {
        free.clear();
        current = null;
    }
}
