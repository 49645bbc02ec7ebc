package io.jiio.cli.bench;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.FileIo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code fileio}: the read() path. Each {@link #next()} copies one block's worth of scans out of
 * the kernel-style two blocks into the application's buffer, then reads it, as a read() user
 * would: one copy more than the zero-copy paths.
 */
final class FileIoLoop implements CaptureLoop {
    private final FileIo io;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private long checksum;

    /** @param lengthScans the buffer length in scans; the kernel splits it into two blocks */
    FileIoLoop(BlockQueue q, long lengthScans, long blockBytes) {
        long scanBytes = q.scanBytes();
        buffer = arena.allocate(blockBytes / scanBytes * scanBytes, 4096);
        try {
            // Watermark = one block: a read waits for a whole block rather than returning crumbs.
            io = FileIo.open(q, lengthScans, buffer.byteSize() / scanBytes);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public long next() {
        long filled = 0;
        long size = buffer.byteSize();
        while (filled < size) {
            filled += io.read(filled == 0 ? buffer : buffer.asSlice(filled));
        }
        checksum += ReadAll.sum(buffer);
        return size;
    }

    @Override
    public long checksum() {
        return checksum;
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
