package io.jiio.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class TimedTest {
    @Test
    void medianSliceIgnoresOneStall() {
        Timed.Result calm = Timed.run(() -> {
            busy(100_000);
            return 1;
        }, 50_000_000);
        // The same steps, but the first one after 30 ms (past the 25 ms warm-up) stalls for 200 ms:
        // four times the whole measured time, so an average over the run would fall below a fifth.
        long[] first = {0};
        boolean[] stalled = {false};
        Timed.Result r = Timed.run(() -> {
            long now = System.nanoTime();
            if (first[0] == 0) {
                first[0] = now;
            } else if (!stalled[0] && now - first[0] > 30_000_000) {
                stalled[0] = true;
                busy(200_000_000);
            }
            busy(100_000);
            return 1;
        }, 50_000_000);
        assertTrue(stalled[0], "the stall happened in the measured part");
        assertTrue(r.perSecond() > calm.perSecond() / 2, "median " + r.perSecond() + " vs calm " + calm.perSecond());
        assertTrue(r.nanos() < 100_000_000, "the stalled slice is not the one reported: " + r);
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
