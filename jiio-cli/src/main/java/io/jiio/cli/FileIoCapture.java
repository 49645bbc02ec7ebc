package io.jiio.cli;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.FileIo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * {@code --mode fileio} for {@code jiio read}: the read() path ({@link FileIo}), which copies the
 * device's blocks into a buffer of {@code -b} scans; that buffer is this mode's "block". The
 * kernel side has its own two blocks of {@code length / 2} scans.
 *
 * <p>The watermark is one scan, so a read returns whatever has arrived instead of waiting for
 * more: the waits happen in {@link FileIo#await}, in the caller's slices, where a stop or
 * {@code -T} can end them. A block is complete when it holds {@code -b} scans, or the scans still
 * wanted ({@code -s}), whichever is fewer. Its timestamp is the time it was completed (FileIo
 * passes no device timestamps through).
 */
final class FileIoCapture implements Capture {
    private final FileIo io;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer;
    private final long scanBytes;
    private long target;
    private long filled;
    private long timestampNs;
    private MemorySegment data;

    /** @param lengthScans the buffer length (see {@link StreamOptions#fileIoLengthScans()}) */
    FileIoCapture(BlockQueue queue, long lengthScans, long blockBytes) {
        this.scanBytes = queue.scanBytes();
        this.buffer = arena.allocate(blockBytes / scanBytes * scanBytes, 4096);
        try {
            this.io = FileIo.open(queue, lengthScans, 1);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public boolean poll(long nanos, long maxScans) {
        if (target == 0) {
            target = Math.min(buffer.byteSize() / scanBytes, maxScans) * scanBytes;
            filled = 0;
        }
        long deadline = System.nanoTime() + nanos;
        while (filled < target) {
            if (!io.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false; // what was read so far stays; the next poll goes on from there
            }
            filled += io.read(buffer.asSlice(filled, target - filled));
        }
        timestampNs = System.nanoTime();
        data = filled == buffer.byteSize() ? buffer : buffer.asSlice(0, filled);
        target = 0;
        return true;
    }

    @Override
    public MemorySegment data() {
        return data;
    }

    @Override
    public long timestampNs() {
        return timestampNs;
    }

    @Override
    public int id() {
        return -1;
    }

    @Override
    public void close() {
        try {
            io.close();
        } finally {
            arena.close();
        }
    }
}
