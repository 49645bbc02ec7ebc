package io.jiio.cli;

import io.jiio.buffer.QueueStats;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live status line of a capture on stderr: the transfer mode, rate in MB/s, scans/s and
 * blocks/s since the last refresh, total scans, and the scans lost so far (those the device had to
 * drop, and in how many gaps).
 * Redrawn in place about four times a second; {@link #finish()} leaves a last line with the
 * averages over the whole run, e.g.
 * {@code [block] 1000000 scans in 0.50 s: 32.00 MB/s, 2.00 M scans/s, 7.8 k blocks/s, lost: 0}.
 *
 * <p>Not thread-safe: the streaming loop calls it between blocks, so drawing needs no thread of
 * its own and can never interleave with a block being written.
 */
final class Progress {
    static final long REFRESH_NS = TimeUnit.MILLISECONDS.toNanos(250);

    private final PrintStream err;
    private final boolean shown;
    private final Supplier<QueueStats> stats;
    private final String mode;
    private final long startNs = System.nanoTime();
    private long scans;
    private long bytes;
    private long blocks;
    private long drawnNs = startNs;
    private long drawnScans;
    private long drawnBytes;
    private long drawnBlocks;
    private int width;

    /**
     * @param shown draw at all; when false every call is a no-op
     * @param mode  how the samples move ({@code block}, {@code dmabuf}, {@code fileio}): the line's prefix
     */
    Progress(PrintStream err, boolean shown, Supplier<QueueStats> stats, String mode) {
        this.err = err;
        this.shown = shown;
        this.stats = stats;
        this.mode = mode;
    }

    /**
     * Prints a whole line of its own on {@code err} (a --stats line), first wiping the status
     * line if one is drawn; the status line comes back at the next refresh.
     */
    void message(CharSequence line) {
        if (width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            width = 0;
        }
        err.println(line);
    }

    /** Counts one block's scans that went out and redraws if a refresh is due. */
    void add(long moreScans, long moreBytes) {
        scans += moreScans;
        bytes += moreBytes;
        blocks++;
        tick();
    }

    /** Redraws if a refresh is due (also while no data arrives, so a stall shows as 0 MB/s). */
    void tick() {
        if (!shown) {
            return;
        }
        long now = System.nanoTime();
        if (now - drawnNs < REFRESH_NS) {
            return;
        }
        draw(line(scans + " scans", now - drawnNs, scans - drawnScans, bytes - drawnBytes, blocks - drawnBlocks));
        drawnNs = now;
        drawnScans = scans;
        drawnBytes = bytes;
        drawnBlocks = blocks;
    }

    /** Draws the averages over the whole run and ends the line. */
    void finish() {
        if (!shown) {
            return;
        }
        long elapsed = System.nanoTime() - startNs;
        draw(line(String.format(Locale.ROOT, "%d scans in %.2f s", scans, elapsed / 1e9), elapsed, scans, bytes, blocks));
        err.println();
        err.flush();
    }

    private String line(String head, long ns, long someScans, long someBytes, long someBlocks) {
        double seconds = Math.max(ns, 1) / 1e9;
        return String.format(Locale.ROOT, "[%s] %s: %.2f MB/s, %s scans/s, %s blocks/s, lost: %s",
                mode, head, someBytes / seconds / 1e6, si(someScans / seconds), si(someBlocks / seconds), lost(stats.get()));
    }

    /**
     * The device's losses so far, as the queue counts them (reported ones included, before a block
     * places them): {@code 0}, {@code 3179 scans in 2 gaps}, or {@code unknown}.
     */
    static String lost(QueueStats s) {
        if (!s.lossKnown()) {
            return "unknown";
        }
        long scans = s.lostScans();
        if (scans == 0) {
            return "0";
        }
        long gaps = s.lossEpisodes() + (s.pendingLostScans() > 0 ? 1 : 0);
        return scans + " scans in " + gaps + (gaps == 1 ? " gap" : " gaps");
    }

    private void draw(String text) {
        int pad = Math.max(0, width - text.length());
        err.print("\r" + text + " ".repeat(pad));
        err.flush();
        width = text.length();
    }

    /** 1234567 → {@code 1.23 M}: rates span many decades, so a prefix keeps the line short. */
    static String si(double v) {
        if (v < 1e3) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v < 1e6) {
            return String.format(Locale.ROOT, "%.1f k", v / 1e3);
        }
        if (v < 1e9) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f G", v / 1e9);
    }
}
