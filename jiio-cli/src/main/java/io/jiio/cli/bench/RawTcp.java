package io.jiio.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The network limit: a plain loopback TCP connection in this JVM, one thread writing a direct
 * buffer of {@code chunkBytes} again and again, the measuring thread reading into another and
 * discarding it. No protocol, no device, no copy in Java: what the kernel's loopback carries.
 */
public final class RawTcp {
    private RawTcp() {
    }

    public static double bytesPerSecond(int chunkBytes, long durationNanos) {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread writer = Thread.ofPlatform().daemon().name("jiio-bench-tcp-writer").start(() -> write(listener, chunkBytes));
            try (SocketChannel reader = SocketChannel.open(listener.getLocalAddress())) {
                ByteBuffer in = ByteBuffer.allocateDirect(chunkBytes);
                Timed.Result r = Timed.run(() -> {
                    in.clear();
                    try {
                        int n = reader.read(in);
                        if (n < 0) {
                            throw new IOException("the writer closed the connection");
                        }
                        return n;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, durationNanos);
                return r.perSecond();
            } finally {
                writer.interrupt(); // the closed connection ends its write with an exception
                writer.join(5000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("raw loopback TCP: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void write(ServerSocketChannel listener, int chunkBytes) {
        try (SocketChannel out = listener.accept()) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(chunkBytes);
            while (true) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        } catch (IOException | RuntimeException stopped) {
            // the reader closed its end, or we were interrupted: the measurement is over
        }
    }
}
