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
 * While nobody reads, the writer just waits on the full socket.
 */
public final class RawTcp implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Thread writer;
    private final SocketChannel reader;
    private final ByteBuffer in;

    /**
     * Connects the pair and starts the writer.
     *
     * @param chunkBytes bytes per write and at most per read
     * @throws UncheckedIOException when the loopback connection cannot be made
     */
    public RawTcp(int chunkBytes) {
        try {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            writer = Thread.ofPlatform().daemon().name("jiio-bench-tcp-writer").start(() -> write(listener, chunkBytes));
            reader = SocketChannel.open(listener.getLocalAddress());
            in = ByteBuffer.allocateDirect(chunkBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("raw loopback TCP: " + e.getMessage(), e);
        }
    }

    /**
     * One read of whatever has arrived (up to a chunk): a step for {@link Timed}.
     *
     * @return the bytes read
     */
    public long step() {
        in.clear();
        try {
            int n = reader.read(in);
            if (n < 0) {
                throw new IOException("the writer closed the connection");
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("raw loopback TCP: " + e.getMessage(), e);
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

    @Override
    public void close() {
        try {
            reader.close();
            listener.close();
            writer.interrupt(); // the closed connection ends its write with an exception
            writer.join(5000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
