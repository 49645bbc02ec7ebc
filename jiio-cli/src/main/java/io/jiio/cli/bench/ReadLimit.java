package io.jiio.cli.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The read limit: {@link ReadAll} over a plain page-aligned in-memory segment of one block's
 * size, again and again. No device, no queue: what reading the bytes costs on this machine,
 * measured in the same run as the captures it is compared with.
 */
public final class ReadLimit {
    private ReadLimit() {
    }

    /** Bytes per second of reading every byte of a {@code blockBytes} segment. */
    public static double bytesPerSecond(long blockBytes, long durationNanos) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(blockBytes, 4096);
            s.fill((byte) 1); // touched, like the filled blocks of a capture
            long[] sink = {0};
            Timed.Result r = Timed.run(() -> {
                sink[0] += ReadAll.sum(s);
                return blockBytes;
            }, durationNanos);
            Blackhole.consume(sink[0]);
            return r.perSecond();
        }
    }
}
