package io.jiio.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class TimedTest {
    @Test
    void medianSliceIgnoresOneStall() {
        long[] calls = {0};
        // Every step takes about 0.1 ms, except one that stalls 30 ms in the measured part.
        Timed.Result r = Timed.run(() -> {
            calls[0]++;
            busy(calls[0] == 300 ? 30_000_000 : 100_000);
            return 1;
        }, 50_000_000);
        assertTrue(r.perSecond() > 5_000 && r.perSecond() < 11_000, "about 10000 steps/s: " + r.perSecond());
        assertTrue(r.nanos() >= 10_000_000 / Timed.SLICES, r.toString());
    }

    @Test
    void readAllSumsEveryWordAndTailByte() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(8 * 3 + 3);
            s.fill((byte) 1);
            assertEquals(3 * 0x0101010101010101L + 3, ReadAll.sum(s));
        }
    }

    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
