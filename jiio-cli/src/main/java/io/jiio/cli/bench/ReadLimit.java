package io.jiio.cli.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The read limit: {@link ReadAll} over a plain page-aligned in-memory segment of one block's
 * size, again and again. No device, no queue: what reading the bytes costs on this machine,
 * measured in the same run (interleaved) with the captures it is compared with.
 */
public final class ReadLimit implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment segment;
    private long checksum;

    public ReadLimit(long blockBytes) {
        segment = arena.allocate(blockBytes, 4096);
        segment.fill((byte) 1); // touched, like the filled blocks of a capture
    }

    /** Reads the segment once; returns its size. */
    public long step() {
        checksum += ReadAll.sum(segment);
        return segment.byteSize();
    }

    @Override
    public void close() {
        Blackhole.consume(checksum);
        arena.close();
    }
}
