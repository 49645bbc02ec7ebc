package io.jiio.cli;

import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.WaitStrategy;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import java.util.List;

/**
 * The buffer options {@code read} and {@code write} share, with iio_readdev's letters. A block
 * holds {@code -b} scans; {@code --blocks} of them circulate between the device and the tool, so
 * one can be on its way to stdout while the device fills the others. Left out, both are sized from
 * the device's sampling frequency ({@link DefaultBuffering}, by {@link #chooseDefaults}).
 * {@code --mode} chooses what the blocks are (see {@link Mode}); {@code --allow-loss} what a loss
 * does to the exit status.
 */
final class StreamOptions {
    /** The kernel block API's own limit on blocks per buffer. */
    static final int MAX_BLOCKS = QueueConfig.DEFAULT_MAX_BLOCKS;
    /** The block API's limit on one block (its size field is 32 bits). */
    static final long MAX_BLOCK_BYTES = 1L << 32;
    /** What {@link #bufferScans} and {@link #blocks} hold until given or chosen. */
    static final int CHOSEN_LATER = 0;

    static final String DEFAULTS_HELP = "Without -b and --blocks: " + DefaultBuffering.BLOCKS + " blocks of "
            + DefaultBuffering.BLOCK_MS + " ms each at the device's sampling_frequency (its trigger's, when it has "
            + "one), i.e. " + DefaultBuffering.BLOCKS * DefaultBuffering.BLOCK_MS + " ms of data in flight (at most "
            + (DefaultBuffering.MAX_TOTAL_BYTES >> 20) + " MiB); with no rate (no attribute, or 0 = unthrottled) "
            + DefaultBuffering.FALLBACK_BLOCKS + " blocks of " + DefaultBuffering.FALLBACK_SCANS + " scans.";

    static final Opt<Long> BUFFER_SIZE = Opt.value("-b, --buffer-size", "SCANS", Opt.LONG, (long) CHOSEN_LATER,
            "Scans per block; a block is SCANS × scan size bytes. Default: " + DefaultBuffering.BLOCK_MS
                    + " ms of samples at the device's sampling frequency (" + DefaultBuffering.FALLBACK_SCANS
                    + " when it has none).");

    /** {@link #blockTimeoutMs} when not given: follow {@code -T} ({@link ContextOptions#blockTimeoutMs}). */
    static final long BLOCK_TIMEOUT_FROM_CONTEXT = -1;

    static final Opt<Long> BLOCK_TIMEOUT = Opt.value("--block-timeout", "MS", Opt.LONG, BLOCK_TIMEOUT_FROM_CONTEXT,
            "Give up (exit 3) when no block completes within MS milliseconds; 0 waits for ever. "
                    + "Default: -T when it is given in milliseconds, else no limit.");

    static final Opt<Integer> BLOCKS = Opt.value("--blocks", "N", Opt.INT, CHOSEN_LATER,
            "Blocks in circulation, 1.." + MAX_BLOCKS + ". Default: " + DefaultBuffering.BLOCKS
                    + " with a sampling frequency, " + DefaultBuffering.FALLBACK_BLOCKS + " without.");

    static final Opt<Mode> MODE = Opt.value("--mode", "MODE", Mode::parse, Mode.parse(Mode.FASTEST),
            "How samples move: block (the block API, zero-copy), dmabuf (DMA buffers, zero-copy) "
                    + "or fileio (read()/write(), a copy; two kernel blocks, length --blocks × -b scans). "
                    + "Default: " + Mode.FASTEST + ", the fastest.");

    static final Opt<WaitStrategy> WAIT = Opt.value("--wait", "STRATEGY", StreamOptions::waitStrategy,
            WaitStrategy.BLOCKING,
            "How threads wait for blocks: blocking (park, no CPU while idle; default), "
                    + "spin-then-park (spins ~20 us first: small blocks at high rates), yielding, or busy-spin "
                    + "(a core per waiting thread; only with cores to spare).");

    static final Opt<Boolean> ALLOW_LOSS = Opt.flag("--allow-loss",
            "Exit 0 even when scans were lost (read) or silence was played (write); the loss "
                    + "summary is still printed. Without it a loss ends with exit 4.");

    /** The options, in the order the help lists them. */
    static final List<Opt<?>> OPTIONS = List.of(BUFFER_SIZE, BLOCK_TIMEOUT, BLOCKS, MODE, WAIT, ALLOW_LOSS);

    /** The command line these came from; {@code null} when built by hand (tests). */
    private final Args args;

    long bufferScans = CHOSEN_LATER;
    long blockTimeoutMs = BLOCK_TIMEOUT_FROM_CONTEXT;
    int blocks = CHOSEN_LATER;
    Mode mode;
    WaitStrategy wait;
    boolean allowLoss;

    /** Options built by hand (tests): every value counts as given. */
    StreamOptions() {
        this.args = null;
    }

    StreamOptions(Args args) {
        this.args = args;
        this.bufferScans = args.get(BUFFER_SIZE);
        this.blockTimeoutMs = args.get(BLOCK_TIMEOUT);
        this.blocks = args.get(BLOCKS);
        this.mode = args.get(MODE);
        this.wait = args.get(WAIT);
        this.allowLoss = args.get(ALLOW_LOSS);
    }

    /** Reads {@code --wait}'s names, with the error naming the choices. */
    static WaitStrategy waitStrategy(String value) {
        try {
            return WaitStrategy.parse(value);
        } catch (io.jiio.IioException e) {
            throw new IllegalArgumentException(e.reason());
        }
    }

    /**
     * The waiter for this stream's blocks: {@code --block-timeout}, or {@code -T} when that is in
     * milliseconds ({@link ContextOptions#blockTimeoutMs}), named in the message when it expires.
     */
    BlockWaiter blockWaiter(ContextOptions context, String what, StopSignal stop, Runnable idle) {
        return new BlockWaiter(what, context.blockTimeoutMs(blockTimeoutMs),
                given(BLOCK_TIMEOUT) ? "--block-timeout" : "-T", stop, idle);
    }

    /** Rejects values no buffer can take, as usage errors naming the option. */
    void validate() {
        if (given(BUFFER_SIZE) && bufferScans < 1) {
            throw new UsageException("-b " + bufferScans + ": a block needs at least 1 scan");
        }
        if (given(BLOCK_TIMEOUT) && blockTimeoutMs < 0) {
            throw new UsageException("--block-timeout " + blockTimeoutMs + ": the timeout cannot be negative (0 means none)");
        }
        if (given(BLOCKS) && (blocks < 1 || blocks > MAX_BLOCKS)) {
            throw new UsageException("--blocks " + blocks + ": must be 1.." + MAX_BLOCKS);
        }
    }

    /**
     * Fills in {@code -b} and {@code --blocks} where they were not given, from the device's rate
     * ({@link DefaultBuffering}); what was given stays.
     */
    void chooseDefaults(Device device, ChannelMask mask, long scanBytes) {
        if (bufferScans != CHOSEN_LATER && blocks != CHOSEN_LATER) {
            return;
        }
        DefaultBuffering d = DefaultBuffering.forDevice(device, mask, scanBytes);
        if (bufferScans == CHOSEN_LATER) {
            bufferScans = d.scans();
        }
        if (blocks == CHOSEN_LATER) {
            blocks = d.blocks();
        }
    }

    /**
     * A capture of {@code scans} scans (0: endless) needs no default block larger than that: a short
     * read ({@code -s 1}) then waits for its few scans, not for a whole block of the device's rate.
     */
    void fitTo(long scans) {
        if (scans > 0 && !given(BUFFER_SIZE) && bufferScans > scans) {
            bufferScans = scans;
        }
    }

    /** The scans per block {@code -b} asked for, or 0 when it was not given. */
    long givenBufferScans() {
        return given(BUFFER_SIZE) ? bufferScans : 0;
    }

    /** Whether the option was on the command line (options built by hand, in tests: always). */
    private boolean given(Opt<?> option) {
        return args == null || args.given(option);
    }

    /** Bytes per block for scans of {@code scanBytes}: {@code -b × scanBytes}, within the block limit. */
    long blockBytes(long scanBytes) {
        if (bufferScans > MAX_BLOCK_BYTES / scanBytes) {
            throw new UsageException("-b " + bufferScans + ": blocks of " + bufferScans + " scans × " + scanBytes
                    + " bytes exceed the " + MAX_BLOCK_BYTES + "-byte block limit");
        }
        return bufferScans * scanBytes;
    }

    /** Queue limits sized for exactly the blocks these options ask for, in the chosen mode. */
    QueueConfig config(long scanBytes, long blockBytes) {
        return mode.config(this, scanBytes, blockBytes, modeGiven()).withWaitStrategy(wait == null ? WaitStrategy.BLOCKING : wait);
    }

    /** Whether {@code --mode} was on the command line, rather than defaulted. */
    boolean modeGiven() {
        return args != null && given(MODE);
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
            throw new UsageException("--mode fileio: a buffer of --blocks " + blocks + " × -b " + bufferScans + " scans × "
                    + scanBytes + " bytes makes kernel blocks over the " + limit + "-byte block limit");
        }
        long bytes = (scanBytes * length + 1) / 2;
        return Math.min(limit, (bytes + 0xFFFF) & ~0xFFFFL);
    }
}
