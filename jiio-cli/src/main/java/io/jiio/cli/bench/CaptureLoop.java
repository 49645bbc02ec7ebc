package io.jiio.cli.bench;

/**
 * One consumer of a device buffer, in one transfer mode: each {@link #next()} takes the next
 * filled block, reads every byte of it ({@link ReadAll}) and gives it back to the device.
 */
public interface CaptureLoop extends AutoCloseable {
    /**
     * Consumes one block: a step for {@link Timed}.
     *
     * @return the block's bytes
     */
    long next();

    /** {@return the sum of everything read so far (keeps the reads observable)} */
    long checksum();

    @Override
    void close();
}
