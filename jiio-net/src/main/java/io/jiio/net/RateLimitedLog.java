package io.jiio.net;

import java.util.concurrent.TimeUnit;

/**
 * One kind of server event that may repeat fast (refused connections, failed accepts, timed-out
 * clients): the first is logged, later ones within {@link #QUIET_MS} are only counted and the next
 * line written says how many were not. Logging itself never throws: a server out of file
 * descriptors may fail to write a line, and that must not end the thread that logs it.
 */
final class RateLimitedLog {
    static final long QUIET_MS = 10_000;
    private static final System.Logger LOG = System.getLogger(IiodServer.class.getName());

    static {
        // The first line formats a date, which loads time-zone data from a file: done now, while
        // file descriptors are still there, rather than at the first EMFILE.
        try {
            new java.util.logging.SimpleFormatter().format(new java.util.logging.LogRecord(
                    java.util.logging.Level.INFO, "warm-up"));
        } catch (Throwable ignored) {
            // Logging will do without.
        }
    }

    private final System.Logger.Level level;
    private long lastNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
    private long unlogged;

    RateLimitedLog(System.Logger.Level level) {
        this.level = level;
    }

    /** Logs {@code message} unless a line of this kind was written less than {@link #QUIET_MS} ago. */
    synchronized void event(String message) {
        long now = System.nanoTime();
        if (now - lastNanos < TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
            unlogged++;
            return;
        }
        String more = unlogged == 0 ? "" : " (and " + unlogged + " more like it not logged)";
        lastNanos = now;
        unlogged = 0;
        log(level, message + more);
    }

    /** Writes one line, whatever happens. */
    static void log(System.Logger.Level level, String message) {
        try {
            LOG.log(level, message);
        } catch (Throwable ignored) {
            // No file descriptor for the time zone, a full disk: the server goes on without the line.
        }
    }
}
