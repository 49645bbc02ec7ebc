package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * An iiod-compatible server (libiio 0.x text protocol) for any jiio {@link Context}: libiio's own
 * tools ({@code iio_info -u ip:HOST:PORT}, {@code iio_readdev}, …) can use it. One virtual thread
 * per client; a client's failure or disappearance ends only its own session and frees its buffers.
 *
 * <p>Buffers: one client at a time may have a device's buffer open; a second OPEN of a busy
 * device is answered {@code -16} (EBUSY).
 */
public final class IiodServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IiodServer.class.getName());

    private final Context ctx;
    private final ServerConfig cfg;
    private final ServerSocketChannel listener;
    private final Semaphore slots;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> sessions = ConcurrentHashMap.newKeySet();
    private final Map<Device, Session> owners = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile String xml;
    private volatile boolean closed;

    private IiodServer(Context ctx, ServerConfig cfg, ServerSocketChannel listener) {
        this.ctx = ctx;
        this.cfg = cfg;
        this.listener = listener;
        this.slots = new Semaphore(cfg.maxConnections());
        this.acceptor = Thread.ofVirtual().name("jiio-iiod-accept").unstarted(this::acceptLoop);
    }

    /** Serves {@code ctx} on 127.0.0.1:30431 with the default limits. */
    public static IiodServer start(Context ctx) {
        return start(ctx, InetAddress.getLoopbackAddress(), Wire.DEFAULT_PORT, ServerConfig.defaults());
    }

    /**
     * Serves {@code ctx} on {@code bind:port} ({@code port} 0: an ephemeral port, see {@link #port()}).
     *
     * @throws IioException EADDRINUSE-like failures as EBUSY, others as EIO, naming the address
     */
    public static IiodServer start(Context ctx, InetAddress bind, int port, ServerConfig cfg) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(cfg, "cfg");
        InetAddress addr = bind != null ? bind : InetAddress.getLoopbackAddress();
        if (port < 0 || port > 65535) {
            throw new IioException(Errno.EINVAL, "port " + port + " is out of range 0..65535");
        }
        ServerSocketChannel ch;
        try {
            ch = ServerSocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(addr, port), 64);
        } catch (java.net.BindException e) {
            throw new IioException(Errno.EBUSY, "cannot listen on " + addr.getHostAddress() + ":" + port + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new IioException(Errno.EIO, "cannot listen on " + addr.getHostAddress() + ":" + port + ": "
                    + e.getMessage(), e);
        }
        IiodServer s = new IiodServer(ctx, cfg, ch);
        s.acceptor.start();
        return s;
    }

    /** The port actually listened on. */
    public int port() {
        return address().getPort();
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IioException(Errno.EBADF, "server is closed", e);
        }
    }

    public Context context() {
        return ctx;
    }

    /** Clients connected right now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Devices whose buffer a client holds open right now. */
    public int openBufferCount() {
        return owners.size();
    }

    String xml() {
        String x = xml;
        if (x == null) {
            x = ContextXml.of(ctx);
            xml = x;
        }
        return x;
    }

    boolean claim(Device d, Session s) {
        return owners.putIfAbsent(d, s) == null;
    }

    void release(Device d, Session s) {
        owners.remove(d, s);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel sc;
            try {
                sc = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "accept failed", e);
                continue;
            }
            if (!slots.tryAcquire()) {
                LOG.log(System.Logger.Level.INFO, "refusing a client: " + cfg.maxConnections() + " connected");
                closeQuietly(sc);
                continue;
            }
            try {
                Connection conn = new Connection(sc, cfg.maxLineBytes());
                connections.add(conn);
                Thread t = Thread.ofVirtual().name("jiio-iiod-client").unstarted(() -> {
                    try {
                        new Session(this, ctx, cfg, conn).run();
                    } finally {
                        connections.remove(conn);
                        sessions.remove(Thread.currentThread());
                        slots.release();
                    }
                });
                sessions.add(t);
                t.start();
            } catch (IOException | RuntimeException e) {
                slots.release();
                closeQuietly(sc);
            }
        }
    }

    /**
     * Stops listening, disconnects every client and waits (a few seconds at most) until their
     * sessions have freed their buffers, so the context can be closed right after.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Nothing more to do.
        }
        for (Connection c : connections) {
            c.close();
        }
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        try {
            acceptor.join(2000);
            for (Thread t : sessions) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(java.time.Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final long CLOSE_WAIT_NANOS = 5_000_000_000L;

    private static void closeQuietly(SocketChannel sc) {
        try {
            sc.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }
}
