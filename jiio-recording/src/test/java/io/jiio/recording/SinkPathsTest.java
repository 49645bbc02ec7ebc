package io.jiio.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way of writing the data file gives the same bytes: io_uring with registered buffers,
 * O_DIRECT pwrite, the page cache, and the staging copy for blocks that are not whole pages; the
 * tail that is not a whole page is written exactly (the file's length is the data's).
 */
@Timeout(60)
class SinkPathsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1}-scan blocks")
    @CsvSource({"AUTO, 1024", "O_DIRECT, 1024", "BUFFERED, 1024", "AUTO, 1000", "O_DIRECT, 1000"})
    void everyPathWritesTheCounterExactly(Sinks.Method method, int blockScans) throws Exception {
        long scans = 200_003; // not a whole number of blocks, nor of pages
        SigmfFiles files = SigmfFiles.of(dir.resolve("rec-" + method + "-" + blockScans));
        Recorder.Result r;
        try (Context sim = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0")) {
            Device adc = sim.requireDevice("sim-adc");
            ScanLayout layout = ScanLayout.of(adc, adc.mask("voltage0", "voltage1"));
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"))) {
                List<Block> blocks = q.allocate(8, (long) blockScans * layout.scanBytes());
                List<MemorySegment> memory = blocks.stream().map(q::map).toList();
                blocks.forEach(q::enqueue);
                q.enable();
                try (DataSink sink = Sinks.open(files.data(), 8, memory, method)) {
                    r = Recorder.record(q, adc, layout, scans, sink, files, "test", () -> false, (a, b, c) -> { },
                            10_000);
                }
            }
        }
        assertNull(r.stoppedBy());
        assertEquals(scans, r.scans());
        if (blockScans == 1000 && method != Sinks.Method.BUFFERED) {
            assertTrue(r.copiedBlocks() > 0 || r.writer().contains("O_DIRECT off"),
                    "4000-byte blocks cannot go to O_DIRECT as they are: " + r.writer());
        }
        byte[] data = Files.readAllBytes(files.data());
        assertEquals(scans * 4, data.length, "exact length");
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < scans; i++) {
            if (bb.getShort(4 * i) != (short) i || bb.getShort(4 * i + 2) != (short) (i + 1)) {
                throw new AssertionError("scan " + i + " written wrong by " + r.writer());
            }
        }
        assertEquals(r.writer().split(";")[0], SigmfMeta.read(files.meta()).writer().split(";")[0]);
    }
}
