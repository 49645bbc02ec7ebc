package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Device;
import io.jiio.model.SamplingRate;
import io.jiio.model.ScanLayout;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Records an input queue to a SigMF pair. The data file is written from the queue's own blocks:
 * a block goes to the {@link DataSink} as it is and back to the device only when its write has
 * completed, several writes in flight. A block the sink cannot take as it is (O_DIRECT wants
 * aligned memory, lengths and offsets: a short block, an odd scan size) is copied into an aligned
 * staging segment first, and counted. Every loss the blocks report becomes an annotation at its
 * sample index; the meta file is written at the end, whatever ended the recording (a full disk
 * included), so what was written stays a valid recording.
 */
public final class Recorder {
    /** Device attributes worth keeping with a recording: what tuned it and what scales its values. */
    private static final Pattern NOTED = Pattern.compile(".*(frequency|scale|offset|gain|bandwidth|hardwaregain).*");
    private static final long SLICE_NS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * What was recorded.
     *
     * @param scans        scans in the data file
     * @param bytes        bytes in the data file
     * @param lostScans    scans the device reported lost between recorded blocks (the known ones
     *                     only: see {@code lossKnown})
     * @param gaps         gaps, each a loss annotation in the meta file, unknown ones included
     * @param lossKnown    false when the source could not tell whether (or how much) it lost; the
     *                     meta file then says -1
     * @param copiedBlocks blocks that had to be copied to aligned memory before writing
     * @param writer       how the data file was written ({@link DataSink#describe()})
     * @param files        the recording's two files
     * @param stoppedBy    the error that ended the recording early (ENOSPC, EIO, ETIMEDOUT, …), or
     *                     {@code null} when it ran to the end (a replayed recording's own end included)
     * @param trimmedScans scans cut from the data's end so that the meta file fits on a full disk
     * @param metaWritten  whether the meta file was written (else the data file has no valid meta)
     */
    public record Result(long scans, long bytes, long lostScans, int gaps, boolean lossKnown, long copiedBlocks,
                         String writer, SigmfFiles files, IioException stoppedBy, long trimmedScans,
                         boolean metaWritten) {
    }

    /** Called after each block is submitted: scans and bytes so far, for a progress line. */
    public interface Progress {
        /**
         * Called on the recording thread after each block: keep it short, the device is filling
         * the next one meanwhile.
         *
         * @param scans     scans submitted so far
         * @param bytes     bytes submitted so far
         * @param lostScans scans known lost so far
         */
        void update(long scans, long bytes, long lostScans);
    }

    private Recorder() {
    }

    /**
     * Records from {@code queue} (allocated, its blocks enqueued and enabled by the caller) until
     * {@code maxScans} scans (0: until {@code stop}), then writes the meta file. Runs on the
     * caller's thread; blocks are handed back to the queue as their writes complete. The caller
     * keeps owning the queue (disable and close it after); the sink is finished here, its file
     * closed at the recorded length.
     *
     * @param queue     an enabled input queue, its blocks enqueued
     * @param device    the queue's device: its name, rate and attributes go into the meta file
     * @param layout    the scan layout of the queue's enabled channels: one SigMF type (see
     *                  {@link SigmfDatatype#of})
     * @param maxScans  scans to record, 0 for no limit
     * @param sink      where the data goes, opened on {@code files.data()} with {@link Sinks#open}
     * @param files     the recording's two files
     * @param recorder  {@code core:recorder}, e.g. {@code jiio 0.1.0}
     * @param stop      polled between blocks, and about every 50 ms while none comes: true ends the recording
     * @param progress  told after each block
     * @param timeoutMs how long without a block ends the recording with ETIMEDOUT (0: never)
     * @return the figures; {@link Result#stoppedBy} holds the error (ENOSPC, …) that ended it early
     */
    public static Result record(BlockQueue queue, Device device, ScanLayout layout, long maxScans, DataSink sink,
                                SigmfFiles files, String recorder, BooleanSupplier stop, Progress progress,
                                long timeoutMs) {
        SigmfDatatype type = SigmfDatatype.of(layout);
        long scanBytes = layout.scanBytes();
        List<Block> all = queue.blocks();
        Block[] byId = new Block[all.stream().mapToInt(Block::id).max().orElse(0) + 1];
        for (Block b : all) {
            byId[b.id()] = b;
        }
        int align = sink.alignment();
        List<SigmfMeta.Loss> losses = new ArrayList<>();
        long offset = 0;
        long left = maxScans == 0 ? Long.MAX_VALUE : maxScans;
        long lost = 0;
        boolean lossKnown = true;
        long copied = 0;
        Instant datetime = null;
        IioException stoppedBy = null;
        Arena staging = Arena.ofConfined();
        MemorySegment[] stage = new MemorySegment[byId.length];
        long idleSince = System.nanoTime();
        try {
            while (left > 0 && !stop.getAsBoolean()) {
                while (sink.inFlight() >= sink.depth()) {
                    reclaim(queue, byId, sink, sink.await(SLICE_NS));
                }
                Block b = queue.poll(SLICE_NS, TimeUnit.NANOSECONDS);
                if (b == null) {
                    reclaim(queue, byId, sink, sink.await(0));
                    if (timeoutMs > 0 && System.nanoTime() - idleSince > TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
                        throw new IioException(Errno.ETIMEDOUT, queue.name() + ": no block within " + timeoutMs + " ms");
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                long scans = Math.min(b.bytesUsed() / scanBytes, left);
                if (scans == 0) {
                    queue.enqueue(b);
                    continue;
                }
                long sample = offset / scanBytes;
                if (b.lostBefore() == Block.UNKNOWN) {
                    if (sample > 0 || b.firstScan() != 0) {
                        lossKnown = false;
                        losses.add(new SigmfMeta.Loss(sample, -1, -1));
                    }
                } else if (b.lostBefore() > 0) {
                    lost += b.lostBefore();
                    losses.add(new SigmfMeta.Loss(sample, b.lostBefore(), b.firstScan() - b.lostBefore()));
                }
                if (datetime == null) {
                    datetime = wallClock(b.timestampNs());
                }
                long n = scans * scanBytes;
                MemorySegment m = queue.map(b).asSlice(0, n);
                if (align > 1 && offset % align != 0) {
                    // An earlier short block moved the offset off a page: no O_DIRECT write can follow.
                    // Its padded write must land before anything overlaps it: drain first.
                    while (sink.inFlight() > 0) {
                        reclaim(queue, byId, sink, sink.await(SLICE_NS));
                    }
                    sink.dropAlignment("from offset " + offset + " on, after a block that was not whole pages");
                    align = sink.alignment();
                }
                if (align > 1 && (m.address() % align != 0 || n % align != 0)) {
                    // Not writable as it is: one copy into aligned memory, padded; the file's length is set at the end.
                    long padded = (n + align - 1) / align * align;
                    MemorySegment s = stage[b.id()];
                    if (s == null || s.byteSize() < padded) {
                        s = staging.allocate(Math.max(padded, b.size() + align), align);
                        stage[b.id()] = s;
                    }
                    MemorySegment.copy(m, 0, s, 0, n);
                    m = s.asSlice(0, padded);
                    copied++;
                }
                sink.submit(m, offset, b.id());
                offset += n;
                left -= scans;
                progress.update(offset / scanBytes, offset, lost);
            }
        } catch (IioException e) {
            if (e.errno() == Errno.ENODATA) {
                // a replayed recording ended: everything it had is recorded
            } else {
                stoppedBy = e;
            }
        } finally {
            try {
                while (sink.inFlight() > 0) {
                    reclaimQuietly(queue, byId, sink);
                }
                sink.finish(offset);
            } catch (IioException e) {
                if (stoppedBy == null) {
                    stoppedBy = e;
                }
            }
            staging.close();
        }
        SigmfMeta meta = new SigmfMeta(type, SamplingRate.of(device, layoutMask(device, layout)),
                layout.channels().size() / type.valuesPerSample(), hw(device), recorder, null, datetime, losses,
                notes(layout), device.displayName(), deviceAttributes(device),
                sink.describe() + (copied > 0 ? "; " + copied + " blocks copied to aligned memory" : ""),
                lossKnown ? lost : -1);
        long trimmed = 0;
        boolean metaOk = true;
        try {
            meta.write(files.meta());
        } catch (IOException e) {
            IioException io = IoErrors.of(files.meta(), "write", e);
            metaOk = false;
            if (io.errno() == Errno.ENOSPC || io.errno() == Errno.EFBIG) {
                // The data filled the disk: give the meta file room from the data's tail, so the pair
                // stays a valid recording, and say how many scans that cost.
                trimmed = makeRoom(files, offset, scanBytes, meta.size());
                offset -= trimmed * scanBytes;
                try {
                    meta.write(files.meta());
                    metaOk = true;
                } catch (IOException again) {
                    io = IoErrors.of(files.meta(), "write", again);
                }
            }
            if (stoppedBy == null) {
                stoppedBy = io;
            }
        }
        return new Result(offset / scanBytes, offset, lost, losses.size(), lossKnown, copied, sink.describe(), files,
                stoppedBy, trimmed, metaOk);
    }

    /** Shortens the data file by whole scans, enough for {@code need} bytes (and a page) to be free; returns the scans cut. */
    private static long makeRoom(SigmfFiles files, long length, long scanBytes, long need) {
        long cut = (need + 4096 + scanBytes - 1) / scanBytes;
        cut = Math.min(cut, length / scanBytes);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(files.data(),
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(length - cut * scanBytes);
        } catch (IOException e) {
            return 0;
        }
        return cut;
    }

    private static void reclaim(BlockQueue q, Block[] byId, DataSink sink, long tag) {
        if (tag >= 0) {
            q.enqueue(byId[(int) tag]);
        }
    }

    private static void reclaimQuietly(BlockQueue q, Block[] byId, DataSink sink) {
        try {
            long tag = sink.await(SLICE_NS);
            if (tag >= 0 && q.isEnabled()) {
                q.enqueue(byId[(int) tag]);
            }
        } catch (IioException ignored) {
            // the first error was reported; the rest of the writes only need to end
        }
    }

    /** A block's timestamp as wall-clock time: epoch nanoseconds as they are, a monotonic clock's shifted to now. */
    static Instant wallClock(long ts) {
        if (ts > 1_000_000_000_000_000_000L) {
            return Instant.ofEpochSecond(0, ts);
        }
        long age = ts > 0 ? System.nanoTime() - ts : 0;
        return Instant.now().minusNanos(Math.max(0, age));
    }

    private static io.jiio.model.ChannelMask layoutMask(Device device, ScanLayout layout) {
        io.jiio.model.ChannelMask m = device.newMask();
        for (Channel c : layout.channels()) {
            m.enable(c);
        }
        return m;
    }

    private static String hw(Device device) {
        String ctx = device.context() == null ? "" : device.context().description();
        return device.displayName() + (ctx.isEmpty() ? "" : " (" + ctx + ")");
    }

    private static List<SigmfMeta.ChannelNote> notes(ScanLayout layout) {
        List<SigmfMeta.ChannelNote> out = new ArrayList<>();
        for (ScanLayout.Element e : layout.elements()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (Attribute a : e.channel().attributes()) {
                if (NOTED.matcher(a.name()).matches()) {
                    readable(a).ifPresent(v -> attrs.put(a.name(), v));
                }
            }
            out.add(new SigmfMeta.ChannelNote(e.channel().id(), e.format().toString(), attrs));
        }
        return out;
    }

    private static Map<String, String> deviceAttributes(Device device) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Attribute a : device.attributes(AttributeKind.DEVICE)) {
            if (NOTED.matcher(a.name()).matches()) {
                readable(a).ifPresent(v -> out.put(a.name(), v));
            }
        }
        return out;
    }

    private static java.util.Optional<String> readable(Attribute a) {
        try {
            return java.util.Optional.of(a.read().trim());
        } catch (IioException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Fails early, before the device starts, when the recording cannot be written where asked.
     *
     * @param files the recording's files; their directory must exist and be writable
     * @throws IioException ENOENT when the directory does not exist, EACCES when it is not writable
     */
    public static void checkTarget(SigmfFiles files) {
        Path dir = files.data().toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IioException(Errno.ENOENT, dir + ": no such directory to record into");
        }
        if (!Files.isWritable(dir)) {
            throw new IioException(Errno.EACCES, dir + ": not writable");
        }
    }
}
