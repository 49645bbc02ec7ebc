package io.jiio.cli;

import io.jiio.buffer.QueueConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The buffer options {@code read} and {@code write} share, with iio_readdev's letters and defaults.
 * A block holds {@code -b} scans; {@code --blocks} of them circulate between the device and the
 * tool, so one can be on its way to stdout while the device fills the others. {@code --mode}
 * chooses what the blocks are (see {@link Mode}).
 */
final class StreamOptions {
    /** The kernel block API's own limit on blocks per buffer. */
    static final int MAX_BLOCKS = QueueConfig.DEFAULT_MAX_BLOCKS;
    /** The block API's limit on one block (its size field is 32 bits). */
    static final long MAX_BLOCK_BYTES = 1L << 32;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = {"-b", "--buffer-size"}, paramLabel = "SCANS", defaultValue = "256",
            description = "Scans per block (default: ${DEFAULT-VALUE}); a block is SCANS × scan size bytes.")
    long bufferScans;

    @Option(names = {"-T", "--timeout"}, paramLabel = "MS", defaultValue = "0",
            description = "Give up (exit 3) when no block completes within MS milliseconds; 0 waits forever (default).")
    long timeoutMs;

    @Option(names = "--blocks", paramLabel = "N", defaultValue = "4",
            description = "Blocks in circulation, 1.." + MAX_BLOCKS + " (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = Mode.FASTEST, converter = Mode.Converter.class,
            description = "How samples move: block (the block API, zero-copy), dmabuf (DMA buffers, zero-copy) "
                    + "or fileio (read()/write(), a copy; two kernel blocks, length --blocks × -b scans). "
                    + "Default: ${DEFAULT-VALUE}, the fastest.")
    Mode mode;

    /** Rejects values no buffer can take, as usage errors naming the option. */
    void validate() {
        if (bufferScans < 1) {
            throw usage("-b " + bufferScans + ": a block needs at least 1 scan");
        }
        if (timeoutMs < 0) {
            throw usage("-T " + timeoutMs + ": the timeout cannot be negative (0 means none)");
        }
        if (blocks < 1 || blocks > MAX_BLOCKS) {
            throw usage("--blocks " + blocks + ": must be 1.." + MAX_BLOCKS);
        }
    }

    /** Bytes per block for scans of {@code scanBytes}: {@code -b × scanBytes}, within the block limit. */
    long blockBytes(long scanBytes) {
        if (bufferScans > MAX_BLOCK_BYTES / scanBytes) {
            throw usage("-b " + bufferScans + ": blocks of " + bufferScans + " scans × " + scanBytes
                    + " bytes exceed the " + MAX_BLOCK_BYTES + "-byte block limit");
        }
        return bufferScans * scanBytes;
    }

    /** Queue limits sized for exactly the blocks these options ask for, in the chosen mode. */
    QueueConfig config(long scanBytes, long blockBytes) {
        return mode.config(this, scanBytes, blockBytes, modeGiven());
    }

    /** Whether {@code --mode} was on the command line, rather than defaulted. */
    boolean modeGiven() {
        if (spec == null) {
            return false; // built by hand (tests), not parsed
        }
        var parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption("--mode");
    }

    /** fileio's buffer {@code length}: {@code --blocks × -b} scans, at least the kernel's minimum of 2. */
    long fileIoLengthScans() {
        return Math.max(2, blocks * bufferScans);
    }

    /**
     * The size of each of fileio's two kernel blocks, {@code ceil(scanBytes × length / 2)} rounded
     * up to 64 KiB (whatever the page size), within the block limit.
     */
    long fileIoBlockBytes(long scanBytes) {
        long length = fileIoLengthScans();
        long limit = MAX_BLOCK_BYTES;
        if (length > 2 * (limit / scanBytes)) {
            throw usage("--mode fileio: a buffer of --blocks " + blocks + " × -b " + bufferScans + " scans × "
                    + scanBytes + " bytes makes kernel blocks over the " + limit + "-byte block limit");
        }
        long bytes = (scanBytes * length + 1) / 2;
        return Math.min(limit, (bytes + 0xFFFF) & ~0xFFFFL);
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
