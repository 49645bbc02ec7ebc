package io.jiio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueStats;
import io.jiio.buffer.Stream;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The README's "Checking for loss" example, compiled and run: the code between the markers is the
 * README's, word for word (with {@code System.err} as {@code err}). A consumer that is slow on
 * purpose makes it lose, and what it prints must add up.
 */
class ReadmeLossExampleTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private long processed;

    /** The README's application code: here, slow every 10th block (30 ms against 16 ms of room). */
    private void process(MemorySegment scans) throws InterruptedException {
        if (++processed % 10 == 0) {
            Thread.sleep(30);
        }
    }

    @Test
    void theExampleCompilesRunsAndItsFiguresAddUp() throws Exception {
        // --- README: Checking for loss ---
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=250000")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"));
                 Stream s = Stream.ofBlocks(q, 4, 1000 * 4)) {    // 4 blocks of 1000 scans of 4 bytes
                long delivered = 0;
                long lost = 0;
                for (int i = 0; i < 50; i++) {
                    Stream.Chunk c = s.next();
                    if (c.lostBefore() > 0) {                      // a gap right before this block
                        err.printf("%d scans lost before scan %d%n", c.lostBefore(), c.firstScan());
                        lost += c.lostBefore();
                    }
                    process(c.segment());
                    delivered += c.scans();
                }
                QueueStats st = q.stats();
                if (!st.lossKnown()) {
                    err.println("this device cannot tell what it lost");    // Block.UNKNOWN everywhere
                } else {
                    err.printf("%d scans delivered, %d lost in the data; the device lost %d in %d gaps%n",
                            delivered, lost, st.overrunScans(), st.overruns());
                }
        // --- end of the README's code ---
                assertEquals(50_000, delivered);
                assertTrue(lost > 0, "a 30 ms stall with 16 ms of room loses: " + printed);
                assertTrue(st.overrunScans() >= lost, st::toString);
                String out = printed.toString(StandardCharsets.UTF_8);
                assertTrue(out.contains("50000 scans delivered, " + lost + " lost in the data"), out);
            }
        }
    }
}
