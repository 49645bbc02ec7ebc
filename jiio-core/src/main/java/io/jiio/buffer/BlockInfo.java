package io.jiio.buffer;

/**
 * A snapshot of one block's fields, as {@code BLOCK_QUERY} fills {@code struct iio_buffer_block}.
 *
 * @param id          the block's id in its queue
 * @param size        its capacity in bytes
 * @param bytesUsed   bytes of samples in it
 * @param flags       {@link BlockFlags}
 * @param timestampNs capture time of the block's first sample (input) or when its output started,
 *                    in {@link System#nanoTime()} time; 0 until the device completes it
 * @param offset      the block's offset in its queue's mapping (the mmap offset of the seed API)
 * @param firstScan   {@link Block#firstScan()}
 * @param lostBefore  {@link Block#lostBefore()}
 * @param state       where the block was when the snapshot was taken
 */
public record BlockInfo(int id, long size, long bytesUsed, int flags, long timestampNs,
                        long offset, BlockState state, long firstScan, long lostBefore) {
}
