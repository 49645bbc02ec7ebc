package io.jiio.cli;

import io.jiio.buffer.QueueStats;
import java.util.function.Supplier;

/**
 * {@code --stats} of {@code jiio read} and {@code jiio write}: one line per block on stderr, then a
 * summary.
 * <pre>
 * block 17: id 1, timestamp 81523348812345 ns, 256 scans, first scan 4352, lost before 0
 * jiio read: mode block, 3907 blocks, 1000000 scans, 16000000 bytes, 0 scans lost in 0 gaps
 *
 * block 17: id 1, 2000 scans, first scan 34500, silence before 500
 * jiio write: mode block, 20 blocks, 40000 scans, 160000 bytes, 500 scans of silence in 1 gap
 * </pre>
 * {@code block} counts from 0 in capture (read) or play (write) order; {@code id} is the block or
 * DMA buffer that held it ({@code -} for fileio, which has no ids of its own); {@code scans} are
 * those written to stdout (the last block may be cut to {@code -s}) or played; {@code first scan}
 * is the index since enable of the block's first scan and {@code lost before} the scans lost just
 * before it ({@code silence before}: the scan periods of silence played before it), both
 * {@code unknown} when the device cannot tell (or, for write's fileio, cannot be seen). The
 * summary's loss figures are those of the {@link LossReport}. The lines go through
 * {@link Progress#message} so they never mix with the live status line.
 */
final class BlockStats {
    private final Progress out;
    private final boolean shown;
    private final String command;
    private final boolean input;
    private final String mode;
    private final LossReport loss;
    private long blocks;
    private long scans;
    private long bytes;
    /**
     * Reused for every line. Appends rather than {@code +}: string concatenation's first use
     * bootstraps for milliseconds, long enough for a paced device to overrun on the first block.
     */
    private final StringBuilder line = new StringBuilder(112);

    /**
     * @param command {@code jiio read} or {@code jiio write}: the summary's prefix
     * @param input   read (lines with timestamps and "lost before") or write ("silence before")
     */
    BlockStats(Progress out, boolean shown, String command, boolean input, String mode, LossReport loss) {
        this.out = out;
        this.shown = shown;
        this.command = command;
        this.input = input;
        this.mode = mode;
        this.loss = loss;
    }

    /** Counts a block that went to stdout (read) or was played (write) and, when shown, prints its line. */
    void block(int id, long timestampNs, long moreScans, long moreBytes, long firstScan, long lostBefore) {
        if (shown) {
            line.setLength(0);
            line.append("block ").append(blocks).append(": id ");
            if (id < 0) {
                line.append('-');
            } else {
                line.append(id);
            }
            if (input) {
                line.append(", timestamp ").append(timestampNs).append(" ns");
            }
            line.append(", ").append(moreScans).append(" scans, first scan ");
            position(firstScan).append(input ? ", lost before " : ", silence before ");
            position(lostBefore);
            out.message(line);
        }
        blocks++;
        scans += moreScans;
        bytes += moreBytes;
    }

    private StringBuilder position(long value) {
        return value < 0 ? line.append("unknown") : line.append(value);
    }

    /** The summary line, when shown. */
    void summary() {
        if (shown) {
            out.message(command + ": mode " + mode + ", " + blocks + " blocks, " + scans + " scans, " + bytes
                    + " bytes, " + loss.totals());
        }
    }
}
