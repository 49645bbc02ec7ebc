package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiio.model.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random, half-valid and truncated requests: whatever one client sends, the server keeps
 * answering another, and every buffer a vanished client held is freed.
 */
class FuzzProperties {
    private static Context ctx;
    private static IiodServer server;

    @BeforeContainer
    static void start() {
        ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0,sim-dac.sampling_frequency=0");
        server = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0,
                ServerConfig.defaults().withMaxWriteBytes(4096).withMaxLineBytes(512).withDefaultTimeoutMs(200));
    }

    @AfterContainer
    static void stop() {
        server.close();
        ctx.close();
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.oneOf(
                Arbitraries.of("VERSION", "PRINT", "ZPRINT", "HELP", "TIMEOUT", "OPEN", "CLOSE", "READ", "WRITE",
                        "READBUF", "WRITEBUF", "GETTRIG", "SETTRIG", "SET", "BUFFERS_COUNT", "INPUT", "OUTPUT",
                        "DEBUG", "BUFFER", "CYCLIC", "sim-adc", "sim-dac", "iio:device0", "trigger0", "voltage0",
                        "raw", "scale", "waveform", "00000003", "0000001f", "0", "1", "16", "4096", "-1",
                        "99999999999", "\r", "\t"),
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withCharRange((char) 0, (char) 255).ofMaxLength(6));
    }

    @Provide
    Arbitrary<List<String>> lines() {
        return words().list().ofMaxSize(6).map(ws -> String.join(" ", ws)).list().ofMaxSize(12);
    }

    @Property(tries = 150)
    void serverSurvivesAnyLines(@ForAll("lines") List<String> lines, @ForAll boolean truncate) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append("\r\n");
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        int n = truncate && bytes.length > 0 ? bytes.length / 2 : bytes.length;
        try (TestClient c = new TestClient(server)) {
            c.socket.setSoLinger(true, 0);
            try {
                c.sendBytes(java.util.Arrays.copyOf(bytes, n));
            } catch (IOException closedOnUs) {
                // An over-limit request makes the server drop this client: allowed.
            }
        }
        try (TestClient other = new TestClient(server)) {
            other.send("VERSION\r\n");
            assertEquals("0.24.jiio000", other.readLine());
        }
    }

    @Property(tries = 1)
    void everyBufferIsFreedInTheEnd() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((server.openBufferCount() > 0 || server.connectionCount() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.openBufferCount());
        assertEquals(0, server.connectionCount());
    }
}
