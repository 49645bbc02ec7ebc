package io.jiio.cli;

import io.jiio.buffer.QueueStats;
import java.util.function.Supplier;

/**
 * {@code jiio read --stats}: one line per block on stderr, then a summary.
 * <pre>
 * block 17: id 1, timestamp 81523348812345 ns, 256 scans, overruns 0
 * jiio read: mode block, 3907 blocks, 1000000 scans, 16000000 bytes, overruns 0 (0 scans lost)
 * </pre>
 * {@code block} counts from 0 in capture order; {@code id} is the block or DMA buffer that held
 * it ({@code -} for fileio, which has no ids of its own); {@code scans} are those written to stdout
 * (the last block may be cut to {@code -s}); {@code overruns} is the queue's count so far. The
 * lines go through {@link Progress#message} so they never mix with the live status line.
 */
final class BlockStats {
    private final Progress out;
    private final boolean shown;
    private final String mode;
    private final Supplier<QueueStats> stats;
    private long blocks;
    private long scans;
    private long bytes;
    /**
     * Reused for every line. Appends rather than {@code +}: string concatenation's first use
     * bootstraps for milliseconds, long enough for a paced device to overrun on the first block.
     */
    private final StringBuilder line = new StringBuilder(96);

    BlockStats(Progress out, boolean shown, String mode, Supplier<QueueStats> stats) {
        this.out = out;
        this.shown = shown;
        this.mode = mode;
        this.stats = stats;
    }

    /** Counts a block that went to stdout and, when shown, prints its line. */
    void block(int id, long timestampNs, long moreScans, long moreBytes) {
        if (shown) {
            line.setLength(0);
            line.append("block ").append(blocks).append(": id ");
            if (id < 0) {
                line.append('-');
            } else {
                line.append(id);
            }
            line.append(", timestamp ").append(timestampNs).append(" ns, ").append(moreScans)
                    .append(" scans, overruns ").append(stats.get().overruns());
            out.message(line);
        }
        blocks++;
        scans += moreScans;
        bytes += moreBytes;
    }

    /** The summary line, when shown. */
    void summary() {
        if (shown) {
            QueueStats s = stats.get();
            out.message("jiio read: mode " + mode + ", " + blocks + " blocks, " + scans + " scans, " + bytes
                    + " bytes, overruns " + s.overruns() + " (" + s.overrunScans() + " scans lost)");
        }
    }
}
