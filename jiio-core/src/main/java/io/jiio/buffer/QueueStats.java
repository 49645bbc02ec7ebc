package io.jiio.buffer;

/**
 * Counters of one {@link BlockQueue} since it was opened. Overruns (an input device had no queued
 * block, so samples were lost) and underruns (an output device ran dry) are counted here rather
 * than left silent.
 *
 * <p>A loss is counted when it is <em>placed</em>: when the block that follows it completes and
 * carries it as {@link Block#lostBefore()}. So {@code overrunScans} is exactly the sum of the
 * completed input blocks' {@code lostBefore}, and {@code overruns} the number of those blocks with
 * a gap before them (episodes, not calls). A loss the device reported that no block followed yet
 * (the capture was stopped during it) is {@code pendingLostScans}.
 *
 * @param blocksCompleted blocks the device completed (aborted ones not included)
 * @param bytesCompleted  bytes in those blocks
 * @param blocksAborted   blocks handed back with bytesUsed 0 by {@link BlockQueue#disable()}
 * @param overruns        times an input device found no block to fill
 * @param overrunScans    scans lost in those overruns
 * @param underruns       times an output device found no block to play
 * @param underrunScans   scans of silence played in those underruns
 * @param lossKnown       whether the engine reports its losses ({@link DmaEngine#tracksLoss()});
 *                        when false, the four loss counters are 0 only because nobody can tell
 * @param pendingLostScans scans reported lost that no completed block has carried yet
 */
public record QueueStats(long blocksCompleted, long bytesCompleted, long blocksAborted,
                         long overruns, long overrunScans, long underruns, long underrunScans,
                         boolean lossKnown, long pendingLostScans) {

    /**
     * {@return lost scans of either direction, placed or pending; meaningful only when
     * {@link #lossKnown()}}
     */
    public long lostScans() {
        return overrunScans + underrunScans + pendingLostScans;
    }

    /** {@return gaps of either direction (placed ones)} */
    public long lossEpisodes() {
        return overruns + underruns;
    }
}
