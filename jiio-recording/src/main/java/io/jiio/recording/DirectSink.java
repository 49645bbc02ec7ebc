package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes through a file descriptor opened with O_DIRECT (where the file system allows it): with
 * io_uring, the blocks registered as fixed buffers and several writes in flight; or, without
 * io_uring, one pwrite at a time. O_DIRECT moves the samples from the block to the device without
 * the page cache's copy; it needs the memory, the length and the offset aligned ({@link #alignment}),
 * and the recorder stages whatever is not. {@link #dropAlignment} turns O_DIRECT off for the rest
 * of a recording whose offset can no longer be aligned.
 */
final class DirectSink implements DataSink {
    static final int ALIGN = 4096;

    private final Libc libc;
    private final Path path;
    private final int fd;
    private final Uring ring;
    private final List<MemorySegment> registered;
    private boolean direct;
    private String how;
    private int inFlight;
    /** Offsets and lengths by tag, for error messages and short writes. */
    private long[] offsets = new long[64];
    private MemorySegment[] segments = new MemorySegment[64];
    /** pwrite path: tags written, to hand back from await. */
    private final java.util.ArrayDeque<Long> done = new java.util.ArrayDeque<>();

    DirectSink(Libc libc, Path path, int fd, boolean direct, Uring ring, List<MemorySegment> registered, String how) {
        this.libc = libc;
        this.path = path;
        this.fd = fd;
        this.direct = direct;
        this.ring = ring;
        this.registered = registered;
        this.how = how;
    }

    @Override
    public String describe() {
        return how;
    }

    @Override
    public int depth() {
        return ring != null ? ring.entries() : 1;
    }

    @Override
    public int alignment() {
        return direct ? ALIGN : 1;
    }

    @Override
    public void dropAlignment(String why) {
        if (direct) {
            libc.clearDirect(fd, path.toString());
            direct = false;
            how = how.replace("O_DIRECT", "page cache") + " (O_DIRECT off: " + why + ")";
        }
    }

    @Override
    public void submit(MemorySegment seg, long offset, long tag) {
        if (ring == null) {
            libc.pwriteFully(fd, seg, offset, path.toString());
            done.add(tag);
            return;
        }
        remember(tag, seg, offset);
        if (!ring.write(fd, seg, offset, fixedIndex(seg), tag)) {
            throw new IllegalStateException("io_uring submission ring full: " + inFlight + " in flight");
        }
        inFlight++;
    }

    private void remember(long tag, MemorySegment seg, long offset) {
        int t = (int) tag;
        if (t >= offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, Math.max(t + 1, offsets.length * 2));
            segments = java.util.Arrays.copyOf(segments, offsets.length);
        }
        offsets[t] = offset;
        segments[t] = seg;
    }

    /** The registered buffer holding {@code seg}, or -1 (then a plain write). */
    private int fixedIndex(MemorySegment seg) {
        for (int i = 0; i < registered.size(); i++) {
            MemorySegment r = registered.get(i);
            if (seg.address() >= r.address() && seg.address() + seg.byteSize() <= r.address() + r.byteSize()) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public long await(long timeoutNanos) {
        if (ring == null) {
            Long t = done.poll();
            return t == null ? -1 : t;
        }
        if (inFlight == 0 || !ring.reap(timeoutNanos > 0)) {
            return -1;
        }
        inFlight--;
        int t = (int) ring.lastUserData;
        int res = ring.lastRes;
        MemorySegment seg = segments[t];
        if (res == -Errno.EFAULT.code() || (res == -Errno.EIO.code() && direct)) {
            // Memory the kernel will not do direct I/O from (a device's mmap, a DMABUF's mapping):
            // this write goes through an aligned copy, and the description counts it.
            writeThroughCopy(seg, offsets[t]);
            res = (int) seg.byteSize();
        }
        if (res < 0) {
            Errno e = Errno.of(-res);
            throw new IioException(e, path + ": write at offset " + offsets[t] + " (io_uring): " + e.description());
        }
        if (res < seg.byteSize()) {
            // A short write (rare: the end of the space, a signal): the rest synchronously.
            libc.pwriteFully(fd, seg.asSlice(res), offsets[t] + res, path.toString());
        }
        segments[t] = null;
        return t;
    }

    private java.lang.foreign.Arena copies;
    private MemorySegment copy;
    private long copied;

    private void writeThroughCopy(MemorySegment seg, long offset) {
        long padded = (seg.byteSize() + ALIGN - 1) / ALIGN * ALIGN;
        if (copy == null || copy.byteSize() < padded) {
            if (copies == null) {
                copies = java.lang.foreign.Arena.ofShared();
            }
            copy = copies.allocate(padded, ALIGN);
        }
        MemorySegment.copy(seg, 0, copy, 0, seg.byteSize());
        libc.pwriteFully(fd, copy.asSlice(0, direct ? padded : seg.byteSize()), offset, path.toString());
        if (copied++ == 0) {
            how = how + "; writes the kernel refused from the block's memory (EFAULT) go through a copy";
        }
    }

    @Override
    public int inFlight() {
        return ring != null ? inFlight : done.size();
    }

    @Override
    public void finish(long length) {
        try {
            while (inFlight > 0) {
                await(Long.MAX_VALUE);
            }
            libc.ftruncate(fd, length, path.toString()); // O_DIRECT wrote whole pages: the file is exact now
            libc.fsync(fd, path.toString());
        } finally {
            close();
        }
    }

    private boolean closed;

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (ring != null && inFlight > 0) {
                try {
                    await(Long.MAX_VALUE);
                } catch (IioException ignored) {
                    // the first error was reported; the others only need to end
                }
            }
        } finally {
            if (ring != null) {
                ring.close();
            }
            libc.close(fd);
            if (copies != null) {
                copies.close();
            }
        }
    }
}
