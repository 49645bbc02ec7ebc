package io.jiio.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class NetClientTest {
    private static final String COUNTER = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private static IiodServer serve(String uri) {
        return IiodServer.start(Context.open(uri), InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
    }

    /** The text protocol, pinned: left to choose, the client would speak binary to a jiio server. */
    private static String ip(IiodServer s) {
        return "ip:127.0.0.1:" + s.port() + ",protocol=text";
    }

    @Test
    void uriParsing() {
        assertEquals(new NetContextProvider.Endpoint("host", 30431), NetContextProvider.parse("ip:host"));
        assertEquals(new NetContextProvider.Endpoint("10.0.0.2", 1234), NetContextProvider.parse("ip:10.0.0.2:1234"));
        assertEquals(new NetContextProvider.Endpoint("::1", 99), NetContextProvider.parse("ip:[::1]:99"));
        assertEquals(new NetContextProvider.Endpoint("fe80::1", 30431), NetContextProvider.parse("ip:[fe80::1]"));
        for (String bad : List.of("ip:", "ip:host:", "ip:host:x", "ip:host:70000", "ip:::1", "ip:[::1", "ip:[::1]x",
                "ip:ho st", "ip:host:0")) {
            IioException e = assertThrows(IioException.class, () -> NetContextProvider.parse(bad), bad);
            assertEquals(Errno.EINVAL, e.errno(), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void contextMatchesTheServedOne() {
        try (IiodServer server = serve(COUNTER); Context net = Context.open(ip(server))) {
            Context sim = server.context();
            assertEquals("network", net.name());
            assertEquals(ip(server), net.attributes().get("uri"));
            assertEquals(sim.devices().size(), net.devices().size());
            for (int i = 0; i < sim.devices().size(); i++) {
                Device a = sim.devices().get(i);
                Device b = net.devices().get(i);
                assertEquals(a.id(), b.id());
                assertEquals(a.name(), b.name());
                assertEquals(a.isTrigger(), b.isTrigger());
                assertEquals(a.isBufferCapable(), b.isBufferCapable(), a.id());
                assertEquals(names(a.attributes()), names(b.attributes()));
                assertEquals(names(a.bufferAttributes()), names(b.bufferAttributes()));
                assertEquals(names(a.debugAttributes()), names(b.debugAttributes()));
                assertEquals(a.channels().size(), b.channels().size());
                for (int c = 0; c < a.channels().size(); c++) {
                    Channel x = a.channels().get(c);
                    Channel y = b.channels().get(c);
                    assertEquals(x.id(), y.id());
                    assertEquals(x.direction(), y.direction());
                    assertEquals(x.scanIndex(), y.scanIndex());
                    assertEquals(String.valueOf(x.format()).toLowerCase(), String.valueOf(y.format()).toLowerCase(), x.describe());
                    assertEquals(names(x.attributes()), names(y.attributes()));
                    for (int k = 0; k < x.attributes().size(); k++) {
                        assertEquals(x.attributes().get(k).filename(), y.attributes().get(k).filename());
                    }
                }
            }
            for (Device d : net.devices()) {
                for (Attribute a : d.attributes()) {
                    try {
                        assertEquals(sim.requireDevice(d.id()).requireAttribute(AttributeKind.DEVICE, a.name()).read(),
                                a.read(), a.describe());
                    } catch (IioException e) {
                        // write-only or failing attributes fail the same way on both sides
                    }
                }
            }
        }
    }

    private static List<String> names(List<Attribute> l) {
        return l.stream().map(Attribute::name).toList();
    }

    @Test
    void attributesRoundTripAndRemoteErrors() {
        try (IiodServer server = serve(COUNTER); Context net = Context.open(ip(server))) {
            Device adc = net.requireDevice("sim-adc");
            Attribute f = adc.requireAttribute(AttributeKind.DEVICE, "sampling_frequency");
            f.write(1234);
            assertEquals(1234, f.readLong());
            assertEquals("1234", server.context().requireDevice("sim-adc")
                    .requireAttribute(AttributeKind.DEVICE, "sampling_frequency").read().trim());
            Attribute scale = adc.requireChannel("voltage0").requireAttribute("scale");
            IioException e = assertThrows(IioException.class, () -> scale.write("big"));
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains("WRITE on sim-adc/voltage0/scale: Invalid argument (from server)"),
                    e.getMessage());
            e = assertThrows(IioException.class, () -> f.write(-1));
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals(1234, f.readLong(), "connection still in step after errors");
            assertTrue(adc.trigger().isEmpty() || adc.trigger().get().isTrigger());
        }
    }

    @Test
    void capturesAMillionCounterScans() {
        try (IiodServer server = serve(COUNTER); Context net = Context.open(ip(server))) {
            Device adc = net.requireDevice("sim-adc");
            long total = capture(adc, 1_000_000, true);
            assertTrue(total >= 1_000_000, "captured " + total);
        }
    }

    /** Captures at least {@code scans} scans of voltage0+voltage1, verifying every sample when asked. */
    static long capture(Device adc, long scans, boolean verify) {
        try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"))) {
            int perBlock = 64 * 1024;
            q.allocate(8, 4L * perBlock).forEach(q::enqueue);
            q.enable();
            long n = 0;
            while (n < scans) {
                Block b = q.dequeue(10, TimeUnit.SECONDS);
                MemorySegment m = q.map(b);
                long got = b.bytesUsed() / 4;
                if (verify) {
                    for (long s = 0; s < got; s++) {
                        long v = n + s;
                        if (m.get(S16, s * 4) != (short) v || m.get(S16, s * 4 + 2) != (short) (v + 1)) {
                            throw new AssertionError("scan " + v + ": " + m.get(S16, s * 4) + "," + m.get(S16, s * 4 + 2));
                        }
                    }
                }
                n += got;
                q.enqueue(b);
            }
            q.disable();
            return n;
        }
    }

    @Test
    void dacLoopbackThroughTheNetwork() {
        try (IiodServer server = serve("sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0");
             Context net = Context.open(ip(server))) {
            DacLoopback.check(net, 4, 2);
        }
    }

    @Test
    void connectionRefusedNamesTheEndpoint() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        IioException e = assertThrows(IioException.class, () -> Context.open("ip:127.0.0.1:" + port));
        assertEquals(Errno.ECONNREFUSED, e.errno());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void serverClosingMidStreamFailsTheQueue() {
        IiodServer server = serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=1000");
        try (Context net = Context.open(ip(server))) {
            Device adc = net.requireDevice("sim-adc");
            BlockQueue q = adc.openBuffer(adc.mask("voltage0"));
            q.allocate(4, 2 * 100).forEach(q::enqueue);
            q.enable();
            Block b = q.dequeue(10, TimeUnit.SECONDS);
            assertNotNull(b);
            q.enqueue(b);
            server.close();
            long t0 = System.nanoTime();
            IioException e = assertThrows(IioException.class, () -> {
                while (true) {
                    q.enqueue(q.dequeue(10, TimeUnit.SECONDS));
                }
            });
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8), "failed promptly");
            assertEquals(Errno.ECONNRESET, e.errno(), e.getMessage()); // why it stopped, not a bare ENODEV
            // A FIN reads as "closed by the server", a reset (the server closed with a request of
            // ours unread) as "lost: Connection reset": both say the server ended it.
            assertTrue(e.getMessage().contains("closed by the server") || e.getMessage().contains("Connection reset"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("ip:127.0.0.1:"), e.getMessage());
            q.close();
        }
    }

    @Test
    void throughputOfTenMillionScans() {
        try (IiodServer server = serve(COUNTER); Context net = Context.open(ip(server))) {
            Device adc = net.requireDevice("sim-adc");
            long t0 = System.nanoTime();
            long n = capture(adc, 10_000_000, false);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("ip: capture of %d scans (4 B each): %.2f s, %.1f MB/s%n", n, s, n * 4 / s / 1e6);
        }
    }
}
