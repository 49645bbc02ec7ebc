package io.jiio.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueStats;
import io.jiio.buffer.Stream;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A {@link Stream} consumer that stalls on a random schedule, reading the paced counter ADC: every
 * lost scan is accounted for and placed exactly where the counter jumps, however the stalls fall.
 * Identities only — how much is lost depends on the machine's load, where it is lost never does.
 */
class StreamLossProperties {
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** 4 blocks of 500 scans at 100 kHz: 20 ms of room, so stalls of 0-40 ms lose sometimes. */
    private static final int BLOCK_SCANS = 500;
    private static final int CHUNKS = 24;

    @Property(tries = 12, edgeCases = EdgeCasesMode.FIRST)
    void deliveredPlusLostIsProducedAndEachGapIsTheCounterJump(
            @ForAll @Size(CHUNKS) List<@IntRange(min = 0, max = 40) Integer> stallMs,
            @ForAll boolean dmaBufs) throws InterruptedException {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=100000")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"))) {
                long delivered = 0;
                long lost = 0;
                long gaps = 0;
                long next = 0;          // the scan index the next chunk starts at, if nothing is lost
                try (Stream s = dmaBufs ? Stream.ofDmaBufs(q, 4, BLOCK_SCANS * 4L) : Stream.ofBlocks(q, 4, BLOCK_SCANS * 4L)) {
                    for (int i = 0; i < CHUNKS; i++) {
                        Stream.Chunk c = s.next(10, TimeUnit.SECONDS);
                        MemorySegment seg = c.segment();
                        assertEquals(next + c.lostBefore(), c.firstScan(), "chunk " + i + " sits after the last one and its gap");
                        for (long k = 0; k < c.scans(); k++) {
                            short v0 = seg.get(LE16, 4 * k);
                            assertEquals((short) (c.firstScan() + k), v0, "chunk " + i + ", scan " + k + ": the counter");
                            assertEquals((short) (v0 + 1), seg.get(LE16, 4 * k + 2));
                        }
                        delivered += c.scans();
                        lost += c.lostBefore();
                        gaps += c.lostBefore() > 0 ? 1 : 0;
                        next = c.firstScan() + c.scans();
                        Thread.sleep(stallMs.get(i));
                    }
                    QueueStats st = q.stats();
                    assertTrue(st.lossKnown());
                    // the queue has placed the delivered chunks' losses, and maybe those of blocks not taken yet
                    assertTrue(st.overrunScans() >= lost && st.overruns() >= gaps, st::toString);
                }
                assertEquals(next, delivered + lost, "delivered + lost = produced, up to the last scan delivered");
                Statistics.label("gaps").collect(gaps == 0 ? "none" : gaps < 3 ? "1-2" : "3+");
            }
        }
    }
}
