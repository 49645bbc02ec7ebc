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
 * wanted ({@code -s}), whichever is fewer — or when the next read starts after a gap: FileIo never
 * returns both sides of one in a read ({@link FileIo#readLostBefore()}), and this block ends there
 * too, so that its {@link #firstScan()} and {@link #lostBefore()} place every lost scan as the
 * other modes do. The scans of that read open the next block. A block's timestamp is the time it
 * was completed (FileIo passes no device timestamps through).
 */
final class FileIoCapture implements Capture {
    private final FileIo io;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer;
    private final long scanBytes;
    private long target;
    private long filled;
    /** Bytes of a read after a gap, at {@code buffer[filled ..]}: the start of the next block. */
    private long carried;
    private long carriedFirstScan;
    private long carriedLostBefore;
    private long firstScan;
    private long lostBefore;
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
            if (carried > 0) {
                MemorySegment.copy(buffer, data.byteSize(), buffer, 0, carried);
                filled = carried;
                firstScan = carriedFirstScan;
                lostBefore = carriedLostBefore;
                carried = 0;
            }
        }
        long deadline = System.nanoTime() + nanos;
        while (filled < target) {
            if (!io.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false; // what was read so far stays; the next poll goes on from there
            }
            long n = io.read(buffer.asSlice(filled, target - filled));
            long lost = io.readLostBefore();
            if (filled == 0) {
                firstScan = io.readFirstScan();
                lostBefore = lost;
            } else if (lost > 0) {
                carried = n; // after a gap: this block ends before it
                carriedFirstScan = io.readFirstScan();
                carriedLostBefore = lost;
                break;
            }
            filled += n;
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
    public long firstScan() {
        return firstScan;
    }

    @Override
    public long lostBefore() {
        return lostBefore;
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
