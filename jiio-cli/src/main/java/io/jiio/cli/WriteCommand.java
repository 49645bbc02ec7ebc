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
import java.util.concurrent.Callable;

/**
 * {@code jiio write}: iio_writedev. Plays raw interleaved scans from stdin on an output device.
 *
 * <p>Streaming: the samples go to a {@link Playback} chosen by {@code --mode} (blocks, DMA buffers
 * or write()); this class has the loop they share. stdin is read straight into the room the
 * playback offers (the blocks' own memory, for the zero-copy modes); the device starts once every
 * block is filled (so it does not begin with an underrun), drained blocks are refilled, and the
 * command returns once the last block has been played. Cyclic ({@code -c}): all of stdin becomes
 * one block that the device repeats until SIGINT/SIGTERM (always a block: {@code --mode} does not
 * apply).
 *
 * <p>Every byte of stdin must belong to a whole scan; a stray tail is reported, never dropped.
 */
final class WriteCommand implements Callable<Integer> {
    static final Opt<Boolean> CYCLIC = Opt.flag("-c, --cyclic",
            "Cyclic: read stdin into one block (-b scans of it, or -s, or all of it) and repeat it "
                    + "until SIGINT/SIGTERM (--blocks, -T and --mode do not apply).");
    static final Opt<Boolean> STATS = Opt.flag("--stats",
            "A line per block on stderr once it has been played (block number, id, scans, index of "
                    + "its first scan, scan periods of silence just before it), then a summary (mode, blocks, "
                    + "scans, bytes, scans of silence, gaps). fileio: the blocks are not seen, places unknown.");
    static final Opt<Long> SAMPLES = Opt.value("-s, --samples", "SCANS", Opt.LONG, 0L,
            "Play exactly SCANS scans of the input, then stop (0, the default: until it ends).");
    static final Opt<Boolean> PROGRESS = Opt.flag("--progress",
            "Show the live rate line (scans played) on stderr even when stderr is not a terminal.");
    static final Opt<java.nio.file.Path> FROM = Opt.value("--from", "RECORDING", Opt.PATH, null,
            "Play a SigMF recording (its .sigmf-meta, .sigmf-data or their base) instead of stdin: "
                    + "its sample type and channel count must be those of the chosen output channels.");

    static final Usage USAGE = Usage.command("write",
                    "Play raw scans from stdin on an output device (like iio_writedev).")
            .describe("Each scan holds the chosen channels (default: every output scan element) in scan-index "
                            + "order, in the device's own format (see each channel's format in jiio info). "
                            + "stdin must hold whole scans. Without -c the command ends when stdin has been "
                            + "played. Underruns (gaps of silence) are reported on stderr and end the command "
                            + "with exit 4 unless --allow-loss.",
                    StreamOptions.DEFAULTS_HELP)
            .options(ContextOptions.OPTIONS).options(StreamOptions.OPTIONS)
            .options(CYCLIC, STATS, SAMPLES, PROGRESS, FROM, StreamTarget.TRIGGER)
            .operands(StreamTarget.DEVICE, StreamTarget.CHANNELS)
            .exitCodes(ExitCodes.STREAM_COMMAND_HELP);

    private final Terminal terminal;
    private final ContextOptions uri;
    private final StreamOptions stream;
    private final StreamTarget target;
    private final boolean cyclic;
    private final boolean stats;
    private final long samples;
    private final boolean progress;
    private final java.nio.file.Path from;

    WriteCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.uri = new ContextOptions(args);
        this.stream = new StreamOptions(args);
        this.target = new StreamTarget(args);
        this.cyclic = args.get(CYCLIC);
        this.stats = args.get(STATS);
        this.samples = args.get(SAMPLES);
        this.progress = args.get(PROGRESS);
        this.from = args.get(FROM);
    }

    @Override
    public Integer call() throws java.io.IOException {
        stream.validate();
        if (samples < 0) {
            throw new UsageException("-s " + samples + ": the scan count cannot be negative (0 means all of the input)");
        }
        Terminal t = terminal;
        try (Context ctx = uri.open()) {
            Device device = target.device(ctx);
            ChannelMask mask = target.mask(device, Direction.OUTPUT);
            long scanBytes = ScanLayout.of(device, mask).scanBytes();
            if (from != null) {
                t = new Terminal(t.out(), t.err(), t.samplesOut(), Recordings.openForPlay(from, ScanLayout.of(device, mask)),
                        t.interactiveCheck(), t.debug(), t.stop());
            }
            if (cyclic) {
                // As iio_writedev -c -b N: the cyclic buffer is N scans of the input (fewer if it
                // ends first); without -b, all of it.
                long limit = stream.givenBufferScans() > 0 ? stream.givenBufferScans() * scanBytes
                        : samples > 0 ? samples * scanBytes : -1;
                byte[] data = limit > 0 ? readUpTo(t, limit) : readAll(t);
                if (data.length == 0) {
                    throw nothingToPlay();
                }
                checkWholeScans(data.length, scanBytes);
                try (BlockQueue queue = device.openBuffer(0, mask, new QueueConfig(1, data.length))) {
                    playCyclic(t, queue, data);
                }
                return ExitCodes.OK;
            }
            stream.chooseDefaults(device, mask, scanBytes);
            long blockBytes = stream.blockBytes(scanBytes);
            try (BlockQueue queue = device.openBuffer(0, mask, stream.config(scanBytes, blockBytes))) {
                LossReport loss = new LossReport("jiio write", false);
                Progress meter = new Progress(t.err(), progress || t.interactive(), queue::stats,
                        stream.mode.describe(queue));
                BlockStats perBlock = new BlockStats(meter, stats, "jiio write", false, stream.mode.describe(queue), loss);
                int status = ExitCodes.OK;
                try (Playback playback = stream.mode.openPlayback(queue, stream, blockBytes)) {
                    playback.onPlayed((id, bytes, firstScan, lostBefore) -> {
                        loss.block(firstScan, lostBefore, 0);
                        perBlock.block(id, 0, bytes / scanBytes, bytes, firstScan, lostBefore);
                        meter.add(bytes / scanBytes, bytes); // the live line counts what was played
                    });
                    play(t, queue, playback);
                } finally {
                    meter.finish();
                    queue.disable();
                    QueueStats s = queue.stats();
                    loss.atLeast(s.underruns(), s.underrunScans());
                    if (!s.lossKnown()) {
                        loss.unknown();
                    }
                    perBlock.summary();
                    status = loss.finish(t.err(), queue.name(), stream.allowLoss);
                }
                return status;
            }
        }
    }

    private static void playCyclic(Terminal t, BlockQueue queue, byte[] data) {
        Block block = queue.allocate(1, data.length).getFirst();
        MemorySegment.copy(MemorySegment.ofArray(data), 0, block.segment(), 0, data.length);
        queue.enqueue(block, data.length, BlockFlags.CYCLIC);
        queue.enable();
        t.stop().await();
        queue.disable();
    }

    private void play(Terminal t, BlockQueue queue, Playback playback) {
        BlockWaiter waiter = stream.blockWaiter(uri, queue.name(), t.stop(), () -> { });
        boolean eof = false;
        long left = samples == 0 ? Long.MAX_VALUE : samples * queue.scanBytes(); // -s: bytes still to play
        long total = 0;
        while (!eof) {
            if (!waiter.await(playback::poll, "no block drained")) {
                return;
            }
            MemorySegment room = playback.room();
            if (room.byteSize() > left) {
                room = room.asSlice(0, left);
            }
            long filled = fill(t, room);
            left -= filled;
            total += filled;
            if (left == 0) {
                if (filled > 0) {
                    playback.submit(filled);
                }
                break; // -s scans played: the rest of stdin stays unread
            }
            eof = filled < room.byteSize();
            if (eof && total == 0) {
                throw nothingToPlay();
            }
            if (eof) {
                checkWholeScans(filled, queue.scanBytes());
            }
            if (filled > 0) {
                playback.submit(filled);
            }
        }
        waiter.await(playback::drain, "the last blocks were not played");
    }

    /** An input that ended before its first byte: a mistake (a wrong pipe, an empty file), not a success. */
    private IioException nothingToPlay() {
        return new IioException(Errno.ENODATA, (from != null ? from + ": the recording" : "standard input")
                + " is empty: no samples to play");
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

    private static byte[] readUpTo(Terminal t, long limit) {
        if (limit > Integer.MAX_VALUE - 8) {
            throw new IioException(Errno.ENOMEM, "-b: a cyclic buffer of " + limit + " bytes is too large");
        }
        try {
            return Channels.newInputStream(t.samplesIn()).readNBytes((int) limit);
        } catch (IOException e) {
            throw new IioException(Errno.EIO, "stdin: " + e.getMessage(), e);
        }
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
        if (bytes % scanBytes != 0) {
            throw new IioException(Errno.EINVAL, "stdin ends inside a scan: " + bytes % scanBytes
                    + " trailing bytes do not make a whole " + scanBytes + "-byte scan");
        }
    }
}
