package io.jiio.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class TimedTest {
    /** One slice stalled for 200 ms among four of 10 ms: the median is a calm one (an average would fall to a fifth). */
    @Test
    void medianSliceIgnoresOneStall() {
        Timed.Result calm = new Timed.Result(1000, 10_000_000);
        Timed.Result[] slices = {calm, calm, new Timed.Result(1000, 210_000_000), calm, calm};
        assertEquals(calm, Timed.median(slices));
        Timed.Result[] mixed = {new Timed.Result(5, 1), new Timed.Result(1, 1), new Timed.Result(3, 1),
            new Timed.Result(2, 1), new Timed.Result(4, 1)};
        assertEquals(3, Timed.median(mixed).units());
        assertEquals(5, mixed[0].units(), "the caller's slices stay in their order");
    }

    /** A run takes its warm-up and its slices, and reports a slice of about a fifth of the duration. */
    @Test
    void runReportsOneSliceOfTheMeasuredPart() {
        long[] steps = {0};
        Timed.Result r = Timed.run(() -> {
            steps[0]++;
            busy(100_000);
            return 1;
        }, 20_000_000);
        assertTrue(r.nanos() >= 20_000_000 / Timed.SLICES, r.toString());
        assertTrue(steps[0] > r.units(), "the warm-up and the other slices ran too: " + steps[0] + " steps");
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
