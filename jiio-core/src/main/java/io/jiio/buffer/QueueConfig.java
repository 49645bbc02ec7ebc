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
 *
 * @param maxBlocks    blocks the queue may hold at once, 1 to 65536
 * @param maxBlockSize bytes a block may have, 1 to 4 GiB
 * @param transfer     the kernel data path to prefer, where there is a choice
 * @param waitStrategy how the application's and the device's threads wait for each other
 */
public record QueueConfig(int maxBlocks, long maxBlockSize, Transfer transfer, WaitStrategy waitStrategy) {
    /** The kernel block API's limit: 64 blocks. */
    public static final int DEFAULT_MAX_BLOCKS = 64;
    /** The kernel block API's limit: 16 MiB per block. */
    public static final long DEFAULT_MAX_BLOCK_SIZE = 16L << 20;

    /**
     * Limits with the automatic data path and blocking waits.
     *
     * @param maxBlocks    blocks the queue may hold at once
     * @param maxBlockSize bytes a block may have
     */
    public QueueConfig(int maxBlocks, long maxBlockSize) {
        this(maxBlocks, maxBlockSize, Transfer.AUTO);
    }

    /**
     * Limits and a data path, with blocking waits.
     *
     * @param maxBlocks    blocks the queue may hold at once
     * @param maxBlockSize bytes a block may have
     * @param transfer     the kernel data path to prefer
     */
    public QueueConfig(int maxBlocks, long maxBlockSize, Transfer transfer) {
        this(maxBlocks, maxBlockSize, transfer, WaitStrategy.BLOCKING);
    }

    /**
     * Checks every field.
     *
     * @throws IioException EINVAL naming the field out of range or missing
     */
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

    /** {@return the kernel's limits (64 blocks of up to 16 MiB), the automatic data path, blocking waits} */
    public static QueueConfig defaults() {
        return new QueueConfig(DEFAULT_MAX_BLOCKS, DEFAULT_MAX_BLOCK_SIZE);
    }

    /**
     * A copy with another block count limit.
     *
     * @param n blocks, 1 to 65536
     * @return the copy
     */
    public QueueConfig withMaxBlocks(int n) {
        return new QueueConfig(n, maxBlockSize, transfer, waitStrategy);
    }

    /**
     * A copy with another block size limit.
     *
     * @param bytes bytes per block, 1 to 4 GiB
     * @return the copy
     */
    public QueueConfig withMaxBlockSize(long bytes) {
        return new QueueConfig(maxBlocks, bytes, transfer, waitStrategy);
    }

    /**
     * A copy preferring another data path.
     *
     * @param t the data path
     * @return the copy
     */
    public QueueConfig withTransfer(Transfer t) {
        return new QueueConfig(maxBlocks, maxBlockSize, t, waitStrategy);
    }

    /**
     * A copy waiting another way.
     *
     * @param w the wait strategy
     * @return the copy
     */
    public QueueConfig withWaitStrategy(WaitStrategy w) {
        return new QueueConfig(maxBlocks, maxBlockSize, transfer, w);
    }
}
