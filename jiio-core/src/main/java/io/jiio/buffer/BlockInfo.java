package io.jiio.buffer;

/**
 * A snapshot of one block's fields, as {@code BLOCK_QUERY} fills {@code struct iio_buffer_block}.
 *
 * @param timestampNs capture time of the block's first sample (input) or when its output started,
 *                    in {@link System#nanoTime()} time; 0 until the device completes it
 * @param offset      the block's offset in its queue's mapping (the mmap offset of the seed API)
 * @param firstScan   {@link Block#firstScan()}
 * @param lostBefore  {@link Block#lostBefore()}
 */
public record BlockInfo(int id, long size, long bytesUsed, int flags, long timestampNs,
                        long offset, BlockState state, long firstScan, long lostBefore) {
}
