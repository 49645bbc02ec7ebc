package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults a hostile or broken client can cause, each of which once held a device or the whole server:
 * a reset after pipelined bytes, an immediate re-OPEN after a vanish, buffers of many blocks, idle
 * and trickling connections, a payload that stops half-way.
 */
@Timeout(60)
class ServerFaultsTest {
    private static IiodServer serve(Context ctx, ServerConfig cfg) {
        return IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0, cfg);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier ok, long ms, String what) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (!ok.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(10);
        }
    }

    /** Resets the connection (RST), as a killed or crashed client's kernel may. */
    private static void reset(TestClient c) throws IOException {
        c.socket.setSoLinger(true, 0);
        c.close();
    }

    @Test
    void aClientThatPipelinedMoreThanTheInputBufferAndResetIsSeenGone() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=10");
             IiodServer s = serve(ctx, ServerConfig.defaults())) {
            TestClient quitter = new TestClient(s);
            assertEquals(0, quitter.command("TIMEOUT 0"));
            assertEquals(0, quitter.command("OPEN sim-adc 100000 00000001"));
            StringBuilder ahead = new StringBuilder("READBUF sim-adc 200000\r\n");
            while (ahead.length() < 40_000) {
                ahead.append("VERSION\r\n");
            }
            quitter.send(ahead.toString());
            Thread.sleep(300); // the server is waiting for the silent device, the requests are queued
            reset(quitter);
            awaitTrue(() -> s.openBufferCount() == 0 && s.connectionCount() == 0, 3000,
                    "the vanished client's session and capture are gone");
        }
    }

    @Test
    void aDeviceLeftByAVanishedClientCanBeOpenedAtOnce() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=1000");
             IiodServer s = serve(ctx, ServerConfig.defaults())) {
            for (int i = 0; i < 100; i++) {
                TestClient gone = new TestClient(s);
                String dev = i % 2 == 0 ? "sim-dac" : "sim-adc";
                assertEquals(0, gone.command("OPEN " + dev + " 64 00000001"), "round " + i);
                if (i % 4 < 2) {
                    reset(gone);
                } else {
                    gone.close();
                }
                try (TestClient next = new TestClient(s)) {
                    // The other direction's device: output after input and input after output are
                    // exclusive, so EBUSY here would mean the vanished client still held it.
                    String other = i % 2 == 0 ? "OPEN sim-dac 64 00000001" : "OPEN sim-adc 64 00000001";
                    assertEquals(0, next.command(other), "round " + i + ": the device was free for the next client");
                    assertEquals(0, next.command("CLOSE " + other.split(" ")[1]));
                }
            }
        }
    }

    @Test
    void aBufferIsBoundedByAllItsBlocksAndTheServerByItsMemoryLimit() throws Exception {
        ServerConfig cfg = ServerConfig.defaults().withMaxBufferBytes(1 << 20).withMaxMemoryBytes(1 << 20);
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=1000"); IiodServer s = serve(ctx, cfg);
             TestClient a = new TestClient(s); TestClient b = new TestClient(s)) {
            assertEquals(0, a.command("SET sim-dac BUFFERS_COUNT 64"));
            assertEquals(-12, a.command("OPEN sim-dac 65536 00000001"), "64 blocks of 128 KiB: 8 MiB");
            assertEquals(0, a.command("SET sim-dac BUFFERS_COUNT 4"));
            assertEquals(0, a.command("OPEN sim-dac 65536 00000001"), "4 blocks of 128 KiB");
            assertEquals(4 * 65536 * 2, s.memoryInUse());
            assertEquals(0, b.command("SET sim-adc BUFFERS_COUNT 8"));
            assertEquals(-12, b.command("OPEN sim-adc 65536 00000001"), "another 1 MiB passes the server's limit");
            assertEquals(0, a.command("CLOSE sim-dac"));
            assertEquals(0, s.memoryInUse());
            assertEquals(0, b.command("OPEN sim-adc 65536 00000001"));
            assertEquals(8 * 65536 * 2, s.memoryInUse());
            assertEquals(0, b.command("CLOSE sim-adc"));
            assertEquals(0, s.memoryInUse());
        }
    }

    @Test
    void aTricklingRequestLineIsCutAtTheRequestTimeout() throws Exception {
        try (Context ctx = Context.open("sim:"); IiodServer s = serve(ctx, ServerConfig.defaults().withRequestTimeoutMs(500));
             TestClient loris = new TestClient(s)) {
            long t0 = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 20 && !cut; i++) {
                try {
                    loris.send("V"); // a line that never ends, a byte at a time
                } catch (IOException e) {
                    cut = true; // the server closed it (broken pipe / reset)
                }
                Thread.sleep(150);
            }
            assertTrue(cut || loris.closedByServer(), "closed before the line was complete");
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
            try (TestClient good = new TestClient(s)) {
                assertEquals("0.24.jiio000", ProtocolTest.version(good));
            }
        }
    }

    @Test
    void aWritebufThatStopsHalfWayFreesTheDacWithinTheTimeout() throws Exception {
        try (Context ctx = Context.open("sim:"); IiodServer s = serve(ctx, ServerConfig.defaults().withRequestTimeoutMs(500))) {
            TestClient stuck = new TestClient(s);
            assertEquals(0, stuck.command("TIMEOUT 0"));
            assertEquals(0, stuck.command("OPEN sim-dac 8192 00000001"));
            assertEquals(0, stuck.command("WRITEBUF sim-dac 16384"));
            stuck.sendBytes(new byte[100]);
            long t0 = System.nanoTime();
            assertTrue(stuck.closedByServer(), "the half-sent payload's connection is closed");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5000, "closed after " + ms + " ms");
            try (TestClient next = new TestClient(s)) {
                assertEquals(0, next.command("OPEN sim-dac 64 00000001"), "the DAC is free again");
            }
            stuck.close();
        }
    }

    @Test
    void idleConnectionsAreClosedAtTheIdleTimeout() throws Exception {
        try (Context ctx = Context.open("sim:"); IiodServer s = serve(ctx, ServerConfig.defaults().withIdleTimeoutMs(300));
             TestClient idle = new TestClient(s)) {
            assertEquals("0.24.jiio000", ProtocolTest.version(idle));
            assertTrue(idle.closedByServer());
        }
    }

    @Test
    void idleConnectionsCannotLockOthersOut() throws Exception {
        ServerConfig cfg = ServerConfig.defaults().withMaxConnections(8).withRequestTimeoutMs(300);
        try (Context ctx = Context.open("sim:"); IiodServer s = serve(ctx, cfg)) {
            List<TestClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    TestClient c = new TestClient(s);
                    assertEquals("0.24.jiio000", ProtocolTest.version(c));
                    idle.add(c);
                }
                Thread.sleep(400);
                for (int i = 0; i < 4; i++) {
                    try (TestClient late = new TestClient(s)) {
                        assertEquals("0.24.jiio000", ProtocolTest.version(late), "newcomer " + i + " is served");
                    }
                }
                int closed = 0;
                for (TestClient c : idle) {
                    c.socket.setSoTimeout(200);
                    closed += c.closedByServer() ? 1 : 0;
                }
                assertTrue(closed >= 1 && closed <= 4, closed + " idle clients displaced");
            } finally {
                for (TestClient c : idle) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aBusyClientIsNotDisplaced() throws Exception {
        ServerConfig cfg = ServerConfig.defaults().withMaxConnections(1).withRequestTimeoutMs(200);
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=10"); IiodServer s = serve(ctx, cfg);
             TestClient reading = new TestClient(s)) {
            assertEquals(0, reading.command("TIMEOUT 0"));
            assertEquals(0, reading.command("OPEN sim-adc 20 00000001"));
            reading.send("READBUF sim-adc 40\r\n"); // two seconds at 10 Hz: the server is busy for it
            Thread.sleep(400);
            try (TestClient late = new TestClient(s)) {
                assertTrue(late.closedByServer(), "no idle client to displace: the newcomer is refused");
            }
            assertEquals(40, reading.readInt());
            assertEquals("00000001", reading.readLine());
            assertEquals(40, reading.readBytes(40).length);
        }
    }
}
