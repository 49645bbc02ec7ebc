package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;

/**
 * {@code jiio read}: iio_readdev. Streams raw interleaved scans from an input device to stdout.
 *
 * <p>The samples come from a {@link Capture} chosen by {@code --mode} (blocks, DMA buffers or
 * read()); this class has the one loop they all share: each block goes to stdout (for the
 * zero-copy modes a {@link java.nio.channels.FileChannel} write straight from the block's memory),
 * is counted by the progress line and {@code --stats}, and goes back to the device with the next
 * poll. Only the last block is cut short, so that exactly {@code -s} scans come out — the same
 * bytes in every mode.
 */
final class ReadCommand implements Callable<Integer> {
    static final Opt<Long> SAMPLES = Opt.value("-s, --samples", "SCANS", Opt.LONG, 0L,
            "Stop after exactly SCANS scans; 0 streams until stopped (default).");
    static final Opt<Boolean> PROGRESS = Opt.flag("--progress",
            "Show the live rate line on stderr even when stderr is not a terminal.");
    static final Opt<Boolean> STATS = Opt.flag("--stats",
            "A line per block on stderr (block number, id, timestamp in ns, scans, index of its "
                    + "first scan, scans lost just before it), then a summary (mode, blocks, scans, bytes, "
                    + "scans lost, gaps).");
    static final Opt<TextOutput.Format> FORMAT = Opt.value("--format", "FORMAT", Opt.choice(TextOutput.Format.class),
            TextOutput.Format.RAW,
            "RAW (default: the scans as the device gives them), CSV or TEXT (a line per scan, channels "
                    + "as numbers, after a header of channel ids; CSV with commas, TEXT with spaces).");
    static final Opt<Boolean> SCALED = Opt.flag("--scaled",
            "With --format CSV/TEXT: physical values, (raw + offset) x scale, with the unit in the header.");

    static final Usage USAGE = Usage.command("read",
                    "Stream raw scans from an input device to stdout (like iio_readdev).")
            .describe("Each scan holds the chosen channels (default: every input scan element) in scan-index "
                            + "order, in the device's own format (see each channel's format in jiio info). "
                            + "A live rate line goes to stderr when it is a terminal (or with --progress). "
                            + "Lost scans are reported on stderr (how many, in how many gaps, where the first was) "
                            + "and end the command with exit 4 unless --allow-loss.",
                    StreamOptions.DEFAULTS_HELP)
            .options(ContextOptions.OPTIONS).options(StreamOptions.OPTIONS)
            .options(SAMPLES, PROGRESS, STATS, FORMAT, SCALED, StreamTarget.TRIGGER)
            .operands(StreamTarget.DEVICE, StreamTarget.CHANNELS)
            .exitCodes(ExitCodes.STREAM_COMMAND_HELP);

    private final Terminal terminal;
    private final ContextOptions uri;
    private final StreamOptions stream;
    private final StreamTarget target;
    private final long samples;
    private final boolean progress;
    private final boolean stats;
    private final TextOutput.Format format;
    private final boolean scaled;

    ReadCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.uri = new ContextOptions(args);
        this.stream = new StreamOptions(args);
        this.target = new StreamTarget(args);
        this.samples = args.get(SAMPLES);
        this.progress = args.get(PROGRESS);
        this.stats = args.get(STATS);
        this.format = args.get(FORMAT);
        this.scaled = args.get(SCALED);
    }

    @Override
    public Integer call() {
        stream.validate();
        if (samples < 0) {
            throw new UsageException("-s " + samples + ": the scan count cannot be negative (0 means forever)");
        }
        Terminal t = terminal;
        try (Context ctx = uri.open()) {
            Device device = target.device(ctx);
            ChannelMask mask = target.mask(device, Direction.INPUT);
            long scanBytes = ScanLayout.of(device, mask).scanBytes();
            stream.chooseDefaults(device, mask, scanBytes);
            stream.fitTo(samples);
            long blockBytes = stream.blockBytes(scanBytes);
            try (BlockQueue queue = device.openBuffer(0, mask, stream.config(scanBytes, blockBytes))) {
                Progress meter = new Progress(t.err(), progress || t.interactive(), queue::stats, stream.mode.describe(queue));
                // Over the network, which iiod protocol carried the blocks (ip: context attribute).
                // Built only for --stats: a first string concatenation costs milliseconds of bootstrap.
                String protocol = stats ? ctx.attributes().get("ip,protocol") : null;
                String mode = protocol == null ? stream.mode.describe(queue)
                        : new StringBuilder(stream.mode.describe(queue)).append(" over ip: ").append(protocol).toString();
                LossReport loss = new LossReport("jiio read", true);
                BlockStats perBlock = new BlockStats(meter, stats, "jiio read", true, mode, loss);
                Capture capture = stream.mode.openCapture(queue, stream, blockBytes);
                int status = ExitCodes.OK;
                try (capture) {
                    capture(t, queue, capture, meter, perBlock, loss, ScanLayout.of(device, mask));
                } finally {
                    // the capture is closed by now: the device stopped, the counts are final
                    meter.finish();
                    queue.disable();
                    if (!queue.stats().lossKnown()) {
                        loss.unknown();
                    }
                    perBlock.summary();
                    status = loss.finish(t.err(), queue.name(), stream.allowLoss);
                }
                return status;
            }
        }
    }

    private void capture(Terminal t, BlockQueue queue, Capture capture, Progress meter, BlockStats perBlock,
                         LossReport loss, ScanLayout layout) {
        long scanBytes = queue.scanBytes();
        BlockWaiter waiter = stream.blockWaiter(uri, queue.name(), t.stop(), meter::tick);
        boolean forever = samples == 0;
        long[] left = {samples};
        BlockWaiter.Poll next = nanos -> capture.poll(nanos, forever ? Long.MAX_VALUE : left[0]);
        long written = 0;
        TextOutput text = format == TextOutput.Format.RAW ? null
                : new TextOutput(layout, format, scaled);
        // The header goes out with the first block: a capture that fails before any data leaves
        // stdout empty, not a header that looks like the start of a good file.
        boolean headed = text == null;
        while (forever || left[0] > 0) {
            try {
                if (!waiter.await(next)) {
                    return;
                }
            } catch (IioException e) {
                if (e.errno() == Errno.ENODATA && forever) {
                    return; // a replayed recording ended: all of it was read
                }
                throw e;
            }
            MemorySegment data = capture.data();
            long scans = data.byteSize() / scanBytes;
            if (!forever) {
                scans = Math.min(scans, left[0]);
                left[0] -= scans;
            }
            long n = scans * scanBytes;
            if (n == 0) {
                continue; // an aborted block: no scans, no place in the stream
            }
            long firstScan = capture.firstScan();
            long lostBefore = capture.lostBefore();
            loss.block(firstScan, lostBefore, written);
            if (!headed) {
                if (!t.samplesOut().write(text.header())) {
                    return;
                }
                headed = true;
            }
            ByteBuffer out = text != null ? text.lines(data, scans)
                    : (n == data.byteSize() ? data : data.asSlice(0, n)).asByteBuffer();
            if (!t.samplesOut().write(out)) {
                return;
            }
            written += n;
            meter.add(scans, n);
            perBlock.block(capture.id(), capture.timestampNs(), scans, n, firstScan, lostBefore);
        }
    }
}
