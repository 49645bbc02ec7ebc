package io.jiio.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jiio's client reads a jiio server through libiio's own C iiod acting as a proxy
 * ({@code iiod -u ip:…}): both ends of jiio must speak the protocol exactly as libiio does,
 * or the proxy in the middle breaks the stream.
 */
@Timeout(60)
class IiodProxyTest {
    private static final Path IIOD = Path.of("/usr/sbin/iiod");
    private static final String COUNTER = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";

    @Test
    void jiioClientReadsAJiioServerThroughCIiod() throws Exception {
        assumeTrue(Files.isExecutable(IIOD), "libiio 0.24's iiod not installed (" + IIOD
                + " absent): .ci/run installs it with apt-get install iiod");
        int proxyPort = freePort();
        try (IiodServer server = IiodServer.start(Context.open(COUNTER), InetAddress.getLoopbackAddress(), 0,
                ServerConfig.defaults())) {
            Process iiod = new ProcessBuilder(IIOD.toString(), "-u", "ip:127.0.0.1:" + server.port(),
                    "-p", Integer.toString(proxyPort))
                    .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            try {
                awaitListening(proxyPort, iiod);
                try (Context net = Context.open("ip:127.0.0.1:" + proxyPort)) {
                    Device adc = net.requireDevice("sim-adc");
                    assertEquals("jiio simulated devices (sim-adc, sim-dac, sim-trigger)", net.description());
                    verifyCounter(adc, 300_000);
                }
            } finally {
                iiod.destroy();
                if (!iiod.waitFor(5, TimeUnit.SECONDS)) {
                    iiod.destroyForcibly();
                }
            }
        }
    }

    /** Captures voltage0 and voltage1 and checks scan n is (n, n + 1) mod 2^16, every one. */
    private static void verifyCounter(Device adc, int scans) {
        try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"))) {
            q.allocate(4, 4 * 4096).forEach(q::enqueue);
            q.enable();
            long n = 0;
            while (n < scans) {
                Block b = q.dequeue(10, TimeUnit.SECONDS);
                MemorySegment m = b.segment();
                long got = b.bytesUsed() / 4;
                assertTrue(got > 0, "an empty block from the proxy");
                for (long s = 0; s < got; s++, n++) {
                    assertEquals((short) n, m.get(ValueLayout.JAVA_SHORT_UNALIGNED, s * 4), "voltage0 at scan " + n);
                    assertEquals((short) (n + 1), m.get(ValueLayout.JAVA_SHORT_UNALIGNED, s * 4 + 2), "voltage1 at scan " + n);
                }
                q.enqueue(b);
            }
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
            assertTrue(iiod.isAlive(), "iiod exited with " + (iiod.isAlive() ? "" : iiod.exitValue()));
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
