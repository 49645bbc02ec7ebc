package io.jiio.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay delays each direction by half the round trip and carries every byte unchanged. */
@Timeout(30)
class DelayProxyTest {
    @Test
    void anEchoThroughTheRelayTakesARoundTripAndComesBackIntact() throws Exception {
        try (ServerSocketChannel echo = ServerSocketChannel.open()) {
            echo.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread server = Thread.ofPlatform().daemon().start(() -> {
                try (SocketChannel c = echo.accept()) {
                    ByteBuffer b = ByteBuffer.allocate(64 << 10);
                    while (c.read(b) >= 0) {
                        b.flip();
                        while (b.hasRemaining()) {
                            c.write(b);
                        }
                        b.clear();
                    }
                } catch (Exception e) {
                    // the client closed
                }
            });
            try (DelayProxy proxy = new DelayProxy(echo.socket().getLocalPort(), 40_000);
                 SocketChannel c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                         proxy.port()))) {
                byte[] sent = new byte[3 * DelayProxy.CHUNK_BYTES + 17];
                new Random(7).nextBytes(sent);
                long t0 = System.nanoTime();
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        ByteBuffer out = ByteBuffer.wrap(sent);
                        while (out.hasRemaining()) {
                            c.write(out);
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                ByteBuffer got = ByteBuffer.allocate(sent.length);
                c.read(got.limit(1));
                long firstByte = System.nanoTime() - t0;
                got.limit(sent.length);
                while (got.hasRemaining()) {
                    c.read(got);
                }
                writer.join();
                assertArrayEquals(sent, got.array(), "every byte, in order");
                assertTrue(firstByte >= 40_000_000L, "the first byte came back after " + firstByte / 1000
                        + " us, less than the 40 ms round trip");
            }
            server.join(5000);
        }
    }
}
