package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The POSITION extension in text mode: negotiation, READBUF across a capture restart, WRITEBUF's line. */
@Timeout(60)
class TextPositionTest {
    private ServedSim sim;
    private IiodServer server;
    private Context ctx;

    private void serve(String uri) {
        sim = ServedSim.start(uri);
        server = sim.server();
        ctx = sim.ctx();
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void negotiationComesBeforeAnyBufferAndNamesAKnownExtension() throws IOException {
        serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0");
        try (TestClient c = new TestClient(server)) {
            assertEquals(-22, c.command("EXTENSION"), "no name");
            assertEquals(-22, c.command("EXTENSION POSITION EXTRA"), "one name only");
            assertEquals(-22, c.command("EXTENSION ZSTD"), "not a jiio extension");
            assertEquals(0, c.command("OPEN sim-adc 1024 00000001"));
            assertEquals(-16, c.command("EXTENSION POSITION"), "too late: a buffer is open");
            // Not negotiated: READBUF is exactly libiio's (length, mask, data).
            c.send("READBUF sim-adc 8\r\n");
            assertEquals(8, c.readInt());
            assertEquals("00000001", c.readLine());
            byte[] d = c.readBytes(8);
            assertEquals(0, d[0] | d[1] << 8, "scan 0, no position line before it");
        }
    }

    /** One chunk of a READBUF reply: the mask line (first chunk only), the position, the byte count. */
    private record Chunk(String mask, long[] position, long bytes) {
    }

    private static Chunk chunk(TestClient c, boolean first) throws IOException {
        long n = c.readInt();
        assertTrue(n > 0, "READBUF chunk length " + n);
        String mask = first ? c.readLine() : null;
        long[] p = PositionRecord.parseLine(c.readLine());
        c.readBytes((int) n);
        return new Chunk(mask, p, n);
    }

    @Test
    void aCaptureRestartIsToldAsAGapOfUnknownLength() throws Exception {
        serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0");
        try (TestClient a = new TestClient(server); TestClient b = new TestClient(server)) {
            assertEquals(0, a.command("EXTENSION POSITION"));
            assertEquals(0, a.command("OPEN sim-adc 1024 00000001"));
            a.send("READBUF sim-adc 2048\r\n");
            Chunk first = chunk(a, true);
            assertEquals("00000001", first.mask());
            assertEquals(0, first.position()[0], "the stream starts at the enable");
            assertEquals(0, first.position()[1]);
            long next = first.position()[0] + first.bytes() / 2;
            // A second reader wants voltage1 as well: the device restarts with the union.
            assertEquals(0, b.command("OPEN sim-adc 1024 00000002"));
            Chunk after = null;
            while (after == null) {
                a.send("READBUF sim-adc 2048\r\n");
                long got = 0;
                String mask = null;
                while (got < 2048) {
                    long n = a.readInt();
                    if (n == 0) {
                        break; // the reply ended at the change of mask
                    }
                    if (mask == null) {
                        mask = a.readLine();
                    }
                    long[] p = PositionRecord.parseLine(a.readLine());
                    a.readBytes((int) n);
                    got += n;
                    int width = Integer.bitCount(Integer.parseInt(mask, 16)) * 2;
                    if (p[1] == PositionRecord.UNKNOWN) {
                        assertEquals("00000003", mask, "the gap comes with the new capture");
                        assertEquals(null, after, "one unknown gap, at the restart");
                        after = new Chunk(mask, p, n);
                    } else {
                        assertEquals(next + p[1], p[0], "positions follow on (" + mask + ")");
                    }
                    next = p[0] + n / width;
                }
            }
            assertTrue(after.position()[0] > 0, "positions go on across the restart");
        }
    }

    @Test
    void writebufEndsWithThePlayedBlocksLineAndTellsUnderruns() throws Exception {
        serve("sim:sim-dac.sampling_frequency=200000");
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, c.command("EXTENSION POSITION"));
            int scans = 2048;
            int scanBytes = 4;
            assertEquals(0, c.command("OPEN sim-dac " + scans + " 00000003"));
            byte[] data = new byte[scans * scanBytes];
            long next = -1;
            long underruns = 0;
            int played = 0;
            for (int i = 0; i < 14; i++) {
                assertEquals(0, c.command("WRITEBUF sim-dac " + data.length));
                c.sendBytes(data);
                assertEquals(data.length, c.readInt());
                long[] p = PositionRecord.parseLine(c.readLine());
                if (i < 4) {
                    assertEquals(-1, p[0], "nothing played yet: -1 -1 0");
                    assertEquals(-1, p[1]);
                    assertEquals(0, p[2]);
                    continue;
                }
                assertTrue(p[1] >= 0, "the sim counts its underruns");
                if (next >= 0) {
                    assertEquals(next + p[1], p[0], "each played block once, in order");
                } else {
                    assertEquals(p[1], p[0], "the first played block");
                }
                assertTrue(p[2] > 0, "a timestamp");
                next = p[0] + scans;
                underruns += p[1];
                played++;
                if (i == 8) {
                    Thread.sleep(150); // 4 blocks of 10 ms queued: the DAC runs dry
                }
            }
            assertEquals(10, played);
            assertTrue(underruns > 0, "the stall's underrun was told");
        }
    }
}
