package io.jiio.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.QueueStats;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code ip:} client's side of jiio's POSITION extension, end to end against jiio's server on
 * the paced counter sim-adc: whatever the consumer does, each block the client hands out says
 * exactly where it sits ({@code firstScan}, the counter's own index) and what was lost before it
 * (the counter's jump), and delivered + lost = produced. Against libiio's iiod, which has no such
 * extension, the client says "unknown", never "0 lost".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientPositionTest {
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** 200 kHz: 5 µs a scan; blocks of 1000 scans are 5 ms each. */
    private static final String PACED = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000";
    private static final String UNTHROTTLED = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";
    private static final Path IIOD = Path.of("/usr/sbin/iiod");

    @ParameterizedTest(name = "protocol={0}")
    @ValueSource(strings = {"text", "binary"})
    void aStallingConsumerIsToldExactlyWhatItLostAndWhere(String protocol) throws Exception {
        try (Context served = Context.open(PACED);
             IiodServer server = IiodServer.start(served, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
             Context net = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=" + protocol)) {
            assertEquals("on", net.attributes().get("ip,position"));
            Device adc = net.requireDevice("sim-adc");
            Random random = new Random(protocol.hashCode());
            Tally t = capture(adc, 400, i -> i % 50 == 25 ? 100 + random.nextInt(200) : 0);
            assertTrue(t.lost > 0, "stalls of 100-300 ms at 200 kHz with 20 ms of buffering must lose: " + t);
            assertTrue(t.stats.lossKnown(), t.stats.toString());
        }
    }

    @ParameterizedTest(name = "protocol={0}")
    @ValueSource(strings = {"text", "binary"})
    void aDeviceThatCannotOverrunIsReportedWithoutLoss(String protocol) throws Exception {
        // Unthrottled: the device waits for blocks, so every reported loss would be a false one.
        try (Context served = Context.open(UNTHROTTLED);
             IiodServer server = IiodServer.start(served, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
             Context net = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=" + protocol)) {
            Device adc = net.requireDevice("sim-adc");
            Tally t = capture(adc, 4, 5000, 200, i -> i % 40 == 20 ? 50 : 0);
            assertEquals(0, t.lost, "nothing to lose: " + t);
            assertTrue(t.stats.lossKnown());
        }
    }

    @Test
    void againstLibiiosIiodTheLossIsUnknownNotZero() throws Exception {
        assumeTrue(Files.isExecutable(IIOD), "libiio 0.24's iiod not installed: .ci/run installs it");
        int proxyPort = freePort();
        try (Context served = Context.open(PACED);
             IiodServer server = IiodServer.start(served, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults())) {
            Process iiod = new ProcessBuilder(IIOD.toString(), "-u", "ip:127.0.0.1:" + server.port(),
                    "-p", Integer.toString(proxyPort))
                    .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            try {
                awaitListening(proxyPort, iiod);
                try (Context net = Context.open("ip:127.0.0.1:" + proxyPort)) {
                    assertEquals("off", net.attributes().get("ip,position"));
                    Device adc = net.requireDevice("sim-adc");
                    try (BlockQueue q = adc.openBuffer(adc.mask("voltage1", "voltage2"))) {
                        q.allocate(4, 4000).forEach(q::enqueue);
                        q.enable();
                        for (int i = 0; i < 5; i++) {
                            Block b = q.dequeue(10, TimeUnit.SECONDS);
                            assertEquals(Block.UNKNOWN, b.lostBefore(), "iiod cannot tell: unknown, not 0");
                            assertEquals(Block.UNKNOWN, b.firstScan());
                            q.enqueue(b);
                        }
                        assertFalse(q.stats().lossKnown());
                    }
                }
            } finally {
                iiod.destroy();
                if (!iiod.waitFor(5, TimeUnit.SECONDS)) {
                    iiod.destroyForcibly();
                }
            }
        }
    }

    @ParameterizedTest(name = "protocol={0}")
    @ValueSource(strings = {"text", "binary"})
    void aDacStarvedByItsWriterReportsTheUnderrun(String protocol) throws Exception {
        try (Context served = Context.open("sim:sim-dac.sampling_frequency=200000");
             IiodServer server = IiodServer.start(served, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
             Context net = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=" + protocol)) {
            Device dac = net.requireDevice("sim-dac");
            try (BlockQueue q = dac.openBuffer(dac.mask("voltage0"))) {
                long bytes = 1000 * q.scanBytes(); // 5 ms a block
                var blocks = q.allocate(2, bytes);
                blocks.forEach(b -> q.enqueue(b, bytes, 0));
                q.enable();
                for (int i = 0; i < 40; i++) {
                    Block b = q.dequeue(10, TimeUnit.SECONDS);
                    if (i == 10 || i == 25) {
                        Thread.sleep(100); // the DAC plays silence meanwhile
                    }
                    q.enqueue(b, bytes, 0);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (q.stats().underrunScans() == 0 && System.nanoTime() < deadline) {
                    Block b = q.dequeue(10, TimeUnit.SECONDS);
                    q.enqueue(b, bytes, 0);
                }
                QueueStats s = q.stats();
                assertTrue(s.lossKnown(), s.toString());
                assertTrue(s.underruns() >= 1 && s.underrunScans() > 0, "two 100 ms stalls of the writer: " + s);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    interface Stalls {
        /** Milliseconds to sleep after block {@code i}, 0 for none. */
        int after(int i);
    }

    /** What a capture saw: scans delivered, lost (Σ lostBefore), gaps, and the end position. */
    record Tally(long delivered, long lost, long gaps, long end, QueueStats stats) {
        @Override
        public String toString() {
            return delivered + " delivered, " + lost + " lost in " + gaps + " gaps, end " + end + ", " + stats;
        }
    }

    private static Tally capture(Device adc, int blocks, Stalls stalls) {
        return capture(adc, 4, 1000, blocks, stalls);
    }

    /**
     * Captures voltage1 and voltage2 (sample n of voltageK is (n + K) mod 2^16) and checks every
     * block against the counter: its firstScan is the counter's index, its lostBefore the jump from
     * the previous block, no gap inside; delivered + lost = the end position.
     */
    private static Tally capture(Device adc, int count, int scansPerBlock, int blocks, Stalls stalls) {
        try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage1", "voltage2"), QueueConfig.defaults())) {
            q.allocate(count, scansPerBlock * 4L).forEach(q::enqueue);
            q.enable();
            long next = 0;
            long delivered = 0;
            long lost = 0;
            long gaps = 0;
            for (int i = 0; i < blocks; i++) {
                Block b = q.dequeue(20, TimeUnit.SECONDS);
                MemorySegment m = b.segment();
                long scans = b.bytesUsed() / 4;
                assertTrue(scans > 0, "an empty block " + i);
                assertTrue(b.lostBefore() >= 0 && b.firstScan() >= 0, "block " + i + ": position unknown");
                assertEquals(b.firstScan() - next, b.lostBefore(), "block " + i + ": lostBefore vs the jump from " + next);
                for (long s = 0; s < scans; s++) {
                    long n = b.firstScan() + s;
                    assertEquals((n + 1) & 0xFFFF, m.get(LE16, s * 4) & 0xFFFF, "block " + i + " voltage1 at scan " + n);
                    assertEquals((n + 2) & 0xFFFF, m.get(LE16, s * 4 + 2) & 0xFFFF, "block " + i + " voltage2 at scan " + n);
                }
                if (b.lostBefore() > 0) {
                    gaps++;
                    lost += b.lostBefore();
                }
                delivered += scans;
                next = b.firstScan() + scans;
                q.enqueue(b);
                int sleep = stalls.after(i);
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
            }
            assertEquals(next, delivered + lost, "delivered + lost = produced");
            QueueStats s = q.stats();
            assertTrue(s.overrunScans() >= lost, "the queue's totals include every placed loss: " + s);
            return new Tally(delivered, lost, gaps, next, s);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port, Process iiod) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            assertTrue(iiod.isAlive(), "iiod exited");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("iiod did not listen on port " + port + " within 15 s");
    }
}
