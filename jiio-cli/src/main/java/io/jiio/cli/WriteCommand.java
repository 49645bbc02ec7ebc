package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockFlags;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.QueueStats;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jiio write}: iio_writedev. Plays raw interleaved scans from stdin on an output device.
 *
 * <p>Streaming: stdin is read straight into the blocks' memory; every block is filled before the
 * device starts (so it does not begin with an underrun), drained blocks are refilled, and the
 * command returns once the last block has been played. Cyclic ({@code -c}): all of stdin becomes
 * one block that the device repeats until SIGINT/SIGTERM.
 *
 * <p>Every byte of stdin must belong to a whole scan; a stray tail is reported, never dropped.
 */
@Command(name = "write", sortOptions = false,
        description = {"Play raw scans from stdin on an output device (like iio_writedev).",
                "Each scan holds the chosen channels (default: every output scan element) in scan-index "
                        + "order, in the device's own format (see each channel's format in jiio info). "
                        + "stdin must hold whole scans. Without -c the command ends when stdin has been "
                        + "played; underruns (gaps of silence) are reported on stderr."})
final class WriteCommand implements Callable<Integer> {
    @ParentCommand
    private Jiio jiio;

    @Mixin
    private UriOption uri;

    @Mixin
    private StreamOptions stream;

    @Option(names = {"-c", "--cyclic"},
            description = "Cyclic: read all of stdin into one block and repeat it until SIGINT/SIGTERM "
                    + "(-b, --blocks and -T do not apply).")
    private boolean cyclic;

    @Mixin
    private StreamTarget target;

    @Override
    public Integer call() {
        stream.validate();
        Terminal t = jiio.terminal();
        try (Context ctx = uri.open()) {
            Device device = target.device(ctx);
            ChannelMask mask = target.mask(device, Direction.OUTPUT);
            long scanBytes = ScanLayout.of(device, mask).scanBytes();
            if (cyclic) {
                byte[] data = readAll(t);
                checkWholeScans(data.length, scanBytes);
                try (BlockQueue queue = device.openBuffer(0, mask, new QueueConfig(1, data.length))) {
                    playCyclic(t, queue, data);
                }
            } else {
                long blockBytes = stream.blockBytes(scanBytes);
                try (BlockQueue queue = device.openBuffer(0, mask, stream.config(blockBytes))) {
                    try {
                        play(t, queue, blockBytes);
                    } finally {
                        queue.disable();
                        warnUnderruns(t, queue.stats());
                    }
                }
            }
        }
        return ExitCodes.OK;
    }

    private static void playCyclic(Terminal t, BlockQueue queue, byte[] data) {
        Block block = queue.allocate(1, data.length).getFirst();
        MemorySegment.copy(MemorySegment.ofArray(data), 0, block.segment(), 0, data.length);
        queue.enqueue(block, data.length, BlockFlags.CYCLIC);
        queue.enable();
        t.stop().await();
        queue.disable();
    }

    private void play(Terminal t, BlockQueue queue, long blockBytes) {
        ArrayDeque<Block> fresh = new ArrayDeque<>(queue.allocate(stream.blocks, blockBytes));
        BlockWaiter waiter = new BlockWaiter(queue, stream.timeoutMs, t.stop(), () -> { });
        int queued = 0;
        boolean eof = false;
        while (!eof) {
            Block b = fresh.poll();
            if (b == null) {
                b = waiter.next();
                if (b == null) {
                    return;
                }
                queued--;
            }
            long filled = fill(t, b.segment());
            eof = filled < b.size();
            if (eof) {
                checkWholeScans(filled, queue.scanBytes());
            }
            if (filled > 0) {
                queue.enqueue(b, filled, 0);
                queued++;
            }
            if (queued > 0 && (fresh.isEmpty() || eof)) {
                queue.enable();
            }
        }
        for (; queued > 0; queued--) {
            if (waiter.next() == null) {
                return;
            }
        }
    }

    /** Reads stdin into {@code block} until it is full or stdin ends; returns the bytes read. */
    private static long fill(Terminal t, MemorySegment block) {
        ByteBuffer buf = block.asByteBuffer();
        try {
            while (buf.hasRemaining()) {
                if (t.samplesIn().read(buf) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new IioException(Errno.EIO, "stdin: " + e.getMessage(), e);
        }
        return buf.position();
    }

    private static byte[] readAll(Terminal t) {
        try {
            return Channels.newInputStream(t.samplesIn()).readAllBytes();
        } catch (IOException e) {
            throw new IioException(Errno.EIO, "stdin: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new IioException(Errno.ENOMEM, "stdin: too large to hold as one cyclic block", e);
        }
    }

    private void checkWholeScans(long bytes, long scanBytes) {
        if (cyclic && bytes == 0) {
            throw new IioException(Errno.EINVAL, "stdin is empty: a cyclic buffer needs at least one "
                    + scanBytes + "-byte scan");
        }
        if (bytes % scanBytes != 0) {
            throw new IioException(Errno.EINVAL, "stdin ends inside a scan: " + bytes % scanBytes
                    + " trailing bytes do not make a whole " + scanBytes + "-byte scan");
        }
    }

    /** Silence in the middle of the output is a defect of the stream: say so. */
    private static void warnUnderruns(Terminal t, QueueStats stats) {
        if (stats.underrunScans() > 0 || stats.underruns() > 0) {
            t.err().println("jiio write: underrun: " + stats.underrunScans() + " scans of silence");
            t.err().flush();
        }
    }
}
