package io.jiio.cli;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueStats;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

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
@Command(name = "read", sortOptions = false,
        description = {"Stream raw scans from an input device to stdout (like iio_readdev).",
                "Each scan holds the chosen channels (default: every input scan element) in scan-index "
                        + "order, in the device's own format (see each channel's format in jiio info). "
                        + "A live rate line goes to stderr when it is a terminal (or with --progress); "
                        + "lost scans (overruns) are reported on stderr."})
final class ReadCommand implements Callable<Integer> {
    @ParentCommand
    private Jiio jiio;

    @Mixin
    private UriOption uri;

    @Mixin
    private StreamOptions stream;

    @Option(names = {"-s", "--samples"}, paramLabel = "SCANS", defaultValue = "0",
            description = "Stop after exactly SCANS scans; 0 streams until stopped (default).")
    private long samples;

    @Option(names = "--progress",
            description = "Show the live rate line on stderr even when stderr is not a terminal.")
    private boolean progress;

    @Option(names = "--stats",
            description = "A line per block on stderr (block number, id, timestamp in ns, scans, overruns "
                    + "so far), then a summary (mode, blocks, scans, bytes, overruns, scans lost).")
    private boolean stats;

    @Mixin
    private StreamTarget target;

    @Override
    public Integer call() {
        stream.validate();
        if (samples < 0) {
            throw stream.usage("-s " + samples + ": the scan count cannot be negative (0 means forever)");
        }
        Terminal t = jiio.terminal();
        try (Context ctx = uri.open()) {
            Device device = target.device(ctx);
            ChannelMask mask = target.mask(device, Direction.INPUT);
            long scanBytes = ScanLayout.of(device, mask).scanBytes();
            long blockBytes = stream.blockBytes(scanBytes);
            try (BlockQueue queue = device.openBuffer(0, mask, stream.config(scanBytes, blockBytes))) {
                Progress meter = new Progress(t.err(), progress || t.interactive(), queue::stats, stream.mode.describe(queue));
                // Over the network, which iiod protocol carried the blocks (ip: context attribute).
                // Built only for --stats: a first string concatenation costs milliseconds of bootstrap.
                String protocol = stats ? ctx.attributes().get("ip,protocol") : null;
                String mode = protocol == null ? stream.mode.describe(queue)
                        : new StringBuilder(stream.mode.describe(queue)).append(" over ip: ").append(protocol).toString();
                BlockStats perBlock = new BlockStats(meter, stats, mode, queue::stats);
                Capture capture = stream.mode.openCapture(queue, stream, blockBytes);
                try (capture) {
                    capture(t, queue, capture, meter, perBlock);
                } finally {
                    // the capture is closed by now: the device stopped, the counts are final
                    meter.finish();
                    queue.disable();
                    perBlock.summary();
                    warnOverruns(t, queue.stats());
                }
            }
        }
        return ExitCodes.OK;
    }

    private void capture(Terminal t, BlockQueue queue, Capture capture, Progress meter, BlockStats perBlock) {
        long scanBytes = queue.scanBytes();
        BlockWaiter waiter = new BlockWaiter(queue.name(), stream.timeoutMs, t.stop(), meter::tick);
        boolean forever = samples == 0;
        long[] left = {samples};
        BlockWaiter.Poll next = nanos -> capture.poll(nanos, forever ? Long.MAX_VALUE : left[0]);
        while (forever || left[0] > 0) {
            if (!waiter.await(next)) {
                return;
            }
            MemorySegment data = capture.data();
            long scans = data.byteSize() / scanBytes;
            if (!forever) {
                scans = Math.min(scans, left[0]);
                left[0] -= scans;
            }
            long n = scans * scanBytes;
            if (n > 0 && !t.samplesOut().write((n == data.byteSize() ? data : data.asSlice(0, n)).asByteBuffer())) {
                return;
            }
            meter.add(scans, n);
            perBlock.block(capture.id(), capture.timestampNs(), scans, n);
        }
    }

    /** Lost scans are a gap in the data: say so, even when the run otherwise succeeded. */
    private static void warnOverruns(Terminal t, QueueStats stats) {
        if (stats.overrunScans() > 0 || stats.overruns() > 0) {
            t.err().println("jiio read: overrun: " + stats.overrunScans() + " scans lost");
            t.err().flush();
        }
    }
}
