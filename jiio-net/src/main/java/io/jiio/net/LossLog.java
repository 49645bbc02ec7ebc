package io.jiio.net;

import java.util.concurrent.TimeUnit;

/**
 * The server's log of one source of loss (a reader of a shared capture, or the capture itself):
 * one line when an episode starts and one when it ends, an episode being a run of losses with no
 * delivery in between. A source that loses again and again would flood the log, so an episode
 * starting within {@link #QUIET_MS} of the last line is only counted, and the next line that is
 * written says how many went unlogged. Not thread-safe: its owner's lock guards it.
 */
final class LossLog {
    /** Least time between two episode-start lines of one source. */
    static final long QUIET_MS = 1000;
    private static final System.Logger LOG = System.getLogger(LossLog.class.getName());

    private final String subject;
    private final String startVerb;
    private final String endVerb;
    private final String unit;
    private long episodeFrom = -1;
    private long episodeCount;
    private long episodeScans;
    private boolean episodeLogged;
    private long lastLineNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
    private long quietEpisodes;
    private long quietCount;
    private long quietScans;

    /**
     * @param subject   who loses: {@code reader 127.0.0.1:54321 of sim-adc}
     * @param startVerb what happens, at the start of an episode: {@code too slow: dropped}
     * @param endVerb   what the closing line says: {@code reading again: dropped}
     * @param unit      what {@code count} counts, singular: {@code block}, {@code gap}
     */
    LossLog(String subject, String startVerb, String endVerb, String unit) {
        this.subject = subject;
        this.startVerb = startVerb;
        this.endVerb = endVerb;
        this.unit = unit;
    }

    /** {@code scans} lost in {@code count} units, the first of them at scan {@code from}. */
    void lost(long count, long scans, long from) {
        boolean starts = episodeFrom < 0;
        if (starts) {
            episodeFrom = from;
        }
        episodeCount += count;
        episodeScans += scans;
        if (!starts) {
            return;
        }
        long now = System.nanoTime();
        episodeLogged = now - lastLineNanos >= TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
        if (episodeLogged) {
            lastLineNanos = now;
            LOG.log(System.Logger.Level.WARNING, subject + " " + startVerb + " " + counted(count) + " ("
                    + scans + " scans) from scan " + from + unlogged());
        }
    }

    /** Data flows again: the episode (if any) is over. */
    void ended() {
        if (episodeFrom < 0) {
            return;
        }
        if (episodeLogged) {
            LOG.log(System.Logger.Level.WARNING, subject + " " + endVerb + " " + counted(episodeCount) + " ("
                    + episodeScans + " scans) in all from scan " + episodeFrom);
        } else {
            quietEpisodes++;
            quietCount += episodeCount;
            quietScans += episodeScans;
        }
        episodeFrom = -1;
        episodeCount = 0;
        episodeScans = 0;
    }

    /**
     * The source is done (its capture stopped, its reader left): whatever was only counted is
     * written now, so every loss reaches the log at least as a total.
     */
    void close() {
        ended();
        if (quietEpisodes > 0) {
            LOG.log(System.Logger.Level.WARNING, subject + " ended having lost another " + quietEpisodes
                    + (quietEpisodes == 1 ? " time" : " times") + " (" + counted(quietCount) + ", " + quietScans
                    + " scans) since its last line");
            quietEpisodes = 0;
            quietCount = 0;
            quietScans = 0;
        }
    }

    private String counted(long n) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private String unlogged() {
        if (quietEpisodes == 0) {
            return "";
        }
        String s = "; before that " + quietEpisodes + " shorter episodes (" + counted(quietCount) + ", " + quietScans
                + " scans) went unlogged";
        quietEpisodes = 0;
        quietCount = 0;
        quietScans = 0;
        return s;
    }
}
