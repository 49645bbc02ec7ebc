package io.jiio.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.AttributeKind;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jiio's ip: client over the binary protocol: pipelined capture and playback, negotiation, fallback. */
@Timeout(120)
class BinaryClientTest {
    private static final String COUNTER = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private static IiodServer serve(String uri, ServerConfig cfg) {
        return IiodServer.start(Context.open(uri), InetAddress.getLoopbackAddress(), 0, cfg);
    }

    private static void stop(IiodServer s) {
        s.close();
        s.context().close();
    }

    @Test
    void uriOptions() {
        assertEquals(Protocol.AUTO, NetContextProvider.parse("ip:host").protocol());
        assertEquals(new NetContextProvider.Endpoint("host", 1234, Protocol.TEXT),
                NetContextProvider.parse("ip:host:1234,protocol=text"));
        assertEquals(new NetContextProvider.Endpoint("::1", 30431, Protocol.BINARY),
                NetContextProvider.parse("ip:[::1],protocol=BINARY"));
        assertEquals(Protocol.AUTO, NetContextProvider.parse("ip:10.0.0.1:99,protocol=auto").protocol());
        assertEquals("10.0.0.1:99", NetContextProvider.parse("ip:10.0.0.1:99,protocol=text").toString());
        for (String bad : new String[] {"ip:host,protocol=fast", "ip:host,speed=1", "ip:host,protocol", "ip:host,"}) {
            IioException e = assertThrows(IioException.class, () -> NetContextProvider.parse(bad), bad);
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void binaryIsChosenWhenOfferedAndReported() {
        IiodServer server = serve(COUNTER, ServerConfig.defaults());
        try (Context auto = Context.open("ip:127.0.0.1:" + server.port());
             Context text = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=text");
             Context binary = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=binary")) {
            assertEquals("binary", auto.attributes().get("ip,protocol"));
            assertEquals("libiio-main-2026", auto.attributes().get("ip,opcodes"));
            assertEquals("text", text.attributes().get("ip,protocol"));
            assertEquals("binary", binary.attributes().get("ip,protocol"));
            // The same attributes whichever the protocol.
            Device a = auto.requireDevice("sim-adc");
            Device t = text.requireDevice("sim-adc");
            a.requireAttribute(AttributeKind.DEVICE, "sampling_frequency").write("1234");
            assertEquals("1234", t.requireAttribute(AttributeKind.DEVICE, "sampling_frequency").read());
            a.requireChannel("voltage2").requireAttribute("scale").write("0.5");
            assertEquals(0.5, t.requireChannel("voltage2").scale());
            assertEquals(0.5, a.requireChannel("voltage2").scale());
            a.setTrigger(auto.requireDevice("sim-trigger"));
            assertEquals("sim-trigger", t.trigger().orElseThrow().name());
            assertEquals("sim-trigger", a.trigger().orElseThrow().name());
            a.setTrigger(null);
            assertTrue(a.trigger().isEmpty());
            assertTrue(t.trigger().isEmpty());
            IioException e = assertThrows(IioException.class,
                    () -> a.requireAttribute(AttributeKind.DEVICE, "waveform").write("plaid"));
            assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
        } finally {
            stop(server);
        }
    }

    @Test
    void fallsBackToTextWhenTheServerDoesNotOfferBinary() {
        IiodServer server = serve(COUNTER, ServerConfig.defaults().textOnly());
        try (Context net = Context.open("ip:127.0.0.1:" + server.port())) {
            assertEquals("text", net.attributes().get("ip,protocol"));
            long n = pipelinedCounter(net.requireDevice("sim-adc"), 4, 1024, 200);
            assertEquals(200L * 1024, n);
        } finally {
            stop(server);
        }
    }

    @Test
    void protocolBinaryFailsClearlyWhenNotOffered() {
        IiodServer server = serve(COUNTER, ServerConfig.defaults().textOnly());
        try {
            IioException e = assertThrows(IioException.class,
                    () -> Context.open("ip:127.0.0.1:" + server.port() + ",protocol=binary"));
            assertEquals(Errno.ENOSYS, e.errno());
            assertTrue(e.getMessage().contains("does not offer") && e.getMessage().contains("-38"), e.getMessage());
        } finally {
            stop(server);
        }
    }

    /**
     * Sixteen blocks in flight at once over one connection, thousands of blocks: every sample of the
     * counter arrives exactly once and in order.
     */
    @Test
    void pipelinedCaptureLosesNothingOverThousandsOfBlocks() {
        IiodServer server = serve(COUNTER, ServerConfig.defaults());
        try (Context net = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=binary")) {
            long n = pipelinedCounter(net.requireDevice("sim-adc"), 16, 512, 5000);
            assertEquals(5000L * 512, n);
        } finally {
            stop(server);
        }
    }

    /** Captures {@code blocks} blocks of voltage0 + voltage3 and checks every sample of the counter. */
    static long pipelinedCounter(Device adc, int inFlight, int scansPerBlock, int blocks) {
        try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage3"))) {
            q.allocate(inFlight, 4L * scansPerBlock).forEach(q::enqueue);
            q.enable();
            long n = 0;
            for (int i = 0; i < blocks; i++) {
                Block b = q.dequeue(10, TimeUnit.SECONDS);
                MemorySegment m = q.map(b);
                long got = b.bytesUsed() / 4;
                assertEquals(scansPerBlock, got, "block " + i + " is full");
                for (long s = 0; s < got; s++, n++) {
                    short v0 = m.get(S16, s * 4);
                    short v3 = m.get(S16, s * 4 + 2);
                    if (v0 != (short) n || v3 != (short) (n + 3)) {
                        throw new AssertionError("scan " + n + " (block " + i + "): " + v0 + "," + v3);
                    }
                }
                q.enqueue(b);
            }
            assertEquals(0, q.stats().overrunScans(), "the server's device never waited for a block");
            q.disable();
            return n;
        }
    }

    /**
     * Captures back to back on one server, alternating the protocols: each starts cleanly where the
     * last one's buffer was released (this found a race that sent OPEN_BUFFER's mask twice).
     */
    @Test
    void backToBackCapturesAlternatingProtocols() {
        IiodServer server = serve(COUNTER, ServerConfig.defaults());
        try {
            for (int round = 0; round < 40; round++) {
                String protocol = round % 2 == 0 ? "binary" : "text";
                try (Context net = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=" + protocol)) {
                    assertEquals(20L * 4096, pipelinedCounter(net.requireDevice("sim-adc"), 4, 4096, 20),
                            "round " + round + " over " + protocol);
                }
            }
            assertEquals(0, awaitNoBuffers(server));
        } finally {
            stop(server);
        }
    }

    @Test
    void disableAndEnableAgainStartsAFreshCapture() {
        IiodServer server = serve(COUNTER, ServerConfig.defaults());
        try (Context net = Context.open("ip:127.0.0.1:" + server.port())) {
            Device adc = net.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage1"))) {
                q.allocate(4, 2 * 256).forEach(q::enqueue);
                for (int round = 0; round < 3; round++) {
                    q.enable();
                    Block b = q.dequeue(10, TimeUnit.SECONDS);
                    assertEquals(1, q.map(b).get(S16, 0), "round " + round + " starts at sample 0 of voltage1");
                    q.enqueue(b);
                    q.disable();
                    for (int i = 0; i < 4; i++) {
                        Block back = q.tryDequeue();
                        if (back != null) {
                            q.enqueue(back);
                        }
                    }
                }
            }
            assertEquals(0, awaitNoBuffers(server));
        } finally {
            stop(server);
        }
    }

    @Test
    void playbackThroughTheDacLoopsBackIntoTheAdc() {
        IiodServer server = serve("sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0", ServerConfig.defaults());
        try (Context net = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=binary")) {
            DacLoopback.check(net, 8, 4);
        } finally {
            stop(server);
        }
    }

    /** The server gives up on a slow block after 100 ms (-ETIMEDOUT); the client asks again until it is done. */
    @Test
    void aSlowDeviceIsWaitedForThroughRetryDequeue() {
        IiodServer server = serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=4000",
                ServerConfig.defaults().withDefaultTimeoutMs(100));
        try (Context net = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=binary")) {
            Device adc = net.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage2"))) {
                q.allocate(2, 2 * 1000).forEach(q::enqueue); // 250 ms a block
                q.enable();
                short previous = 0;
                for (int i = 0; i < 4; i++) {
                    Block b = q.dequeue(10, TimeUnit.SECONDS);
                    MemorySegment m = q.map(b);
                    assertEquals(2000, b.bytesUsed());
                    for (long s = 1; s < 1000; s++) {
                        assertEquals((short) (m.get(S16, (s - 1) * 2) + 1), m.get(S16, s * 2), "consecutive samples");
                    }
                    assertTrue(i == 0 || m.get(S16, 0) > previous, "blocks in order");
                    previous = m.get(S16, 0);
                    q.enqueue(b);
                }
            }
        } finally {
            stop(server);
        }
    }

    /** A refused OPEN reaches the application as the server's errno and reason, not a bare ENODEV. */
    @Test
    void aBusyDeviceIsReportedAsBusy() {
        IiodServer server = serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=1000", ServerConfig.defaults());
        try (Context first = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=binary");
             Context second = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=binary")) {
            Device adc = first.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                q.allocate(2, 200).forEach(q::enqueue);
                q.enable();
                q.enqueue(q.dequeue(10, TimeUnit.SECONDS));
                Device other = second.requireDevice("sim-adc");
                BlockQueue busy = other.openBuffer(other.mask("voltage0"));
                busy.allocate(2, 200).forEach(busy::enqueue);
                busy.enable();
                // Failing the queue disables it first, so a waiting dequeue may still get the
                // aborted (empty) blocks before the error.
                IioException e = assertThrows(IioException.class, () -> {
                    while (true) {
                        assertEquals(0, busy.dequeue(10, TimeUnit.SECONDS).bytesUsed());
                    }
                });
                assertEquals(Errno.EBUSY, e.errno(), e.getMessage());
                assertTrue(e.getMessage().contains("OPEN_BUFFER on sim-adc"), e.getMessage());
                busy.close();
                q.enqueue(q.dequeue(10, TimeUnit.SECONDS)); // the first reader streams on
            }
        } finally {
            stop(server);
        }
    }

    @Test
    void serverGoingAwayFailsTheQueuePromptly() {
        IiodServer server = serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=1000", ServerConfig.defaults());
        try (Context net = Context.open("ip:127.0.0.1:" + server.port())) {
            Device adc = net.requireDevice("sim-adc");
            BlockQueue q = adc.openBuffer(adc.mask("voltage0"));
            q.allocate(4, 2 * 100).forEach(q::enqueue);
            q.enable();
            q.enqueue(q.dequeue(10, TimeUnit.SECONDS));
            stop(server);
            long t0 = System.nanoTime();
            IioException e = assertThrows(IioException.class, () -> {
                while (true) {
                    q.enqueue(q.dequeue(10, TimeUnit.SECONDS));
                }
            });
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8), "failed promptly");
            // The queue reports why it stopped, not a bare ENODEV.
            assertEquals(Errno.ECONNRESET, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("connection lost"), e.getMessage());
            q.close();
        }
    }

    private static int awaitNoBuffers(IiodServer server) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.openBufferCount() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return server.openBufferCount();
    }
}
