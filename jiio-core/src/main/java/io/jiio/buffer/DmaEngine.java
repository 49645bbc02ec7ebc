package io.jiio.buffer;

import java.lang.foreign.MemorySegment;

/**
 * The device side of a {@link BlockQueue}: the driver plus its DMA controller. The queue calls it;
 * it answers through {@link DmaCompletion} from its own thread.
 *
 * <p>Contract, mirroring {@code iio_dma_buffer_ops}:
 * <ul>
 *   <li>{@link #start} is called on enable, before the first {@link #submit}.</li>
 *   <li>{@link #submit} hands over an ACTIVE block and its memory. It must not block and must
 *       not wait for the engine's own thread: it is called with the queue's lock held. Blocks
 *       complete in submit order, except that a cyclic block stays until {@link #abort}.</li>
 *   <li>{@link #abort} stops the device. It is called without the queue's lock (the engine may
 *       still complete blocks while it runs); once it returns the engine holds no block and
 *       touches no block memory. The queue then hands every block still ACTIVE back with
 *       bytesUsed 0.</li>
 * </ul>
 */
public interface DmaEngine extends AutoCloseable {
    /**
     * The buffer is being enabled: from now on report completions to {@code completion}.
     *
     * @param completion the queue's side, valid until the next {@link #abort}
     */
    void start(DmaCompletion completion);

    /**
     * Hands the device an ACTIVE block: fill it (input) or play its {@code bytesUsed} bytes
     * (output), then report it through {@link DmaCompletion#blockDone}. Must not block.
     *
     * @param block  the block; its id, size, bytes used and flags are what the device needs
     * @param memory the block's memory, which only the device touches until it completes
     */
    void submit(Block block, MemorySegment memory);

    /**
     * Stops the device (disable): every submitted block is given up; a transfer in progress is
     * cancelled or waited for. Returns only when the engine holds no block.
     */
    void abort();

    /**
     * The data path this engine moves samples through, for {@code jiio info} and {@code --stats}
     * ({@code "dmabuf"}, {@code "block"}, {@code "fileio"} on {@code local:}); empty when there
     * is nothing to choose.
     *
     * @return the data path's name, or empty
     */
    default String dataPath() {
        return "";
    }

    /**
     * Memory the engine provides for the queue's blocks (the device's own buffers, mapped), or
     * {@code null} when blocks live in the queue's mapping (the default). See {@link BlockMemory}.
     *
     * @return the engine's block memory, or {@code null}
     */
    default BlockMemory blockMemory() {
        return null;
    }

    /**
     * Whether this engine reports every scan it loses through {@link DmaCompletion#overrun} or
     * {@link DmaCompletion#underrun}, so the queue can give each block its exact position
     * ({@link Block#firstScan()}, {@link Block#lostBefore()}). An engine that cannot tell (a kernel
     * buffer without timestamps, a server that does not say) answers false and its blocks say
     * {@link Block#UNKNOWN}: "unknown" is never shown as "nothing lost". Asked at each enable.
     *
     * @return true when every loss is reported
     */
    default boolean tracksLoss() {
        return false;
    }

    /**
     * Collects completions on the calling thread, for an engine with no thread of its own (a
     * kernel queue, polled and dequeued with an ioctl, as libiio does): waits for the device to
     * finish the oldest transfer — until {@code deadlineNanos} ({@link System#nanoTime()}) when
     * {@code timed}, a deadline already passed meaning "just look" — and reports it through
     * {@link DmaCompletion} before returning. The queue calls it from {@code dequeue} (and its
     * readiness checks) when no completed block is waiting, never two threads at once and never
     * with its lock held; {@link #abort} must wait for a call in progress to return.
     *
     * @param timed         whether to wait at most until {@code deadlineNanos} (else without limit)
     * @param deadlineNanos the deadline, in {@link System#nanoTime()} time
     * @return false when this engine does not collect completions that way now (its own thread
     *         completes blocks; the default): the queue then waits for a completion to be published
     */
    default boolean reap(boolean timed, long deadlineNanos) {
        return false;
    }

    /** {@return whether {@link #reap} is how this engine's blocks complete now (so somebody must call it)} */
    default boolean completesOnCaller() {
        return false;
    }

    /** Releases the engine's resources; called once, after the last {@link #abort}. */
    @Override
    default void close() {
    }
}
