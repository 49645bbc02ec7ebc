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
 */
final class ClientLog {
    private static final System.Logger LOG = System.getLogger(IiodServer.class.getName());

    private ClientLog() {
    }

    private static boolean on() {
        return LOG.isLoggable(System.Logger.Level.INFO);
    }

    static void connected(String peer, int clients) {
        if (on()) {
            RateLimitedLog.log(System.Logger.Level.INFO, "client " + peer + " connected ("
                    + clients + (clients == 1 ? " client)" : " clients)"));
        }
    }

    static void left(String peer, long sinceNanos) {
        if (on()) {
            long ms = (System.nanoTime() - sinceNanos) / 1_000_000;
            RateLimitedLog.log(System.Logger.Level.INFO, "client " + peer + " left after "
                    + String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0));
        }
    }

    /** @param how the protocol and what the client asked for ("text, 1024 scans per block", "binary, buffer 0") */
    static void opened(String peer, Device d, ChannelMask mask, String how) {
        if (on()) {
            StringJoiner channels = new StringJoiner(", ");
            mask.positions().forEach(p -> channels.add(d.channels().get(p).id()));
            boolean output = mask.positions().findFirst().stream()
                    .anyMatch(p -> d.channels().get(p).direction() == io.jiio.model.Direction.OUTPUT);
            RateLimitedLog.log(System.Logger.Level.INFO, "client " + peer + " opened " + d.displayName()
                    + (output ? " to write " : " to read ") + channels + " (" + how + ")");
        }
    }

    /** @param graceful false when the buffer is freed because the client went away with it open */
    static void closed(String peer, Device d, boolean graceful) {
        if (on()) {
            RateLimitedLog.log(System.Logger.Level.INFO, "client " + peer + (graceful ? " closed " : " left ")
                    + d.displayName() + (graceful ? "" : " open: freed"));
        }
    }
}
