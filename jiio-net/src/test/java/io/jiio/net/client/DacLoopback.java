package io.jiio.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * Plays known samples on a remote sim-dac and reads them back through sim-adc's loopback
 * waveform, over whichever protocol the context speaks: voltage0 carries n, voltage1 10000 - n.
 */
final class DacLoopback {
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final int SCANS_PER_BLOCK = 500;

    private DacLoopback() {
    }

    /** {@code outBlocks} blocks of 500 scans out, every scan checked on the way back in. */
    static void check(Context net, int inBlocks, int outBlocks) {
        Device adc = net.requireDevice("sim-adc");
        Device dac = net.requireDevice("sim-dac");
        try (BlockQueue in = adc.openBuffer(adc.mask("voltage0", "voltage1"));
             BlockQueue out = dac.openBuffer(dac.mask())) {
            in.allocate(inBlocks, 4 * 250).forEach(in::enqueue);
            in.enable();
            int next = 0;
            for (Block b : out.allocate(outBlocks, 4 * SCANS_PER_BLOCK)) {
                MemorySegment m = b.segment();
                for (int s = 0; s < SCANS_PER_BLOCK; s++, next++) {
                    m.set(S16, s * 4L, (short) next);
                    m.set(S16, s * 4L + 2, (short) (10_000 - next));
                }
                out.enqueue(b);
            }
            out.enable();
            int seen = 0;
            while (seen < next) {
                Block b = in.dequeue(10, TimeUnit.SECONDS);
                MemorySegment m = b.segment();
                for (long s = 0; s < b.bytesUsed() / 4; s++, seen++) {
                    assertEquals((short) seen, m.get(S16, s * 4), "voltage0 <- dac voltage0");
                    assertEquals((short) (10_000 - seen), m.get(S16, s * 4 + 2), "voltage1 <- dac voltage1");
                }
                in.enqueue(b);
            }
            assertEquals(next, seen);
            for (int i = 0; i < outBlocks; i++) {
                assertEquals(4 * SCANS_PER_BLOCK, out.dequeue(10, TimeUnit.SECONDS).bytesUsed(), "played whole");
            }
        }
    }
}
