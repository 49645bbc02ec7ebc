package io.jiio.cli.bench;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import java.net.InetAddress;
import java.util.List;

/**
 * Network streaming from a jiio server serving the static sim-adc, started in this JVM on an
 * ephemeral 127.0.0.1 port. A client row takes the whole URI, so another protocol is one more
 * call ({@code ip:127.0.0.1:PORT,protocol=binary}); a URI the client does not accept is "n/a".
 */
public final class NetBench implements AutoCloseable {
    /** The status of a row whose URI the client does not accept (that protocol is not offered). */
    public static final String NOT_AVAILABLE = "n/a (not available)";
    private static final long BUSY_RETRY_NANOS = 3_000_000_000L;

    private final Context served;
    private final IiodServer server;

    /** Opens the static sim and serves it on an ephemeral loopback port; {@link #close()} stops both. */
    public NetBench() {
        served = Context.open(CaptureMode.STATIC_SIM);
        try {
            server = IiodServer.start(served, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
        } catch (RuntimeException e) {
            served.close();
            throw e;
        }
    }

    /** {@return the server's port} */
    public int port() {
        return server.port();
    }

    /**
     * The URI of this server.
     *
     * @param options appended as they are, e.g. {@code ",protocol=binary"}, or empty
     * @return {@code ip:127.0.0.1:PORT} plus {@code options}
     */
    public String uri(String options) {
        return "ip:127.0.0.1:" + port() + options;
    }

    /**
     * jiio's client reading sim-adc through {@code uri} in blocks of {@code blockBytes}, every byte
     * read as in the captures, interleaved with {@code raw} ({@link Timed#interleaved}) so that
     * the two rates see the same load. A URI the client rejects (EINVAL, EOPNOTSUPP, ENOSYS) is
     * {@link #NOT_AVAILABLE}, and nothing is measured.
     *
     * @param name          the row's name
     * @param uri           the client's URI, {@link #uri} with options
     * @param blockBytes    bytes per block
     * @param durationNanos how long to measure
     * @param raw           the raw TCP limit, measured in turns with the client
     * @return the client's row (its raw TCP figure is the one measured beside it)
     */
    public Rows.Net client(String name, String uri, long blockBytes, long durationNanos, RawTcp raw) {
        awaitIdle();
        Context ctx;
        try {
            ctx = Context.open(uri);
        } catch (IioException e) {
            // Nothing to compare: no raw TCP figure either (the row shows its status instead).
            Errno errno = e.errno();
            if (errno == Errno.EINVAL || errno == Errno.ENOSYS || errno == Errno.EOPNOTSUPP) {
                return new Rows.Net(name, NOT_AVAILABLE, 0, 0);
            }
            return new Rows.Net(name, "failed: " + e.getMessage(), 0, 0);
        }
        try (ctx; CaptureLoop loop = openWhenFree(ctx, blockBytes)) {
            Timed.Result[] r = Timed.interleaved(List.of(raw::step, loop::next), durationNanos);
            Blackhole.consume(loop.checksum());
            return new Rows.Net(name, Rows.Net.OK, r[1].perSecond(), r[0].perSecond());
        } catch (IioException e) {
            return new Rows.Net(name, "failed: " + e.getMessage(), 0, 0);
        }
    }

    /**
     * Waits (up to 3 s) until no client holds a buffer open: the server frees a client's buffer
     * when it notices the client left, which may be just after the client's close returned.
     */
    public void awaitIdle() {
        long deadline = System.nanoTime() + BUSY_RETRY_NANOS;
        while (server.openBufferCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** As {@link #awaitIdle}, in case the server still counts a buffer it is about to free. */
    private static CaptureLoop openWhenFree(Context ctx, long blockBytes) {
        long deadline = System.nanoTime() + BUSY_RETRY_NANOS;
        while (true) {
            try {
                return CaptureMode.BLOCK.open(ctx, blockBytes);
            } catch (IioException e) {
                if (e.errno() != Errno.EBUSY || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            served.close();
        }
    }
}
