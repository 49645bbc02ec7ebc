package io.jiio.cli;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.FileIo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * {@code --mode fileio} for {@code jiio write}: stdin goes into a buffer of {@code -b} scans, which
 * the write() path ({@link FileIo}) copies into its two kernel blocks of {@code length / 2} scans.
 * FileIo enables the queue when it opens; the device starts with the first full kernel block.
 *
 * <p>The queue is non-blocking, so a write takes what fits and never waits: the waits happen in
 * {@link FileIo#await} and {@link FileIo#drain}, in the caller's slices, where a stop or
 * {@code -T} can end them.
 */
final class FileIoPlayback implements Playback {
    private final FileIo io;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer;
    private long written;
    private long submitted;
    private Played listener = (id, bytes, firstScan, lostBefore) -> { };

    /** @param lengthScans the buffer length (see {@link StreamOptions#fileIoLengthScans()}) */
    FileIoPlayback(BlockQueue queue, long lengthScans, long blockBytes) {
        long scanBytes = queue.scanBytes();
        this.buffer = arena.allocate(blockBytes / scanBytes * scanBytes, 4096);
        try {
            this.io = FileIo.open(queue, lengthScans);
            queue.setNonBlocking(true);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public boolean poll(long nanos) {
        return push(System.nanoTime() + nanos);
    }

    /** Writes what is left of the last submit until {@code deadline}; true once all is accepted. */
    private boolean push(long deadline) {
        while (written < submitted) {
            if (!io.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
            written += io.write(buffer.asSlice(written, submitted - written));
        }
        return true;
    }

    @Override
    public MemorySegment room() {
        return buffer;
    }

    @Override
    public void onPlayed(Played listener) {
        this.listener = listener;
    }

    @Override
    public void submit(long bytes) {
        written = 0;
        submitted = bytes;
        push(System.nanoTime());
        listener.played(-1, bytes, Block.UNKNOWN, Block.UNKNOWN); // write() hides the blocks
    }

    @Override
    public boolean drain(long nanos) {
        long deadline = System.nanoTime() + nanos;
        return push(deadline) && io.drain(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        try {
            io.abort();
        } finally {
            arena.close();
        }
    }
}
