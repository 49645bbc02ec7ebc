package io.jiio.scope;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * {@code jiio scope}: a browser oscilloscope for a context. One page at {@code http://ADDR:PORT/}
 * shows the time traces of the captured channels in physical units with an edge trigger, their
 * spectrum, the context's tree with editable attributes, and the capture's live figures — its
 * losses above all.
 *
 * <pre>
 *  device ──blocks──▶ CaptureRun (own thread) ──physical values──▶ SampleRing
 *                                                                     │ (lock-free snapshots)
 *  page ◀──binary frames── Viewer ◀── TraceView / SpectrumView ◀── Ticker (20 Hz)
 *  page ──settings (WebSocket text)──▶ Viewer
 *  page ──HTTP JSON──▶ HttpApi ──▶ ContextTree / AttributeEditor / Capture
 * </pre>
 *
 * <p>Why it is built this way: the capture is the one thing that must never slow down — a lost
 * scan is lost for good, a lost frame is replaced 50 ms later. So the capture thread only moves
 * blocks into a ring; frames are built by another thread at a fixed rate, and each page takes
 * what it can (a page that cannot keep up has frames dropped, and is told). All pages share one
 * capture, started when the first connects and stopped when the last leaves.
 *
 * <p>Embedded Jetty 12 (core, no servlets) serves HTTP and WebSocket on one port; uPlot comes from
 * its webjar on the class path.
 */
public final class ScopeServer implements AutoCloseable {
    private static final long MAX_TEXT_MESSAGE = 64 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final Capture capture;
    private final Ticker ticker;
    private final CaptureTarget initial;

    private ScopeServer(Server server, ServerConnector connector, Capture capture, Ticker ticker, CaptureTarget initial) {
        this.server = server;
        this.connector = connector;
        this.capture = capture;
        this.ticker = ticker;
        this.initial = initial;
    }

    /**
     * Serves the scope of {@code ctx} as {@code cfg} says. A device without input channels (or a
     * context without any) does not stop it: the page shows the context and says why nothing is
     * captured ({@link #problem()}), and another device can be picked there.
     *
     * <p>The capture itself starts only when the first page connects. The caller keeps owning
     * {@code ctx}: close the server first, then the context.
     *
     * @param ctx the context to show and capture from
     * @param cfg where to listen and what to capture
     * @return the running server; {@link #close()} stops it
     * @throws IioException ENODEV/ENOENT/EINVAL for a device or channel that is not there or not
     *                      an input; EADDRINUSE when the port is taken (EADDRNOTAVAIL, EACCES: the
     *                      address or port cannot be had); EIO when the server cannot start
     */
    public static ScopeServer start(Context ctx, ScopeConfig cfg) {
        Consumer<String> log = cfg.log();
        CaptureTarget target = CaptureTarget.choose(ctx, cfg.device(), cfg.channels());
        Collection<Viewer> viewers = new CopyOnWriteArrayList<>();
        Capture[] holder = new Capture[1];
        Capture capture = new Capture(target, cfg.blocks(), cfg.blockScans(), log, () -> {
            for (Viewer v : viewers) {
                v.announce(Messages.hello(cfg.uri(), ctx, holder[0]));
            }
        });
        holder[0] = capture;
        ViewerSocket.Hub hub = new ViewerSocket.Hub() {
            @Override
            public void joined(Viewer viewer) {
                // Counted (and the capture started) before the page hears hello, so a page that
                // asks for the figures right after hello is among them; added to the frame list
                // after hello, so its first message is always hello.
                capture.viewerJoined();
                viewer.announce(Messages.hello(cfg.uri(), ctx, capture));
                viewers.add(viewer);
            }

            @Override
            public void left(Viewer viewer) {
                if (viewers.remove(viewer)) {
                    capture.viewerLeft();
                }
            }
        };
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("jiio-scope-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(cfg.bind().getHostAddress());
        connector.setPort(cfg.port());
        server.addConnector(connector);
        AttributeEditor editor = new AttributeEditor(ctx, capture, log);
        HttpApi api = new HttpApi(cfg.uri(), ctx, capture, editor, new WebResources(), log);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(MAX_TEXT_MESSAGE);
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping("/ws", (request, response, callback) -> {
                if (!SameOrigin.allows(request.getHeaders().get(HttpHeader.ORIGIN),
                        request.getHeaders().get(HttpHeader.HOST))) {
                    Response.writeError(request, response, callback, 403, "WebSocket from another site refused");
                    return null;
                }
                return new ViewerSocket(hub);
            });
        });
        ws.setHandler(api);
        server.setHandler(ws);
        Ticker ticker = new Ticker(capture, viewers, new LossLog(log));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing
            }
            String at = cfg.bind().getHostAddress() + ":" + cfg.port();
            BindException bind = causeOf(e, BindException.class);
            if (bind != null && Errno.ofBindFailure(bind) == Errno.EADDRINUSE) {
                throw new IioException(Errno.EADDRINUSE, "cannot listen on " + at + ": address already in use "
                        + "(another scope or server on that port? choose another port, or 0 for any free one)", e);
            }
            if (bind != null) {
                throw new IioException(Errno.ofBindFailure(bind), "cannot listen on " + at + ": " + bind.getMessage(), e);
            }
            throw new IioException(Errno.EIO, "cannot start the HTTP server on " + at + ": " + e, e);
        }
        if (target.problem() != null) {
            log.accept(target.problem());
        }
        ticker.start();
        return new ScopeServer(server, connector, capture, ticker, target);
    }

    private static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** {@return the address and port listened on (the actual port when 0 was asked for)} */
    public InetSocketAddress address() {
        String host = connector.getHost();
        try {
            return new InetSocketAddress(InetAddress.getByName(host), connector.getLocalPort());
        } catch (java.net.UnknownHostException e) {
            return InetSocketAddress.createUnresolved(host, connector.getLocalPort());
        }
    }

    /** {@return the port listened on: the one chosen when the configuration said 0} */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@return the page's address, as a browser on this machine would reach it} */
    public URI url() {
        InetSocketAddress a = address();
        InetAddress addr = a.getAddress();
        String host = addr == null || addr.isAnyLocalAddress() ? "127.0.0.1"
                : addr instanceof java.net.Inet6Address ? "[" + addr.getHostAddress() + "]" : addr.getHostAddress();
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** {@return why nothing is captured at start (a device without input channels), or {@code null}} */
    public String problem() {
        return initial.problem();
    }

    /** {@return what is captured at start, for the terminal: "sim-adc: voltage0 voltage1", or the problem} */
    public String describeCapture() {
        if (!initial.capturable()) {
            return initial.problem();
        }
        return initial.device().displayName() + ": "
                + String.join(" ", initial.channels().stream().map(Channel::id).toList());
    }

    /** {@return the pages connected now} */
    public int viewers() {
        return capture.viewers();
    }

    /** Stops the capture (closing the device's buffer), then the server. */
    @Override
    public void close() {
        ticker.close();
        capture.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IioException(Errno.EIO, "stopping the scope's HTTP server: " + e, e);
        }
    }
}
