package io.jiio.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.Stream;
import io.jiio.model.AttributeKind;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code static} waveform: every block is written once (the counter's samples of its first
 * fill) and then handed back untouched, yet each completion is a full, fresh, timestamped block.
 */
@Timeout(20)
class StaticWaveformTest {
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfLong S64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final int BLOCKS = 3;
    private static final int SCANS = 1000;
    private static final int SCAN_BYTES = 16; // voltage0..3 then the 8-byte timestamp

    @Test
    void isSettableThroughTheUriAndListed() {
        try (Context ctx = Context.open("sim:sim-adc.waveform=static")) {
            Device adc = ctx.requireDevice("sim-adc");
            assertEquals("static", adc.requireAttribute(AttributeKind.DEVICE, "waveform").read());
            assertTrue(adc.requireAttribute(AttributeKind.DEVICE, "waveform_available").read().endsWith(" static"));
        }
    }

    @Test
    void firstFillIsTheCounterThenBlocksComeBackFullFreshAndUnwritten() {
        try (Context ctx = Context.open("sim:sim-adc.waveform=static,sim-adc.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask())) {
                q.allocate(BLOCKS, (long) SCANS * SCAN_BYTES + 5).forEach(q::enqueue); // +5: not a whole scan
                q.enable();
                long lastTs = 0;
                for (int i = 0; i < BLOCKS; i++) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    assertEquals((long) SCANS * SCAN_BYTES, b.bytesUsed(), "filled to whole-scan capacity");
                    MemorySegment m = b.segment();
                    for (int s = 0; s < SCANS; s++) {
                        for (int k = 0; k < 4; k++) {
                            assertEquals((short) (i * SCANS + s + k), m.get(S16, (long) s * SCAN_BYTES + 2 * k),
                                    "first round: the counter, block " + i + " scan " + s + " channel " + k);
                        }
                        assertEquals(b.timestampNs(), m.get(S64, (long) s * SCAN_BYTES + 8), "timestamp channel");
                    }
                    assertTrue(b.timestampNs() > lastTs, "timestamps increase");
                    lastTs = b.timestampNs();
                    // A mark the device would overwrite if it wrote the block again.
                    m.set(S16, 0, (short) (0x5A00 + i));
                    q.enqueue(b);
                }
                for (int round = 1; round <= 5; round++) {
                    for (int i = 0; i < BLOCKS; i++) {
                        Block b = q.dequeue(5, TimeUnit.SECONDS);
                        assertEquals(i, b.id(), "blocks come back in order");
                        assertEquals((long) SCANS * SCAN_BYTES, b.bytesUsed(), "every completion is a full block");
                        assertTrue(b.timestampNs() > lastTs, "each completion has its own, later timestamp");
                        lastTs = b.timestampNs();
                        MemorySegment m = b.segment();
                        assertEquals((short) (0x5A00 + i), m.get(S16, 0), "not written again: no CPU per block");
                        assertEquals((short) (i * SCANS + SCANS - 1 + 3), m.get(S16, (long) (SCANS - 1) * SCAN_BYTES + 6),
                                "the first fill's samples stay");
                        q.enqueue(b);
                    }
                }
                // at least those dequeued: the device goes on with the re-enqueued ones meanwhile
                assertTrue(q.stats().blocksCompleted() >= BLOCKS * 6L, q.stats().toString());
                assertEquals(0, q.stats().overruns());
            }
        }
    }

    @Test
    void dmaBuffersAreFilledOnceAndCarryFreshTimestampsThroughTheirFences() {
        try (Context ctx = Context.open("sim:sim-adc.waveform=static,sim-adc.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage1"));
                 Stream s = Stream.ofDmaBufs(q, 2, 2 * 512)) {
                long lastTs = 0;
                for (int n = 0; n < 10; n++) {
                    Stream.Chunk c = s.next(5, TimeUnit.SECONDS);
                    assertEquals(1024, c.bytesUsed());
                    assertTrue(c.timestampNs() > lastTs, "chunk " + n + ": a fresh timestamp");
                    lastTs = c.timestampNs();
                    long firstSample = (n % 2) * 512L; // the buffer's first fill, whatever the round
                    assertEquals((short) (firstSample + 1), c.segment().get(S16, 0), "voltage1 = n + 1");
                    assertEquals((short) (firstSample + 511 + 1), c.segment().get(S16, 1022));
                }
            }
        }
    }

    @Test
    void pacedStaticKeepsTheSampleClock() {
        try (Context ctx = Context.open("sim:sim-adc.waveform=static,sim-adc.sampling_frequency=100000")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                q.allocate(4, 2 * 100).forEach(q::enqueue); // 100 scans = 1 ms per block
                q.enable();
                Block first = q.dequeue(5, TimeUnit.SECONDS);
                long t0 = first.timestampNs();
                q.enqueue(first);
                long next = 100;
                for (int i = 1; i <= 8; i++) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    assertEquals(200, b.bytesUsed());
                    // 100 samples after the last block, and after any the device lost for want of a block
                    // (a late consumer on a loaded machine): the clock runs on either way
                    assertEquals(next + b.lostBefore(), b.firstScan(), "block " + i);
                    assertEquals(b.firstScan() * 10_000L, b.timestampNs() - t0, 1000, "block " + i + ": on the sample clock");
                    next = b.firstScan() + 100;
                    q.enqueue(b);
                }
            }
        }
    }
}
