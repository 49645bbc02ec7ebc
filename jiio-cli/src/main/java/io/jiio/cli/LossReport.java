package io.jiio.cli;

import io.jiio.buffer.Block;
import java.io.PrintStream;

/**
 * What {@code jiio read} and {@code jiio write} lost, gathered from the blocks as they pass
 * ({@link Block#firstScan()}, {@link Block#lostBefore()}), and how the command ends because of it.
 *
 * <p>Read counts the gaps in what reached stdout: a loss after the last block written is not a
 * hole in the data. Write counts the silence the device played; blocks it finished after the
 * last look are in the queue's totals, which {@link #atLeast} folds in. Either way a loss means
 * a summary on stderr and {@link ExitCodes#DATA_LOST}, unless {@code --allow-loss}:
 * <pre>
 * jiio read: 3179 scans lost in 2 gaps (first at scan 1024, output byte 4096); the data has gaps
 * jiio write: 500 scans of silence in 1 gap (first at scan 20000); the output has gaps
 * </pre>
 * When the device cannot tell ({@link io.jiio.buffer.QueueStats#lossKnown()} false) that is said
 * once instead, and the command ends normally: an unknown is not a loss.
 *
 * <p>{@link #block} runs once per block on the streaming thread: it only adds.
 */
final class LossReport {
    private final String command;
    private final boolean input;
    private long scans;
    private long gaps;
    /** The scan index where the first gap began (read: the first lost scan; write: the first silent one). */
    private long firstGapScan = Block.UNKNOWN;
    /** Read: bytes written to stdout before the first gap. */
    private long firstGapOffset = Block.UNKNOWN;
    private boolean unknown;
    /** Blocks that went by: with none, no data moved, so nothing can have gaps (a failed start). */
    private long blocks;

    /** @param command {@code jiio read} or {@code jiio write}: the summary's prefix */
    LossReport(String command, boolean input) {
        this.command = command;
        this.input = input;
    }

    /**
     * A block went by: its first scan's index since enable and the scans lost just before it, both
     * {@link Block#UNKNOWN} when the device cannot tell.
     *
     * @param offsetBytes read: bytes written to stdout before this block (where a gap before it sits)
     */
    void block(long firstScan, long lostBefore, long offsetBytes) {
        blocks++;
        if (lostBefore > 0) { // UNKNOWN is negative: the queue's lossKnown says that once
            if (gaps == 0) {
                firstGapScan = firstScan == Block.UNKNOWN ? Block.UNKNOWN : firstScan - lostBefore;
                firstGapOffset = offsetBytes;
            }
            gaps++;
            scans += lostBefore;
        }
    }

    /** Raises the totals to the queue's, for losses placed on blocks this report did not see. */
    void atLeast(long queueGaps, long queueScans) {
        gaps = Math.max(gaps, queueGaps);
        scans = Math.max(scans, queueScans);
    }

    /** The device cannot tell ({@code QueueStats.lossKnown()} false): said once, at the end. */
    void unknown() {
        unknown = true;
    }

    long scans() {
        return scans;
    }

    long gaps() {
        return gaps;
    }

    /** Whether nobody can tell what was lost (and nothing was seen lost). */
    boolean isUnknown() {
        return unknown && gaps == 0;
    }

    /** {@code 3179 scans lost in 2 gaps}, or {@code loss unknown}: the figures of the --stats summary. */
    String totals() {
        if (isUnknown()) {
            return "loss unknown";
        }
        return scans + (input ? " scans lost in " : " scans of silence in ") + gaps + (gaps == 1 ? " gap" : " gaps");
    }

    /**
     * Prints the summary when something was lost (or nobody can tell) and returns the exit status.
     *
     * @param device what the unknown notice names, e.g. {@code sim-adc/buffer0}
     */
    int finish(PrintStream err, String device, boolean allowLoss) {
        if (gaps > 0) {
            StringBuilder line = new StringBuilder(command).append(": ").append(totals());
            if (firstGapScan != Block.UNKNOWN) {
                line.append(" (first at scan ").append(firstGapScan);
                if (input) {
                    line.append(", output byte ").append(firstGapOffset);
                }
                line.append(')');
            }
            line.append(input ? "; the data has gaps" : "; the output has gaps");
            err.println(line);
            err.flush();
            return allowLoss ? ExitCodes.OK : ExitCodes.DATA_LOST;
        }
        if (unknown && blocks > 0) {
            err.println(command + ": loss unknown: " + device + " does not report lost scans (e.g. an ip: server "
                    + "without jiio's loss extension, or a local: device without timestamps); "
                    + (input ? "the data may have gaps" : "the output may have gaps"));
            err.flush();
        }
        return ExitCodes.OK;
    }
}
