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
import java.util.concurrent.atomic.AtomicLong;
import io.jiio.model.ChannelMask;

/**
 * An iiod-compatible server (libiio 0.x text protocol) for any jiio {@link Context}: libiio's own
 * tools ({@code iio_info -u ip:HOST:PORT}, {@code iio_readdev}, …) can use it. One virtual thread
 * per client; a client's failure or disappearance ends only its own session and frees its buffers.
 *
 * <p>Buffers: several clients may read one input device at once; they share one capture (see
 * {@link SharedCapture}: union mask, reopen at the next block boundary when the union grows,
 * bounded per-reader backlog). An output device has one writer at a time: a second OPEN of it
 * (or an input OPEN of a device open for output) is answered {@code -16} (EBUSY).
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
    private final Map<Device, SharedCapture> captures = new ConcurrentHashMap<>();
    private final AtomicLong droppedScans = new AtomicLong();
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
        return owners.size() + captures.size();
    }

    /** Scans dropped so far from the backlogs of readers too slow for a shared capture. */
    public long droppedScans() {
        return droppedScans.get();
    }

    String xml() {
        String x = xml;
        if (x == null) {
            x = ContextXml.of(ctx);
            xml = x;
        }
        return x;
    }

    /** Claims an output device for one writer: false when it is being written or captured. */
    synchronized boolean claim(Device d, Session s) {
        return !captures.containsKey(d) && owners.putIfAbsent(d, s) == null;
    }

    /** Adds a reader to the device's shared capture (creating it for the first reader). */
    synchronized RxStream joinCapture(Device d, ChannelMask mask, long samples, int blocks, String peer,
                                      boolean positions) {
        if (owners.containsKey(d)) {
            throw new IioException(Errno.EBUSY, d.displayName() + ": another client has its buffer open for output");
        }
        SharedCapture c = captures.computeIfAbsent(d, k -> new SharedCapture(k, cfg, droppedScans));
        RxStream[] self = new RxStream[1];
        RxStream r = new RxStream(c, mask, samples, blocks, peer, positions, () -> leaveCapture(c, self[0]));
        self[0] = r;
        c.join(r);
        return r;
    }

    private synchronized void leaveCapture(SharedCapture c, RxStream r) {
        if (c.leave(r)) {
            captures.remove(c.device(), c);
        }
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
