package io.jiio.cli;

import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import io.jiio.recording.DataSink;
import io.jiio.recording.Recorder;
import io.jiio.recording.SigmfDatatype;
import io.jiio.recording.SigmfFiles;
import io.jiio.recording.Sinks;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code jiio record}: captures to a SigMF recording ({@code PATH.sigmf-data} + {@code PATH.sigmf-meta}),
 * writing the data file from the queue's own blocks (see {@link Recorder}). Lost scans are annotated
 * in the meta file where they happened, reported on stderr and end the command with exit 4 unless
 * {@code --allow-loss}; a full disk stops the recording with what was written kept, a valid meta
 * file, and exit 1.
 */
final class RecordCommand implements Callable<Integer> {
    static final Opt<Path> OUTPUT = Opt.value("-o, --output", "PATH", Opt.PATH, null,
            "Where to record: PATH.sigmf-data and PATH.sigmf-meta (a .sigmf-meta or .sigmf-data "
                    + "suffix is taken off). Existing files are replaced.").required();
    static final Opt<Long> SAMPLES = Opt.value("-s, --samples", "SCANS", Opt.LONG, 0L,
            "Stop after exactly SCANS scans; 0 records until stopped (or -d).");
    static final Opt<Double> DURATION = Opt.value("-d, --duration", "SECONDS", Opt.DOUBLE, 0.0,
            "Stop after this many seconds' worth of scans at the device's rate (needs a rate).");
    static final Opt<Long> BUFFER_SIZE = Opt.value("-b, --buffer-size", "SCANS", Opt.LONG, 0L,
            "Scans per block (default: from the rate, rounded up so a block is a whole number of "
                    + "4 KiB pages when the scan size allows, which direct I/O needs).");
    static final Opt<Integer> BLOCKS = Opt.value("--blocks", "N", Opt.INT, 0,
            "Blocks in the queue (default: from the rate).");
    static final Opt<Long> BLOCK_TIMEOUT = Opt.value("--block-timeout", "MS", Opt.LONG,
            StreamOptions.BLOCK_TIMEOUT_FROM_CONTEXT,
            "Fail (exit 3) when no block comes for this long; 0: wait for ever. Default: -T when "
                    + "it is given in milliseconds, else no limit.");
    static final Opt<Boolean> PROGRESS = Opt.flag("--progress",
            "Show the live rate line even when stderr is not a terminal.");
    static final Opt<Boolean> STATS = Opt.flag("--stats",
            "A summary on stderr: how the file was written, scans, bytes, losses.");
    static final Opt<Boolean> ALLOW_LOSS = Opt.flag("--allow-loss",
            "Exit 0 even when scans were lost (they are annotated anyway).");
    static final Opt<Sinks.Method> WRITER = Opt.value("--writer", "HOW", Opt.choice(Sinks.Method.class),
            Sinks.Method.AUTO,
            "How the data file is written: AUTO (default: the best this system allows, each "
                    + "step down said in --stats and the meta file), IO_URING (io_uring with the blocks as "
                    + "registered buffers, O_DIRECT), O_DIRECT (one pwrite at a time), BUFFERED (page cache).");

    static final Usage USAGE = Usage.command("record",
                    "Record an input device's scans to a SigMF recording (PATH.sigmf-data and PATH.sigmf-meta).")
            .describe("The data file holds the scans as the device gives them (one sample type, channels "
                            + "interleaved: core:num_channels); the meta file says the type, the rate, the start "
                            + "time, the channels and their scale/offset (jiio namespace), and every loss as an "
                            + "annotation at its sample. Replay it with -u sigmf:PATH.",
                    StreamOptions.DEFAULTS_HELP)
            .options(ContextOptions.OPTIONS)
            .options(OUTPUT, SAMPLES, DURATION, BUFFER_SIZE, BLOCKS, BLOCK_TIMEOUT, PROGRESS, STATS, ALLOW_LOSS,
                    WRITER, StreamTarget.TRIGGER)
            .operands(StreamTarget.DEVICE, StreamTarget.CHANNELS)
            .exitCodes(ExitCodes.STREAM_COMMAND_HELP);

    private final Terminal terminal;
    private final ContextOptions uri;
    private final StreamTarget target;
    private final Path output;
    private final long samples;
    private final double seconds;
    private final long bufferScans;
    private final int blocks;
    private final long blockTimeoutMs;
    private final boolean progress;
    private final boolean stats;
    private final boolean allowLoss;
    private final Sinks.Method writer;

    RecordCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.uri = new ContextOptions(args);
        this.target = new StreamTarget(args);
        this.output = args.get(OUTPUT);
        this.samples = args.get(SAMPLES);
        this.seconds = args.get(DURATION);
        this.bufferScans = args.get(BUFFER_SIZE);
        this.blocks = args.get(BLOCKS);
        this.blockTimeoutMs = args.get(BLOCK_TIMEOUT);
        this.progress = args.get(PROGRESS);
        this.stats = args.get(STATS);
        this.allowLoss = args.get(ALLOW_LOSS);
        this.writer = args.get(WRITER);
    }

    @Override
    public Integer call() {
        if (samples < 0 || seconds < 0) {
            throw new UsageException("-s and -d cannot be negative");
        }
        if (blockTimeoutMs < StreamOptions.BLOCK_TIMEOUT_FROM_CONTEXT) {
            throw new UsageException("--block-timeout " + blockTimeoutMs + ": the timeout cannot be negative (0 means none)");
        }
        Terminal t = terminal;
        SigmfFiles files = SigmfFiles.of(output);
        Recorder.checkTarget(files);
        try (Context ctx = uri.open()) {
            Device device = target.device(ctx);
            ChannelMask mask = target.mask(device, Direction.INPUT);
            ScanLayout layout = ScanLayout.of(device, mask);
            SigmfDatatype.of(layout); // refuse a scan SigMF cannot hold before anything starts
            long scanBytes = layout.scanBytes();
            DefaultBuffering d = DefaultBuffering.forDevice(device, mask, scanBytes);
            long scans = bufferScans > 0 ? bufferScans : pageMultiple(d.scans(), scanBytes);
            int count = blocks > 0 ? blocks : d.blocks();
            long limit = samples;
            if (seconds > 0) {
                if (!(d.rateHz() > 0)) {
                    throw new IioException(io.jiio.Errno.EINVAL, "-d: " + device.displayName()
                            + " has no sampling rate to turn seconds into scans; use -s");
                }
                long bySeconds = Math.max(1, Math.round(seconds * d.rateHz()));
                limit = limit == 0 ? bySeconds : Math.min(limit, bySeconds);
            }
            QueueConfig cfg = new QueueConfig(count, scans * scanBytes);
            try (BlockQueue queue = device.openBuffer(0, mask, cfg)) {
                java.util.List<io.jiio.buffer.Block> all = queue.allocate(count, scans * scanBytes);
                // The blocks' memory, registered with io_uring before the device owns them.
                java.util.List<java.lang.foreign.MemorySegment> memory = all.stream().map(queue::map).toList();
                all.forEach(queue::enqueue);
                Progress meter = new Progress(t.err(), progress || t.interactive(), queue::stats, "record");
                queue.enable();
                Recorder.Result r;
                try (DataSink sink = Sinks.open(files.data(), count, memory, writer)) {
                    long[] last = {0, 0};
                    r = Recorder.record(queue, device, layout, limit, sink, files, "jiio " + Version.jiioVersion(),
                            () -> t.stop().isRequested(), (s, b, lost) -> {
                                meter.add(s - last[0], b - last[1]);
                                last[0] = s;
                                last[1] = b;
                            }, uri.blockTimeoutMs(blockTimeoutMs));
                } finally {
                    meter.finish();
                    queue.disable();
                }
                if (stats) {
                    t.err().println("jiio record: " + r.scans() + " scans (" + r.bytes() + " bytes) to " + files.data()
                            + "; written with " + r.writer() + (r.copiedBlocks() > 0 ? ", " + r.copiedBlocks()
                            + " blocks copied to aligned memory" : ", no block copied") + "; lost "
                            + (r.lossKnown() ? r.lostScans() + " scans in " + r.gaps() + " gaps" : "unknown"));
                }
                if (r.stoppedBy() != null) {
                    t.err().println("jiio record: stopped: " + r.stoppedBy().getMessage() + "; kept " + r.scans()
                            + " scans in " + files.data() + (r.trimmedScans() > 0 ? " (the last " + r.trimmedScans()
                            + " scans were cut to make room for the meta file)" : "") + (r.metaWritten()
                            ? ", meta file " + files.meta() + " written" : "; the meta file could not be written"));
                    return ExitCodes.ERROR;
                }
                if (r.lostScans() > 0 || !r.lossKnown()) {
                    t.err().println("jiio record: " + (r.lossKnown() ? r.lostScans() + " scans lost in " + r.gaps()
                            + " gaps" : "loss unknown") + "; each is annotated in " + files.meta());
                    return allowLoss ? ExitCodes.OK : ExitCodes.DATA_LOST;
                }
                return ExitCodes.OK;
            }
        }
    }

    /** Rounds a block up to a whole number of 4 KiB pages when the scan size allows it (direct I/O needs it). */
    static long pageMultiple(long scans, long scanBytes) {
        long page = 4096;
        long step = page / gcd(page, scanBytes);
        if (step * scanBytes > 16L << 20) {
            return scans; // an odd scan size: whole pages would need huge blocks; copy instead
        }
        return (scans + step - 1) / step * step;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
