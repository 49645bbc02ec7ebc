package io.jiio.buffer;

/**
 * The queue's side of a {@link DmaEngine}: what the device calls, from its own thread, as the
 * kernel's DMA callbacks do from interrupt context.
 */
public interface DmaCompletion {
    /**
     * The device is done with {@code block}. For input, {@code bytesUsed} is how much it filled
     * (whole scans); for output, how much it played.
     *
     * @param block       a block the engine was given with {@link DmaEngine#submit}
     * @param bytesUsed   bytes filled (input) or played (output)
     * @param timestampNs the time of the block's first sample in the device's clock: {@link System#nanoTime()}
     *                    for the simulator; the kernel's stamps on {@code local:} when the data carry them;
     *                    the server's device clock over {@code ip:} with jiio's POSITION extension
     */
    void blockDone(Block block, long bytesUsed, long timestampNs);

    /**
     * An input device had no block to fill and lost {@code scans} scans. The loss is placed
     * before the next block this engine completes ({@link Block#lostBefore()}), so report it after
     * the block before the gap and before the block after it. Several calls before one block add up
     * to one gap.
     *
     * @param scans scans lost
     */
    void overrun(long scans);

    /**
     * An output device had no block to play for {@code scans} scan periods; placed like
     * {@link #overrun}, before the next block this engine completes.
     *
     * @param scans scan periods of silence
     */
    void underrun(long scans);

    /**
     * The engine learned, while streaming, that it cannot tell its losses after all (a remote
     * server that says "unknown" for this device). From the next completion on, until the next
     * enable, blocks say {@link Block#UNKNOWN} and {@link QueueStats#lossKnown()} is false; losses
     * already placed stay counted.
     */
    void lossUnknown();

    /**
     * How the engine's own thread should wait for submitted blocks.
     *
     * @return the queue's {@link QueueConfig#waitStrategy()} (for {@link SubmitQueue#restart(WaitStrategy)})
     */
    default WaitStrategy waitStrategy() {
        return WaitStrategy.BLOCKING;
    }
}
