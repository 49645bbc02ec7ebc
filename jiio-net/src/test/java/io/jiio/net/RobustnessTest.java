package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client's bad input or sudden disappearance ends at most its own session, never the server. */
@Timeout(30)
class RobustnessTest {
    private Context ctx;
    private IiodServer server;

    @BeforeEach
    void start() {
        ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0");
        server = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0,
                ServerConfig.defaults().withMaxConnections(4).withMaxLineBytes(256).withMaxWriteBytes(1024));
    }

    @AfterEach
    void stop() {
        server.close();
        ctx.close();
    }

    @Test
    void clientVanishingMidReadbufFreesTheBufferAndOthersKeepStreaming() throws Exception {
        try (TestClient streaming = new TestClient(server)) {
            assertEquals(0, streaming.command("OPEN sim-dac 64 00000001"));
            TestClient quitter = new TestClient(server);
            assertEquals(0, quitter.command("OPEN sim-adc 4096 0000001f"));
            quitter.send("READBUF sim-adc 1000000000\r\n");
            quitter.readBytes(100_000);
            quitter.socket.setSoLinger(true, 0);
            quitter.close();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.openBufferCount() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, server.openBufferCount(), "the vanished reader's capture stopped");
            try (TestClient next = new TestClient(server)) {
                assertEquals(0, ProtocolTest.retryOpen(next, "OPEN sim-adc 64 00000001"));
                assertEquals(128, next.command("READBUF sim-adc 128"));
                assertEquals("00000001", next.readLine());
                next.readBytes(128);
            }
            assertEquals(0, streaming.command("WRITEBUF sim-dac 128"));
            streaming.sendBytes(new byte[128]);
            assertEquals(128, streaming.readInt());
        }
    }

    @Test
    void clientVanishingMidWritebufFreesTheBuffer() throws Exception {
        TestClient quitter = new TestClient(server);
        assertEquals(0, quitter.command("OPEN sim-dac 1024 00000003"));
        assertEquals(0, quitter.command("WRITEBUF sim-dac 4096"));
        quitter.sendBytes(new byte[1000]);
        quitter.close();
        try (TestClient next = new TestClient(server)) {
            assertEquals(0, ProtocolTest.retryOpen(next, "OPEN sim-dac 16 00000003"));
        }
    }

    @Test
    void clientVanishingWhileTheDeviceIsSilentFreesTheBuffer() throws Exception {
        try (Context slow = Context.open("sim:sim-adc.sampling_frequency=10");
             IiodServer s = IiodServer.start(slow, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults())) {
            TestClient quitter = new TestClient(s);
            assertEquals(0, quitter.command("TIMEOUT 0"));
            assertEquals(0, quitter.command("OPEN sim-adc 100000 00000001"));
            quitter.send("READBUF sim-adc 200000\r\n");
            Thread.sleep(200);
            quitter.close();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (s.openBufferCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, s.openBufferCount());
        }
    }

    @Test
    void readbufTimesOutWithEtimedout() throws Exception {
        try (Context slow = Context.open("sim:sim-adc.sampling_frequency=10");
             IiodServer s = IiodServer.start(slow, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
             TestClient c = new TestClient(s)) {
            assertEquals(0, c.command("TIMEOUT 150"));
            assertEquals(0, c.command("OPEN sim-adc 1000 00000001"));
            assertEquals(-110, c.command("READBUF sim-adc 2000"));
            assertEquals("0.24.jiio000", ProtocolTest.version(c));
        }
    }

    @Test
    void overlongLineGetsEinvalAndClosesOnlyThatConnection() throws Exception {
        try (TestClient bad = new TestClient(server); TestClient good = new TestClient(server)) {
            byte[] junk = new byte[5000];
            Arrays.fill(junk, (byte) 'A');
            bad.sendBytes(junk);
            assertEquals(-22, bad.readInt());
            assertTrue(bad.closedByServer());
            assertEquals("0.24.jiio000", ProtocolTest.version(good));
        }
    }

    @Test
    void absurdWriteLengthIsRefusedAndClosesThatConnection() throws Exception {
        try (TestClient bad = new TestClient(server); TestClient good = new TestClient(server)) {
            assertEquals(-90, bad.command("WRITE sim-adc waveform 99999999999999"));
            assertTrue(bad.closedByServer());
            assertEquals(-22, good.command("WRITE sim-adc waveform 999999999999999999999999"));
            assertEquals("0.24.jiio000", ProtocolTest.version(good));
        }
    }

    @Test
    void connectionsOverTheLimitAreClosed() throws Exception {
        TestClient[] held = new TestClient[4];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = new TestClient(server);
                assertEquals("0.24.jiio000", ProtocolTest.version(held[i]));
            }
            try (TestClient extra = new TestClient(server)) {
                assertTrue(extra.closedByServer());
            }
            held[0].close();
            held[0] = null;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.connectionCount() >= 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (TestClient again = new TestClient(server)) {
                assertEquals("0.24.jiio000", ProtocolTest.version(again));
            }
        } finally {
            for (TestClient c : held) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @Test
    void binaryGarbageIsAnsweredLineByLine() throws Exception {
        try (TestClient c = new TestClient(server)) {
            byte[] junk = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n', 'R', 'E', 'A', 'D', 0, '\n'};
            c.sendBytes(junk);
            assertEquals(-22, c.readInt());
            assertEquals(-22, c.readInt());
            assertEquals("0.24.jiio000", ProtocolTest.version(c));
        }
    }
}
