package io.jiio.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A counter recorded, checked sample by sample, replayed as a device, and its losses kept in place. */
@Timeout(60)
class RecordReplayTest {
    @TempDir
    Path dir;

    private static Recorder.Result record(Context ctx, ChannelMask mask, long scans, int blocks, long blockScans,
                                          SigmfFiles files, Recorder.Progress progress) {
        Device adc = ctx.devices().getFirst();
        ScanLayout layout = ScanLayout.of(adc, mask);
        try (BlockQueue q = adc.openBuffer(mask)) {
            q.allocate(blocks, blockScans * layout.scanBytes()).forEach(q::enqueue);
            q.enable();
            try (DataSink sink = new FileChannelSink(files.data(), "")) {
                return Recorder.record(q, adc, layout, scans, sink, files, "jiio test", () -> false, progress, 10_000);
            } finally {
                q.disable();
            }
        }
    }

    @Test
    void aCounterIsRecordedWholeAndReplaysByteForByte() throws Exception {
        SigmfFiles files = SigmfFiles.of(dir.resolve("counter"));
        try (Context sim = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0")) {
            Device adc = sim.requireDevice("sim-adc");
            Recorder.Result r = record(sim, adc.mask("voltage0", "voltage1"), 100_000, 4, 1000, files, (s, b, l) -> { });
            assertNull(r.stoppedBy());
            assertEquals(100_000, r.scans());
            assertEquals(0, r.lostScans());
        }
        byte[] data = Files.readAllBytes(files.data());
        assertEquals(400_000, data.length, "exactly the scans asked for");
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 100_000; i++) {
            assertEquals((short) i, bb.getShort(4 * i), "voltage0 of scan " + i);
            assertEquals((short) (i + 1), bb.getShort(4 * i + 2), "voltage1 of scan " + i);
        }
        var json = new ObjectMapper().readTree(files.meta().toFile());
        assertEquals(List.of(), SigmfRules.violations(json));
        assertEquals("ri16_le", json.at("/global/core:datatype").asText());
        assertEquals(2, json.at("/global/core:num_channels").asInt());
        assertEquals("jiio", json.at("/global/core:extensions/0/name").asText());
        assertEquals("voltage1", json.at("/global/jiio:channels/1/id").asText());
        assertTrue(json.at("/captures/0/core:datetime").asText().endsWith("Z"));

        try (Context replay = Context.open("sigmf:" + files.meta() + ",sampling_frequency=0")) {
            Device d = replay.devices().getFirst();
            assertEquals("sim-adc", d.name());
            byte[] back = readAll(d, d.mask("voltage0", "voltage1"), 4, 777 * 4);
            assertArrayEquals(data, back, "the replay gives the recorded bytes");
            byte[] one = readAll(d, d.mask("voltage1"), 3, 500 * 2);
            for (int i = 0; i < 100_000; i++) {
                assertEquals((short) (i + 1), ByteBuffer.wrap(one).order(ByteOrder.LITTLE_ENDIAN).getShort(2 * i),
                        "voltage1 alone, scan " + i);
            }
        }
    }

    /** A recording of 1000 scans of the sim's counter on voltage0, made as fast as blocks come. */
    private SigmfFiles counter1000(String name) {
        SigmfFiles files = SigmfFiles.of(dir.resolve(name));
        try (Context sim = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0")) {
            Device adc = sim.requireDevice("sim-adc");
            record(sim, adc.mask("voltage0"), 1000, 4, 100, files, (a, b, c) -> { });
        }
        return files;
    }

    /** Reads a replayed recording to its end (ENODATA), concatenating every block. */
    private static byte[] readAll(Device d, ChannelMask mask, int blocks, long blockBytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (BlockQueue q = d.openBuffer(mask)) {
            q.allocate(blocks, blockBytes).forEach(q::enqueue);
            q.enable();
            IioException end = assertThrows(IioException.class, () -> {
                while (true) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    out.write(q.map(b).asSlice(0, b.bytesUsed()).toArray(ValueLayout.JAVA_BYTE));
                    q.enqueue(b);
                }
            });
            assertEquals(Errno.ENODATA, end.errno(), end.getMessage());
            assertTrue(end.getMessage().contains("end of recording"), end.getMessage());
        }
        return out.toByteArray();
    }

    @Test
    void aStallBecomesAnAnnotationAtTheExactSampleAndReplaysAsAnOverrun() throws Exception {
        SigmfFiles files = SigmfFiles.of(dir.resolve("stalled.sigmf-meta"));
        Recorder.Result r;
        try (Context sim = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000")) {
            Device adc = sim.requireDevice("sim-adc");
            boolean[] stalled = {false};
            r = record(sim, adc.mask("voltage0"), 200_000, 4, 2000, files, (scans, bytes, lost) -> {
                if (!stalled[0] && scans >= 50_000) {
                    stalled[0] = true;
                    try {
                        Thread.sleep(300); // 60000 scans at 200 kHz: far more than 4 blocks of 2000
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
        assertNull(r.stoppedBy());
        assertTrue(r.lostScans() > 0, "the stall lost scans");
        SigmfMeta meta = SigmfMeta.read(files.meta());
        assertEquals(r.lostScans(), meta.lostScans());
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(files.data())).order(ByteOrder.LITTLE_ENDIAN);
        long total = 0;
        for (SigmfMeta.Loss l : meta.losses()) {
            int i = (int) l.sampleStart();
            short before = bb.getShort(2 * (i - 1));
            short after = bb.getShort(2 * i);
            assertEquals((short) (before + 1 + l.scans()), after, "the counter jumps by the loss at sample " + i);
            total += l.scans();
        }
        assertEquals(r.lostScans(), total);
        // Every jump of the counter is annotated.
        List<Long> jumps = new ArrayList<>();
        for (int i = 1; i < bb.capacity() / 2; i++) {
            if ((short) (bb.getShort(2 * (i - 1)) + 1) != bb.getShort(2 * i)) {
                jumps.add((long) i);
            }
        }
        assertEquals(jumps, meta.losses().stream().map(SigmfMeta.Loss::sampleStart).toList());

        try (Context replay = Context.open("sigmf:" + files.data() + ",sampling_frequency=0")) {
            Device d = replay.devices().getFirst();
            try (BlockQueue q = d.openBuffer(d.mask("voltage0"))) {
                q.allocate(4, 2 * 1000).forEach(q::enqueue);
                q.enable();
                List<Long> replayed = new ArrayList<>();
                long sample = 0;
                try {
                    while (true) {
                        Block b = q.dequeue(5, TimeUnit.SECONDS);
                        if (b.lostBefore() > 0) {
                            replayed.add(sample);
                            assertEquals(meta.losses().get(replayed.size() - 1).scans(), b.lostBefore());
                        }
                        sample += b.bytesUsed() / 2;
                        q.enqueue(b);
                    }
                } catch (IioException e) {
                    assertEquals(Errno.ENODATA, e.errno(), e.getMessage());
                }
                assertEquals(jumps, replayed, "the replay reports each recorded loss where it was");
            }
        }
    }

    @Test
    void badInputsSayWhatAndWhy() throws Exception {
        IioException e = assertThrows(IioException.class, () -> Context.open("sigmf:" + dir.resolve("none")));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("none.sigmf-meta"), e.getMessage());
        Files.writeString(dir.resolve("x.sigmf-meta"), "{\"global\": {\"core:datatype\": \"ri16\"}}");
        e = assertThrows(IioException.class, () -> Context.open("sigmf:" + dir.resolve("x.sigmf-meta")));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("need _le or _be") && e.getMessage().contains("'captures' is missing"),
                e.getMessage());
        Files.writeString(dir.resolve("f.sigmf-meta"), "{\"global\": {\"core:datatype\": \"cf32_le\", \"core:version\":"
                + " \"1.2.0\"}, \"captures\": [], \"annotations\": []}");
        Files.write(dir.resolve("f.sigmf-data"), new byte[64]);
        e = assertThrows(IioException.class, () -> Context.open("sigmf:" + dir.resolve("f")));
        assertTrue(e.getMessage().contains("float samples cannot be replayed"), e.getMessage());
        e = assertThrows(IioException.class, () -> Recorder.checkTarget(SigmfFiles.of(dir.resolve("no/such/rec"))));
        assertEquals(Errno.ENOENT, e.errno());
        try (Context sim = Context.open("sim:")) {
            Device adc = sim.requireDevice("sim-adc");
            e = assertThrows(IioException.class, () -> SigmfDatatype.of(ScanLayout.of(adc, adc.mask("voltage0", "timestamp"))));
            assertTrue(e.getMessage().contains("timestamp") && e.getMessage().contains("one sample type"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("none.sigmf-data")));
    }

    /** A sink that fills up after {@code room} bytes, as a disk does (a test seam for ENOSPC). */
    private static final class FullAfter implements DataSink {
        private final FileChannelSink real;
        private long room;

        FullAfter(Path path, long room) {
            this.real = new FileChannelSink(path, "");
            this.room = room;
        }

        @Override public String describe() { return real.describe(); }
        @Override public int depth() { return 1; }
        @Override public int alignment() { return 1; }
        @Override public long await(long timeoutNanos) { return real.await(timeoutNanos); }
        @Override public int inFlight() { return real.inFlight(); }
        @Override public void finish(long length) { real.finish(length); }
        @Override public void close() { real.close(); }

        @Override
        public void submit(MemorySegment seg, long offset, long tag) {
            if (seg.byteSize() > room) {
                throw new IioException(Errno.ENOSPC, "rec.sigmf-data: write at offset " + offset
                        + ": no space left on the device");
            }
            room -= seg.byteSize();
            real.submit(seg, offset, tag);
        }
    }

    @Test
    void aFullDiskStopsTheRecordingAndKeepsAValidPair() throws Exception {
        SigmfFiles files = SigmfFiles.of(dir.resolve("full"));
        try (Context sim = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0")) {
            Device adc = sim.requireDevice("sim-adc");
            ScanLayout layout = ScanLayout.of(adc, adc.mask("voltage0"));
            Recorder.Result r;
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                q.allocate(4, 2 * 1000).forEach(q::enqueue);
                q.enable();
                r = Recorder.record(q, adc, layout, 0, new FullAfter(files.data(), 100_000), files, "test",
                        () -> false, (a, b, c) -> { }, 10_000);
            }
            assertEquals(Errno.ENOSPC, r.stoppedBy().errno());
            assertTrue(r.metaWritten());
            assertEquals(50_000, r.scans(), "every whole block that fitted");
            assertEquals(100_000, Files.size(files.data()));
            assertEquals(List.of(), SigmfRules.violations(new ObjectMapper().readTree(files.meta().toFile())));
        }
    }

    /** The real thing, where a small file system can be mounted (root): the meta file still fits. */
    @Test
    void onARealFullFileSystemTheDataMakesRoomForTheMetaFile() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0,
                "mounting a small tmpfs needs root: " + new String(p.getInputStream().readAllBytes()));
        try {
            SigmfFiles files = SigmfFiles.of(mnt.resolve("rec"));
            Recorder.Result r;
            try (Context sim = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0")) {
                Device adc = sim.requireDevice("sim-adc");
                r = record(sim, adc.mask("voltage0", "voltage1"), 0, 4, 1000, files, (a, b, c) -> { });
            }
            assertEquals(Errno.ENOSPC, r.stoppedBy().errno(), r.stoppedBy().getMessage());
            assertTrue(r.metaWritten(), "the meta file was written");
            assertTrue(r.trimmedScans() > 0, "room was made from the data's tail");
            assertEquals(r.bytes(), Files.size(files.data()));
            SigmfMeta meta = SigmfMeta.read(files.meta());
            assertEquals(2, meta.numChannels());
            ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(files.data())).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < r.scans(); i++) {
                assertEquals((short) i, bb.getShort(4 * i));
            }
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor();
        }
    }

    /** A replay's rate and loop can be set; what the recording holds is read-only, and says so. */
    @Test
    void recordedAttributesAreReadOnlyAndSaySo() throws Exception {
        SigmfFiles files = counter1000("attrs");
        try (Context replay = Context.open("sigmf:" + files.meta())) {
            Device d = replay.devices().getFirst();
            assertEquals(Attribute.Access.WRITABLE, d.requireAttribute(AttributeKind.DEVICE, "sampling_frequency").access());
            assertEquals(Attribute.Access.WRITABLE, d.requireAttribute(AttributeKind.DEVICE, "loop").access());
            Attribute scale = d.requireChannel("voltage0").requireAttribute("scale");
            assertEquals(Attribute.Access.READ_ONLY, scale.access());
            IioException e = assertThrows(IioException.class, () -> scale.write("2"));
            assertEquals(Errno.EACCES, e.errno());
        }
    }

    /**
     * The pace and looping are taken at enable: while a replay runs they refuse a change (EBUSY, as
     * a driver refuses a new rate while streaming) rather than show a value the replay ignores.
     */
    @Test
    void rateAndLoopCannotChangeWhileReplaying() throws Exception {
        SigmfFiles files = counter1000("busy");
        try (Context replay = Context.open("sigmf:" + files.meta() + ",sampling_frequency=1000,loop=1")) {
            Device d = replay.devices().getFirst();
            Attribute rate = d.requireAttribute(AttributeKind.DEVICE, "sampling_frequency");
            Attribute loop = d.requireAttribute(AttributeKind.DEVICE, "loop");
            try (BlockQueue q = d.openBuffer(d.mask("voltage0"))) {
                q.allocate(2, 200).forEach(q::enqueue);
                q.enable();
                IioException e = assertThrows(IioException.class, () -> rate.write("2000"));
                assertEquals(Errno.EBUSY, e.errno(), e.getMessage());
                assertTrue(e.getMessage().contains("cannot change while the recording is replayed"), e.getMessage());
                assertEquals(Errno.EBUSY, assertThrows(IioException.class, () -> loop.write("0")).errno());
                assertEquals(Errno.EINVAL, assertThrows(IioException.class, () -> rate.write("fast")).errno(),
                        "a bad value is still named as such");
                assertEquals("1000", rate.read());
                q.disable();
                rate.write("2000");
                assertEquals("2000", rate.read());
                q.enable();
                assertEquals(Errno.EBUSY, assertThrows(IioException.class, () -> loop.write("0")).errno());
            }
            loop.write("0");
            assertEquals("0", loop.read(), "closed: free to change again");
        }
    }

    @Test
    void loopingReplayStartsAgainAndPacedReplayKeepsTheRate() throws Exception {
        SigmfFiles files = counter1000("loop");
        try (Context replay = Context.open("sigmf:" + files.meta() + ",loop=1,sampling_frequency=20000")) {
            Device d = replay.devices().getFirst();
            assertEquals("1", d.requireAttribute(io.jiio.model.AttributeKind.DEVICE, "loop").read());
            try (BlockQueue q = d.openBuffer(d.mask("voltage0"))) {
                q.allocate(4, 2 * 250).forEach(q::enqueue);
                q.enable();
                long t0 = System.nanoTime();
                long n = 0;
                while (n < 2500) { // two and a half times the recording
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    MemorySegment m = q.map(b);
                    for (long i = 0; i < b.bytesUsed() / 2; i++, n++) {
                        assertEquals((short) (n % 1000), m.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2 * i), "scan " + n);
                    }
                    q.enqueue(b);
                }
                assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(100),
                        "2500 scans at 20 kHz take 125 ms: paced");
            }
        }
    }
}
