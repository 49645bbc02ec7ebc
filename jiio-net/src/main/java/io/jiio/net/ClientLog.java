package io.jiio.net;

import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import java.util.StringJoiner;

/**
 * What a server operator wants to see of each client: who connected, which device buffers they
 * opened (channels, scans per block, protocol) and when they closed them or left. INFO lines on
 * the server's logger, so a log level chosen for the server ({@code jiio serve --log-level})
 * shows or hides them; one line per event, none per request or block. Like the server's other
 * lines they never throw ({@link RateLimitedLog#log}).
 *
 * <p>A flood of clients (hundreds connecting at once, a scan, a client in a reconnect loop) must
 * not flood the log: lines are let through by a token bucket ({@value #BURST} at once, then one a
 * second), and the next line that passes says how many were left out. One per server.
 */
final class ClientLog {
    private static final System.Logger LOG = System.getLogger(IiodServer.class.getName());
    static final int BURST = 8;
    private static final long REFILL_NANOS = 1_000_000_000L;

    private double tokens = BURST;
    private long lastRefill = System.nanoTime();
    private long suppressed;

    private static boolean on() {
        return LOG.isLoggable(System.Logger.Level.INFO);
    }

    /** Logs {@code line} if the bucket allows, with the count of lines left out before it. */
    private void emit(String line) {
        String more;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(BURST, tokens + (double) (now - lastRefill) / REFILL_NANOS);
            lastRefill = now;
            if (tokens < 1) {
                suppressed++;
                return;
            }
            tokens--;
            more = suppressed == 0 ? "" : " (" + suppressed + " client events before this not logged: too many at once)";
            suppressed = 0;
        }
        RateLimitedLog.log(System.Logger.Level.INFO, line + more);
    }

    void connected(String peer, int clients) {
        if (on()) {
            emit("client " + peer + " connected ("
                    + clients + (clients == 1 ? " client)" : " clients)"));
        }
    }

    void left(String peer, long sinceNanos) {
        if (on()) {
            long ms = (System.nanoTime() - sinceNanos) / 1_000_000;
            emit("client " + peer + " left after "
                    + String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0));
        }
    }

    /** @param how the protocol and what the client asked for ("text, 1024 scans per block", "binary, buffer 0") */
    void opened(String peer, Device d, ChannelMask mask, String how) {
        if (on()) {
            StringJoiner channels = new StringJoiner(", ");
            mask.positions().forEach(p -> channels.add(d.channels().get(p).id()));
            boolean output = mask.positions().findFirst().stream()
                    .anyMatch(p -> d.channels().get(p).direction() == io.jiio.model.Direction.OUTPUT);
            emit("client " + peer + " opened " + d.displayName()
                    + (output ? " to write " : " to read ") + channels + " (" + how + ")");
        }
    }

    /** @param graceful false when the buffer is freed because the client went away with it open */
    void closed(String peer, Device d, boolean graceful) {
        if (on()) {
            emit("client " + peer + (graceful ? " closed " : " left ")
                    + d.displayName() + (graceful ? "" : " open: freed"));
        }
    }
}
