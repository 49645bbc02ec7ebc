package io.jiio.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.QueueStats;
import io.jiio.buffer.Stream;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Loss accounting under random stall schedules, on the paced simulated ADC's counter: whatever the
 * consumer does, every chunk's {@code firstScan} is the counter's own position, its
 * {@code lostBefore} is exactly the jump of the counter before it, no chunk holds a gap, and
 * delivered + reported lost = produced, with {@link QueueStats} agreeing with the chunks' sums.
 *
 * <p>Both DMA-buffer and block streams; the schedule is a pause (often none, sometimes longer than
 * all the buffering) after each chunk.
 */
class StallScheduleProperties {
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** 200 kHz: 5 µs a scan, so a 4 ms pause is 800 scans, more than some schedules buffer. */
    private static final String PACED = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000";
    private static final long NANOS_PER_SCAN = 5_000;

    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void deliveredPlusLostIsProducedAndEveryGapIsPlaced(@ForAll("pauses") List<Integer> pausesMicros,
                                                         @ForAll @IntRange(min = 2, max = 4) int blocks,
                                                         @ForAll @IntRange(min = 16, max = 400) int scansPerBlock,
                                                         @ForAll boolean dmabufs) {
        try (Context ctx = Context.open(PACED)) {
            Device adc = ctx.requireDevice("sim-adc");
            // voltage1 and voltage2: scan index k of each is also its counter offset.
            BlockQueue q = adc.openBuffer(0, adc.mask("voltage1", "voltage2"), QueueConfig.defaults());
            long scanBytes = q.scanBytes();
            assertEquals(4, scanBytes);
            long delivered = 0;
            long lostSum = 0;
            long gaps = 0;
            long next = 0;
            try (Stream s = dmabufs ? Stream.ofDmaBufs(q, blocks, scansPerBlock * scanBytes)
                    : Stream.ofBlocks(q, blocks, scansPerBlock * scanBytes)) {
                for (int pause : pausesMicros) {
                    Stream.Chunk c = s.next(5, TimeUnit.SECONDS);
                    long scans = c.scans();
                    assertEquals(scansPerBlock, scans, "a paced block is always full");
                    long counterAt = counter(c.segment(), 0, 1);
                    assertEquals(c.firstScan() & 0xFFFF, counterAt,
                            "chunk " + c.sequence() + ": firstScan " + c.firstScan() + " vs the counter");
                    assertEquals(c.firstScan() - next, c.lostBefore(),
                            "chunk " + c.sequence() + ": lostBefore vs the jump from scan " + next);
                    for (long i = 1; i < scans; i++) {
                        assertEquals((c.firstScan() + i) & 0xFFFF, counter(c.segment(), i, 1),
                                "chunk " + c.sequence() + " has a gap inside at scan " + i);
                        assertEquals((c.firstScan() + i) & 0xFFFF, counter(c.segment(), i, 2),
                                "chunk " + c.sequence() + " channel voltage2 at scan " + i);
                    }
                    if (c.lostBefore() > 0) {
                        gaps++;
                        lostSum += c.lostBefore();
                    }
                    delivered += scans;
                    next = c.firstScan() + scans;
                    if (pause > 0) {
                        LockSupport.parkNanos(pause * 1000L);
                    }
                }
            }
            QueueStats stats = q.stats();
            assertEquals(next, delivered + lostSum, "delivered + lost = produced (the last chunk's end)");
            // Blocks the device completed after the last chunk we took may carry losses of their own.
            assertTrue(stats.overrunScans() >= lostSum, "stats vs the chunks' lostBefore: " + stats);
            assertTrue(stats.overruns() >= gaps, "one episode per gap at least: " + stats);
            assertTrue(stats.lossKnown());
            q.close();
            Statistics.label("schedule lost scans").collect(lostSum > 0);
        }
        // Most schedules must really lose, or the property proves little.
        Statistics.label("schedule lost scans").coverage(c -> c.check(true).count(n -> n >= 8));
    }

    @Provide
    Arbitrary<List<Integer>> pauses() {
        Arbitrary<Integer> pause = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.integers().between(1, 500)),
                Tuple.of(2, Arbitraries.integers().between(500, 6_000)));
        return pause.list().ofMinSize(10).ofMaxSize(60);
    }

    /** Channel {@code k}'s counter sample of scan {@code i} (voltage1 at byte 0, voltage2 at byte 2). */
    private static long counter(MemorySegment seg, long i, int k) {
        return (seg.get(LE16, i * 4 + (k - 1) * 2L) - k) & 0xFFFF;
    }
}
