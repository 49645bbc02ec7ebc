package io.jiio.cli.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on 127.0.0.1 that delays every byte by half a round trip each way: a link with
 * latency, where a protocol that waits for each answer before asking again loses a round trip
 * per request and a pipelined one does not. (This machine's kernel has no {@code netem} qdisc,
 * so the latency is made here.)
 *
 * <p>Each direction of a connection is a delay line: a reader thread stamps each chunk it
 * receives, a writer thread sends it once the stamp is {@code rtt / 2} old. At most
 * {@link #CHUNKS} chunks of {@link #CHUNK_BYTES} are in flight per direction (the window), and
 * both sides keep their own TCP buffers, so bandwidth is not what the relay limits first.
 */
public final class DelayProxy implements AutoCloseable {
    static final int CHUNK_BYTES = 256 << 10;
    static final int CHUNKS = 64;

    private final ServerSocketChannel listener;
    private final InetSocketAddress target;
    private final long oneWayNanos;
    private final List<Thread> threads = new ArrayList<>();
    private final List<SocketChannel> sockets = new ArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Relays to 127.0.0.1:{@code targetPort} with a round trip of {@code rttMicros}, listening on
     * an ephemeral port ({@link #port()}) from now until {@link #close()}.
     *
     * @param targetPort the server's port on 127.0.0.1
     * @param rttMicros  the round trip to add, in µs
     * @throws IllegalStateException when it cannot listen
     */
    public DelayProxy(int targetPort, long rttMicros) {
        try {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException("delay proxy: cannot listen on 127.0.0.1: " + e.getMessage(), e);
        }
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        oneWayNanos = TimeUnit.MICROSECONDS.toNanos(rttMicros) / 2;
        acceptor = Thread.ofPlatform().daemon().name("jiio-bench-proxy").start(this::accept);
    }

    /** {@return the port clients connect to instead of the server's} */
    public int port() {
        return listener.socket().getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel client = listener.accept();
                SocketChannel server = SocketChannel.open(target);
                synchronized (this) {
                    sockets.add(client);
                    sockets.add(server);
                    relay(client, server);
                    relay(server, client);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One direction: a reader stamping chunks and a writer sending each when it is old enough. */
    private void relay(SocketChannel from, SocketChannel to) {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(CHUNKS);
        BlockingQueue<ByteBuffer> line = new ArrayBlockingQueue<>(CHUNKS);
        long[] stamps = new long[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            free.add(ByteBuffer.allocateDirect(CHUNK_BYTES));
        }
        threads.add(Thread.ofPlatform().daemon().name("jiio-bench-proxy-in").start(() -> {
            int tail = 0;
            try {
                while (true) {
                    ByteBuffer b = free.take();
                    b.clear();
                    if (from.read(b) < 0) {
                        shutdown(to);
                        return;
                    }
                    b.flip();
                    stamps[tail] = System.nanoTime();
                    tail = (tail + 1) % CHUNKS;
                    line.put(b);
                }
            } catch (IOException | InterruptedException e) {
                shutdown(to);
            }
        }));
        threads.add(Thread.ofPlatform().daemon().name("jiio-bench-proxy-out").start(() -> {
            int head = 0;
            try {
                while (true) {
                    ByteBuffer b = line.take(); // its stamp was written before the put: visible
                    long due = stamps[head] + oneWayNanos;
                    head = (head + 1) % CHUNKS;
                    for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                        LockSupport.parkNanos(left);
                    }
                    while (b.hasRemaining()) {
                        to.write(b);
                    }
                    free.put(b);
                }
            } catch (IOException | InterruptedException e) {
                shutdown(from);
            }
        }));
    }

    private static void shutdown(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (this) {
            sockets.forEach(DelayProxy::shutdown);
            threads.forEach(Thread::interrupt);
        }
        acceptor.interrupt();
    }
}
