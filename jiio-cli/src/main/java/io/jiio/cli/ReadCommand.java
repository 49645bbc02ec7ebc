package io.jiio.cli;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueStats;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jiio read}: iio_readdev. Streams raw interleaved scans from an input device to stdout.
 *
 * <p>The blocks circulate: all are queued before the device starts, and each one comes back,
 * goes to stdout straight from its mapping (a {@link java.nio.channels.FileChannel} write from the
 * block's memory — no copy in Java), and is queued again. Only the last block is cut short, so
 * that exactly {@code -s} scans come out.
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
            long blockBytes = stream.blockBytes(ScanLayout.of(device, mask).scanBytes());
            try (BlockQueue queue = device.openBuffer(0, mask, stream.config(blockBytes))) {
                try {
                    capture(t, queue, blockBytes);
                } finally {
                    queue.disable();
                    warnOverruns(t, queue.stats());
                }
            }
        }
        return ExitCodes.OK;
    }

    private void capture(Terminal t, BlockQueue queue, long blockBytes) {
        long scanBytes = queue.scanBytes();
        for (Block b : queue.allocate(stream.blocks, blockBytes)) {
            queue.enqueue(b);
        }
        queue.enable();
        Progress meter = new Progress(t.err(), progress || t.interactive(), queue::stats);
        BlockWaiter waiter = new BlockWaiter(queue, stream.timeoutMs, t.stop(), meter::tick);
        boolean forever = samples == 0;
        long left = samples;
        try {
            while (forever || left > 0) {
                Block b = waiter.next();
                if (b == null) {
                    return;
                }
                long scans = b.bytesUsed() / scanBytes;
                if (!forever) {
                    scans = Math.min(scans, left);
                    left -= scans;
                }
                long n = scans * scanBytes;
                if (n > 0 && !t.samplesOut().write(b.segment().asSlice(0, n).asByteBuffer())) {
                    return;
                }
                meter.add(scans, n);
                if (forever || left > 0) {
                    queue.enqueue(b);
                }
            }
        } finally {
            meter.finish();
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
