package io.jiio.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Something other than iiod on the port, and the context timeout: the first exchange says "not an
 * iiod server" instead of a protocol error from deep inside, and {@code Context.open(uri, ms)}
 * bounds it.
 */
@Timeout(60)
class ForeignPeerTest {

    /** What the fake peer does with a connection. */
    private interface Peer {
        void serve(Socket s) throws IOException;
    }

    /** A one-connection-at-a-time loopback listener running {@code peer} until closed. */
    private static final class FakePeer implements AutoCloseable {
        final ServerSocket listener;

        FakePeer(Peer peer) throws IOException {
            listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        peer.serve(s);
                    } catch (IOException e) {
                        // the listener closed, or the client hung up: either way, next
                    }
                }
            });
        }

        String uri() {
            return "ip:127.0.0.1:" + listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void aWebServerIsNamedAsNotAnIiodServer() throws Exception {
        try (FakePeer web = new FakePeer(s -> {
            firstLine(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            IioException e = assertThrows(IioException.class, () -> Context.open(web.uri()));
            assertEquals(Errno.EPROTO, e.errno());
            assertTrue(e.getMessage().contains("is not an iiod server")
                    && e.getMessage().contains("HTTP/1.1 400 Bad Request"), e.getMessage());
        }
    }

    @Test
    void aBannerBeforeTheQuestionIsNamedToo() throws Exception {
        try (FakePeer ssh = new FakePeer(s -> {
            s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            firstLine(s.getInputStream());
        })) {
            IioException e = assertThrows(IioException.class, () -> Context.open(ssh.uri()));
            assertTrue(e.getMessage().contains("is not an iiod server") && e.getMessage().contains("SSH-2.0"),
                    e.getMessage());
        }
    }

    @Test
    void aPeerThatHangsUpIsAskedAbout() throws Exception {
        try (FakePeer rude = new FakePeer(s -> { })) {
            IioException e = assertThrows(IioException.class, () -> Context.open(rude.uri()));
            assertEquals(Errno.ECONNRESET, e.errno());
            assertTrue(e.getMessage().contains("without answering VERSION: is it an iiod server?"), e.getMessage());
        }
    }

    @Test
    void aSilentPeerTimesOutAfterTheContextTimeout() throws Exception {
        try (FakePeer silent = new FakePeer(s -> {
            firstLine(s.getInputStream());
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            long t0 = System.nanoTime();
            IioException e = assertThrows(IioException.class, () -> Context.open(silent.uri(), 300));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(Errno.ETIMEDOUT, e.errno());
            assertTrue(e.getMessage().contains("did not answer VERSION within 300 ms"), e.getMessage());
            assertTrue(ms >= 250 && ms < 5000, "took " + ms + " ms");
        }
    }

    @Test
    void timeoutsOtherThanMillisecondsDefaultAndNoLimitAreRefused() {
        IioException e = assertThrows(IioException.class, () -> Context.open("sim:", -2));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
    }

    /** No limit (-1) reaches the server as TIMEOUT 0 and a block still arrives, over both protocols. */
    @Test
    void noLimitStillCaptures() {
        try (IiodServer server = IiodServer.start(Context.open("sim:sim-adc.waveform=counter"),
                InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults())) {
            for (String protocol : new String[] {"text", "binary"}) {
                try (Context net = Context.open("ip:127.0.0.1:" + server.port() + ",protocol=" + protocol,
                        Context.NO_TIMEOUT)) {
                    Device adc = net.requireDevice("sim-adc");
                    try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                        q.allocate(2, 2 * 64).forEach(q::enqueue);
                        q.enable();
                        Block b = q.dequeue(10, TimeUnit.SECONDS);
                        assertTrue(b != null && b.bytesUsed() == 128, protocol + ": " + b);
                    }
                }
            }
        }
    }
}
