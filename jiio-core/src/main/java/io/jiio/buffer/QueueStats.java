package io.jiio.buffer;

/**
 * Counters of one {@link BlockQueue} since it was opened. Overruns (an input device had no queued
 * block, so samples were lost) and underruns (an output device ran dry) are counted here rather
 * than left silent.
 *
 * @param blocksCompleted blocks the device completed (aborted ones not included)
 * @param bytesCompleted  bytes in those blocks
 * @param blocksAborted   blocks handed back with bytesUsed 0 by {@link BlockQueue#disable()}
 * @param overruns        times an input device found no block to fill
 * @param overrunScans    scans lost in those overruns
 * @param underruns       times an output device found no block to play
 * @param underrunScans   scans of silence played in those underruns
 */
public record QueueStats(long blocksCompleted, long bytesCompleted, long blocksAborted,
                         long overruns, long overrunScans, long underruns, long underrunScans) {
}
