package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;

/**
 * Limits of one {@link BlockQueue}. The defaults are the kernel block API's: at most 64 blocks,
 * 16 MiB per block. The queue reserves address space for {@code maxBlocks × maxBlockSize} up
 * front (reserved, not committed) so that every block lives in one mapping.
 *
 * <p>{@code transfer} is a hint for backends with several kernel data paths ({@code local:});
 * {@link Transfer#AUTO} unless set. {@code waitStrategy} is how the application's thread waits in
 * {@link BlockQueue#dequeue()} and the device's thread waits for blocks to fill;
 * {@link WaitStrategy#BLOCKING} unless set (see {@link WaitStrategy} for when to choose another).
 */
public record QueueConfig(int maxBlocks, long maxBlockSize, Transfer transfer, WaitStrategy waitStrategy) {
    public static final int DEFAULT_MAX_BLOCKS = 64;
    public static final long DEFAULT_MAX_BLOCK_SIZE = 16L << 20;

    public QueueConfig(int maxBlocks, long maxBlockSize) {
        this(maxBlocks, maxBlockSize, Transfer.AUTO);
    }

    public QueueConfig(int maxBlocks, long maxBlockSize, Transfer transfer) {
        this(maxBlocks, maxBlockSize, transfer, WaitStrategy.BLOCKING);
    }

    public QueueConfig {
        if (waitStrategy == null) {
            throw new IioException(Errno.EINVAL, "QueueConfig.waitStrategy must not be null (use WaitStrategy.BLOCKING)");
        }
        if (transfer == null) {
            throw new IioException(Errno.EINVAL, "QueueConfig.transfer must not be null (use Transfer.AUTO)");
        }
        if (maxBlocks < 1 || maxBlocks > 1 << 16) {
            throw new IioException(Errno.EINVAL, "QueueConfig.maxBlocks " + maxBlocks
                    + " is out of range 1..65536");
        }
        if (maxBlockSize < 1 || maxBlockSize > 1L << 32) {
            throw new IioException(Errno.EINVAL, "QueueConfig.maxBlockSize " + maxBlockSize
                    + " is out of range 1..4 GiB");
        }
    }

    public static QueueConfig defaults() {
        return new QueueConfig(DEFAULT_MAX_BLOCKS, DEFAULT_MAX_BLOCK_SIZE);
    }

    public QueueConfig withMaxBlocks(int n) {
        return new QueueConfig(n, maxBlockSize, transfer, waitStrategy);
    }

    public QueueConfig withMaxBlockSize(long bytes) {
        return new QueueConfig(maxBlocks, bytes, transfer, waitStrategy);
    }

    public QueueConfig withTransfer(Transfer t) {
        return new QueueConfig(maxBlocks, maxBlockSize, t, waitStrategy);
    }

    public QueueConfig withWaitStrategy(WaitStrategy w) {
        return new QueueConfig(maxBlocks, maxBlockSize, transfer, w);
    }
}
