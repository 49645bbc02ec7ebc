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
import java.util.concurrent.TimeUnit;
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

    private final Context ctx;
    private final ServerConfig cfg;
    private final ServerSocketChannel listener;
    private final Semaphore slots;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> sessions = ConcurrentHashMap.newKeySet();
    private final Map<Device, Session> owners = new ConcurrentHashMap<>();
    private final Map<Device, SharedCapture> captures = new ConcurrentHashMap<>();
    private final AtomicLong droppedScans = new AtomicLong();
    private final MemoryBudget budget;
    private final Thread acceptor;
    private final Thread watchdog;
    private final ClientLog clientLog = new ClientLog();
    private final RateLimitedLog refusals = new RateLimitedLog(System.Logger.Level.INFO);
    private final RateLimitedLog expiries = new RateLimitedLog(System.Logger.Level.INFO);
    private volatile String xml;
    private volatile boolean closed;

    private IiodServer(Context ctx, ServerConfig cfg, ServerSocketChannel listener) {
        this.ctx = ctx;
        this.cfg = cfg;
        this.listener = listener;
        this.slots = new Semaphore(cfg.maxConnections());
        this.budget = new MemoryBudget(cfg.maxMemoryBytes());
        this.acceptor = Thread.ofPlatform().daemon().name("jiio-iiod-accept").unstarted(this::acceptLoop);
        this.watchdog = Thread.ofPlatform().daemon().name("jiio-iiod-watchdog").unstarted(this::watch);
    }

    /**
     * Serves {@code ctx} on the loopback address, iiod's port 30431, with the default limits.
     *
     * @param ctx the context to serve; the caller keeps owning it (close the server first)
     * @return the running server
     * @throws IioException as {@link #start(Context, InetAddress, int, ServerConfig)}
     */
    public static IiodServer start(Context ctx) {
        return start(ctx, InetAddress.getLoopbackAddress(), Wire.DEFAULT_PORT, ServerConfig.defaults());
    }

    /**
     * Serves {@code ctx} on {@code bind:port} ({@code port} 0: an ephemeral port, see {@link #port()}).
     * Returns once the socket listens; clients are accepted on a thread of the server's own.
     *
     * @param ctx  the context to serve; the caller keeps owning it (close the server first)
     * @param bind the address to listen on, {@code null} for the loopback address
     * @param port the TCP port, 0 for any free one
     * @param cfg  the limits that keep one client from hurting the others
     * @return the running server
     * @throws IioException EINVAL for a port out of range; EADDRINUSE, EADDRNOTAVAIL or EACCES when
     *                      the address cannot be had, else EIO, naming the address
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
            throw new IioException(Errno.ofBindFailure(e), "cannot listen on " + addr.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IioException(Errno.EIO, "cannot listen on " + addr.getHostAddress() + ":" + port + ": "
                    + e.getMessage(), e);
        }
        IiodServer s = new IiodServer(ctx, cfg, ch);
        s.acceptor.start();
        s.watchdog.start();
        return s;
    }

    /** {@return the port actually listened on} */
    public int port() {
        return address().getPort();
    }

    /**
     * The address actually listened on.
     *
     * @return the bound address and port
     * @throws IioException EBADF once the server is closed
     */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IioException(Errno.EBADF, "server is closed", e);
        }
    }

    /** {@return the context served} */
    public Context context() {
        return ctx;
    }

    /** {@return the clients connected right now} */
    public int connectionCount() {
        return connections.size();
    }

    /** {@return the devices whose buffer a client holds open right now} */
    public int openBufferCount() {
        return owners.size() + captures.size();
    }

    /**
     * {@return the bytes of sample memory the open buffers hold (see
     * {@link ServerConfig#maxMemoryBytes()})}
     */
    public long memoryInUse() {
        return budget.used();
    }

    MemoryBudget budget() {
        return budget;
    }

    /** {@return the scans dropped so far from the backlogs of readers too slow for a shared capture} */
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

    private volatile byte[] binaryPrint;

    /**
     * PRINT's answer in the binary protocol: the XML with version 1.0, zstd-compressed as libiio
     * 1.x's iiod sends it (its client reads at most 64 KiB), or plain where zstd cannot load.
     */
    byte[] binaryPrint() {
        byte[] p = binaryPrint;
        if (p == null) {
            byte[] plain = ContextXml.of(ctx, Wire.BINARY_VERSION_MAJOR, Wire.BINARY_VERSION_MINOR)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            p = Zstd.available() ? Zstd.compress(plain) : plain;
            binaryPrint = p;
        }
        return p;
    }

    /**
     * How long an OPEN waits for a device that another client holds. A client that vanished (reset,
     * killed) frees its devices as soon as its session sees it gone, which takes a moment: the next
     * client's OPEN, often immediate, should get the device rather than EBUSY.
     */
    static final long BUSY_GRACE_MS = 1000;

    /** Claims an output device for one writer: false when it is being written or captured. */
    synchronized boolean claim(Device d, Session s) {
        long deadline = System.nanoTime() + BUSY_GRACE_MS * 1_000_000L;
        while (captures.containsKey(d) || owners.containsKey(d)) {
            if (!awaitRelease(deadline)) {
                return false;
            }
        }
        owners.put(d, s);
        return true;
    }

    /** Waits on this server's monitor until something is released or the deadline passes; false then. */
    private boolean awaitRelease(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
            return false;
        }
        try {
            wait(Math.max(1, left / 1_000_000L));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Adds a reader to the device's shared capture (creating it for the first reader). */
    synchronized RxStream joinCapture(Device d, ChannelMask mask, long samples, int blocks, String peer,
                                      boolean positions) {
        long deadline = System.nanoTime() + BUSY_GRACE_MS * 1_000_000L;
        while (owners.containsKey(d)) {
            if (!awaitRelease(deadline)) {
                throw new IioException(Errno.EBUSY, d.displayName() + ": another client has its buffer open for output");
            }
        }
        SharedCapture c = captures.computeIfAbsent(d, k -> new SharedCapture(k, cfg, droppedScans, budget));
        RxStream[] self = new RxStream[1];
        RxStream r = new RxStream(c, mask, samples, blocks, peer, positions, () -> leaveCapture(c, self[0]));
        self[0] = r;
        c.join(r);
        return r;
    }

    private synchronized void leaveCapture(SharedCapture c, RxStream r) {
        if (c.leave(r)) {
            captures.remove(c.device(), c);
            notifyAll();
        }
    }

    /** A binary buffer, as libiio's iiod keys them: one list for a client's connections. */
    private record BinaryKey(String host, Device device, int index) {
    }

    private final Map<BinaryKey, BinarySession> binaryBuffers = new ConcurrentHashMap<>();

    void binaryOpened(String host, Device d, int index, BinarySession s) {
        binaryBuffers.put(new BinaryKey(host, d, index), s);
    }

    void binaryClosed(String host, Device d, int index, BinarySession s) {
        binaryBuffers.remove(new BinaryKey(host, d, index), s);
    }

    /** The session (of a connection from {@code host}) that holds buffer {@code index} of {@code d}, or null. */
    BinarySession binaryHolder(String host, Device d, int index) {
        return binaryBuffers.get(new BinaryKey(host, d, index));
    }

    synchronized void release(Device d, Session s) {
        if (owners.remove(d, s)) {
            notifyAll();
        }
    }

    /**
     * Accepts clients until the server closes. Nothing a client or the system does ends this loop:
     * a failing accept (out of file descriptors: EMFILE) is retried with a growing pause, up to a
     * second, logged once per episode; a full server displaces its longest-idle client or refuses.
     */
    private void acceptLoop() {
        long pauseMs = 0;
        long failures = 0;
        while (!closed) {
            SocketChannel sc;
            try {
                sc = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (Throwable e) {
                if (closed) {
                    return;
                }
                if (failures++ == 0) {
                    RateLimitedLog.log(System.Logger.Level.WARNING, "accepting clients failed (" + e
                            + "); retrying, with pauses of up to a second, until it works again");
                }
                pauseMs = Math.min(1000, Math.max(10, pauseMs * 2));
                pause(pauseMs);
                continue;
            }
            if (failures > 0) {
                RateLimitedLog.log(System.Logger.Level.WARNING, "accepting clients again after " + failures
                        + " failed attempts");
                failures = 0;
                pauseMs = 0;
            }
            try {
                admit(sc);
            } catch (Throwable e) {
                closeQuietly(sc);
                refusals.event("could not serve a client: " + e);
            }
        }
    }

    private void admit(SocketChannel sc) throws IOException {
        if (!slots.tryAcquire() && !(displaceIdle() && acquireSlot())) {
            refusals.event("refusing a client: " + cfg.maxConnections() + " connected and none idle for "
                    + cfg.requestTimeoutMs() + " ms");
            closeQuietly(sc);
            return;
        }
        Connection conn;
        try {
            conn = new Connection(sc, cfg);
        } catch (IOException | RuntimeException e) {
            slots.release();
            throw e;
        }
        connections.add(conn);
        long since = System.nanoTime();
        clientLog.connected(conn.peer(), connections.size());
        Thread t = Thread.ofVirtual().name("jiio-iiod-client").unstarted(() -> {
            try {
                new Session(this, ctx, cfg, conn).run();
            } finally {
                clientLog.left(conn.peer(), since);
                connections.remove(conn);
                sessions.remove(Thread.currentThread());
                slots.release();
            }
        });
        sessions.add(t);
        t.start();
    }

    /**
     * A full server makes room for a newcomer by closing the client that has been idle (between
     * requests) the longest, if that is at least the request timeout: idle connections cannot lock
     * everyone else out, and a client that is using the server keeps its place.
     */
    private boolean displaceIdle() {
        long now = System.nanoTime();
        Connection victim = null;
        for (Connection c : connections) {
            if (c.phase() == Connection.Phase.IDLE && c.phaseNanos(now) >= cfg.requestTimeoutMs() * 1_000_000L
                    && (victim == null || c.phaseNanos(now) > victim.phaseNanos(now))) {
                victim = c;
            }
        }
        if (victim == null) {
            return false;
        }
        refusals.event("server full: closing client " + victim.peer() + ", idle for "
                + victim.phaseNanos(now) / 1_000_000_000L + " s, to serve a new one");
        victim.expire();
        return true;
    }

    /** Where sessions log their clients' buffers opening and closing. */
    ClientLog clientLog() {
        return clientLog;
    }

    /** Waits (briefly) for a closed client's session to give its slot back. */
    private boolean acquireSlot() {
        try {
            return slots.tryAcquire(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes connections whose phase outlived its deadline (see {@link Connection}), until the server closes. */
    private void watch() {
        while (!closed) {
            pause(WATCH_PERIOD_MS);
            long now = System.nanoTime();
            for (Connection c : connections) {
                if (c.overdue(now)) {
                    expiries.event("closing client " + c.peer() + ": " + describe(c.phase()) + " for "
                            + c.phaseNanos(now) / 1_000_000L + " ms");
                    c.expire();
                }
            }
        }
    }

    static final long WATCH_PERIOD_MS = 100;

    private static String describe(Connection.Phase p) {
        return switch (p) {
            case IDLE -> "no request";
            case REQUEST -> "a request line still incomplete";
            case PAYLOAD -> "a payload still incomplete";
            case SENDING -> "not taking its reply";
            case BUSY -> "busy";
        };
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        synchronized (this) {
            notifyAll(); // OPENs waiting for a device
        }
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
            watchdog.join(2000);
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
