package io.jiio.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.CpuAccess;
import io.jiio.buffer.DmaBuf;
import io.jiio.buffer.DmaHeap;
import io.jiio.buffer.Fence;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What DMABUF is for: a buffer the ADC fills is played by the DAC with no copy, ordered only by
 * fences. sim-adc in loopback mode captures what sim-dac plays (ADC voltage k ← DAC voltage
 * k mod 2) and, with an unthrottled DAC, loses nothing. ADC voltage0+voltage1 and DAC
 * voltage0+voltage1 are both 4-byte scans, so a buffer round-trips bit for bit.
 */
@Timeout(60)
class ZeroCopyLoopbackTest {
    private static final String LOOPBACK = "sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0";
    private static final ValueLayout.OfInt SCAN = ValueLayout.JAVA_INT_UNALIGNED;
    private static final int SCANS = 4096;
    private static final long SIZE = SCANS * 4L;
    private static final int HOPS = 60;

    /** Scan s of the seed: voltage0 in the low half, voltage1 in the high half (little endian). */
    private static int seedScan(int s) {
        short v0 = (short) (s * 37 + 11);
        short v1 = (short) (~s ^ 0x5a5a);
        return (v0 & 0xffff) | v1 << 16;
    }

    /** Fences of one attachment, to check their numbering and that every one succeeded. */
    private static final class Attachment {
        final String name;
        final List<Fence> fences = new ArrayList<>();

        Attachment(String name) {
            this.name = name;
        }

        Fence add(Fence f) {
            assertEquals(fences.size() + 1, f.seqno(), name + ": fences are numbered 1, 2, 3 ... per attachment");
            fences.add(f);
            return f;
        }
    }

    @Test
    void dataSurvivesManyAdcToDacHopsWithoutACopy() throws Exception {
        try (Context ctx = Context.open(LOOPBACK)) {
            Device adc = ctx.requireDevice("sim-adc");
            Device dac = ctx.requireDevice("sim-dac");
            try (BlockQueue in = adc.openBuffer(adc.mask("voltage0", "voltage1"));
                 BlockQueue out = dac.openBuffer(dac.mask("voltage0", "voltage1"));
                 DmaBuf seed = DmaHeap.system().allocate(SIZE);
                 DmaBuf x = DmaHeap.system().allocate(SIZE);
                 DmaBuf y = DmaHeap.system().allocate(SIZE)) {
                assertEquals(4, in.scanBytes(), "ADC voltage0+voltage1: 4-byte scans");
                assertEquals(4, out.scanBytes(), "DAC voltage0+voltage1: 4-byte scans");
                int[] expected = new int[SCANS];
                MemorySegment s = seed.beginCpuAccess(CpuAccess.WRITE);
                for (int i = 0; i < SCANS; i++) {
                    expected[i] = seedScan(i);
                    s.set(SCAN, i * 4L, expected[i]);
                }
                seed.endCpuAccess();
                Map<DmaBuf, Long> address = new HashMap<>();
                for (DmaBuf b : List.of(x, y)) {
                    address.put(b, b.beginCpuAccess(CpuAccess.READ).address());
                    b.endCpuAccess();
                    in.attach(b);
                    out.attach(b);
                    assertEquals(List.of(in, out), b.attachments(), "one buffer, attached to both devices");
                }
                out.attach(seed);
                Map<DmaBuf, Attachment> fills = Map.of(x, new Attachment("ADC/x"), y, new Attachment("ADC/y"));
                Map<DmaBuf, Attachment> plays = Map.of(x, new Attachment("DAC/x"), y, new Attachment("DAC/y"));
                in.enable();
                out.enable();

                // Hop 0, seed -> x -> y. The DAC's enqueue of x is issued while the ADC has not even
                // started filling x: it must wait for x's fill fence, nothing else orders them.
                Fence fillX = fills.get(x).add(in.enqueue(x));
                AtomicBoolean fillDoneWhenPlayed = new AtomicBoolean();
                CompletableFuture<Fence> playX = CompletableFuture.supplyAsync(() -> {
                    Fence f = out.enqueue(x, SIZE, 0);
                    fillDoneWhenPlayed.set(fillX.isSignaled() && fillX.error() == null);
                    return f;
                });
                Thread.sleep(50);
                assertFalse(playX.isDone(), "the DAC enqueue of x waits for the ADC's fence on x");
                assertFalse(fillX.isSignaled(), "nothing played yet: x cannot be filled");
                Fence fillY = fills.get(y).add(in.enqueue(y));
                Fence playSeed = out.enqueue(seed); // seed plays into x, then x into y
                plays.get(x).add(playX.get(10, TimeUnit.SECONDS));
                assertTrue(fillDoneWhenPlayed.get(), "the DAC got x only after x's fill fence signalled");
                checkContents(y, expected, address.get(y), 0);
                assertTrue(fillY.isSignaled());
                playSeed.awaitSuccess(5, TimeUnit.SECONDS);

                // Hops 1..HOPS-1: y -> x, x -> y, ... ordered by fences alone. Every third hop the CPU
                // edits the source between the ADC's fill and the DAC's play: the destination must
                // carry the edit, which it only can if the DAC plays the very memory the ADC filled.
                for (int hop = 1; hop < HOPS; hop++) {
                    DmaBuf src = hop % 2 == 1 ? y : x;
                    DmaBuf dst = src == x ? y : x;
                    fills.get(dst).add(in.enqueue(dst)); // waits for the DAC's play of dst (last hop)
                    if (hop % 3 == 0) {
                        MemorySegment m = src.beginCpuAccess(CpuAccess.RW); // waits for src's fill fence
                        assertEquals((long) address.get(src), m.address(), "same memory in every bracket");
                        int scan = hop * 67 % SCANS;
                        expected[scan] = 0x7000_0000 | hop;
                        m.set(SCAN, scan * 4L, expected[scan]);
                        src.endCpuAccess();
                    }
                    plays.get(src).add(out.enqueue(src)); // waits for the ADC's fill of src
                    checkContents(dst, expected, address.get(dst), hop);
                }

                int fences = 1; // the seed's play
                for (Map<DmaBuf, Attachment> side : List.of(fills, plays)) {
                    for (Attachment a : side.values()) {
                        for (Fence f : a.fences) {
                            f.awaitSuccess(10, TimeUnit.SECONDS);
                            assertNull(f.error());
                        }
                        fences += a.fences.size();
                    }
                }
                assertEquals(2 * HOPS + 2, fences, "the seed's play, x and y filled at hop 0, then a play "
                        + "and a fill per hop, and the play of the last source");
                assertEquals(HOPS + 1, fills.get(x).fences.size() + fills.get(y).fences.size());
                assertEquals(HOPS, plays.get(x).fences.size() + plays.get(y).fences.size());
                assertEquals(HOPS + 1, in.stats().blocksCompleted(), "every fill completed");
                assertEquals(HOPS + 1, out.stats().blocksCompleted(), "every play completed (seed included)");
                assertEquals(0, in.stats().overruns(), "lossless loopback");
                assertTrue(x.awaitIdle(5, TimeUnit.SECONDS) && y.awaitIdle(5, TimeUnit.SECONDS));
                assertTrue(x.pendingFences().isEmpty() && y.pendingFences().isEmpty());
            }
        }
    }

    /** Opens a bracket on {@code b} (waiting for its fill), compares it with the expected scans. */
    private static void checkContents(DmaBuf b, int[] expected, long address, int hop) {
        MemorySegment m = b.beginCpuAccess(CpuAccess.READ);
        try {
            assertEquals(address, m.address(), "hop " + hop + ": the buffer is never copied or moved");
            assertEquals(SIZE, m.byteSize());
            for (int i = 0; i < SCANS; i++) {
                int got = m.get(SCAN, i * 4L);
                if (got != expected[i]) {
                    assertEquals(expected[i], got, "hop " + hop + ": scan " + i);
                }
            }
        } finally {
            b.endCpuAccess();
        }
    }
}
