package io.jiio.cli.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The read limit: {@link ReadAll} over plain page-aligned in-memory segments of one block's
 * size, again and again. No device, no queue: what reading the bytes costs on this machine,
 * measured in the same run (interleaved) with the captures it is compared with. With one
 * segment it is the read limit; with as many as a capture circulates it has the
 * capture's cache footprint too.
 */
public final class ReadLimit implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment[] segments;
    private int next;
    private long checksum;

    /**
     * Allocates and touches the segments.
     *
     * @param blockBytes bytes per segment
     * @param count      segments read in turn: 1 for the read limit, a capture's block count for
     *                   its cache footprint
     */
    public ReadLimit(long blockBytes, int count) {
        segments = new MemorySegment[count];
        for (int i = 0; i < count; i++) {
            segments[i] = arena.allocate(blockBytes, 4096);
            segments[i].fill((byte) (i + 1)); // touched, like the filled blocks of a capture
        }
    }

    /**
     * Reads the next segment once: a step for {@link Timed}.
     *
     * @return the bytes read
     */
    public long step() {
        MemorySegment s = segments[next];
        next = next + 1 == segments.length ? 0 : next + 1;
        checksum += ReadAll.sum(s);
        return s.byteSize();
    }

    @Override
    public void close() {
        Blackhole.consume(checksum);
        arena.close();
    }
}
