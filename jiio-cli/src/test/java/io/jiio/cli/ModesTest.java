package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.Stream;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --mode block|dmabuf|fileio} for read and write: same bytes, every mode. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModesTest {
    static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final Pattern BLOCK_LINE = Pattern.compile(
            "block (\\d+): id (\\d+|-), timestamp (\\d+) ns, (\\d+) scans, first scan (\\d+), lost before (\\d+)");

    @Test
    void everyModeCapturesTheSameBytes() {
        // odd block size, a scan count that ends inside a block, and more than a million scans
        int scans = 1_000_003;
        Map<Mode, byte[]> out = new EnumMap<>(Mode.class);
        for (Mode m : Mode.values()) {
            Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "--mode", m.label(), "-b", "777", "--blocks", "3",
                    "-s", Integer.toString(scans), "sim-adc", "voltage0", "voltage1", "voltage2", "voltage3");
            assertEquals(ExitCodes.OK, r.exitCode(), () -> m + ": " + r);
            assertEquals("", r.stderr(), m + ": nothing to report");
            out.put(m, r.stdoutBytes());
        }
        byte[] block = out.get(Mode.BLOCK);
        assertEquals(scans * 8L, block.length);
        assertCounter(new Cli.Result(0, block, "").samples(), scans, 4);
        assertArrayEquals(block, out.get(Mode.DMABUF), "dmabuf writes exactly what block writes");
        assertArrayEquals(block, out.get(Mode.FILEIO), "fileio writes exactly what block writes");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void statsPrintALinePerBlockAndASummary(Mode m) {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "--mode", m.label(), "--stats", "-b", "100",
                "-s", "1050", "sim-adc", "voltage1");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(2100, r.stdoutBytes().length);
        List<String> lines = r.stderr().lines().toList();
        assertEquals(12, lines.size(), r.stderr());
        long total = 0;
        long lastTs = 0;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Matcher x = BLOCK_LINE.matcher(lines.get(i));
            assertTrue(x.matches(), "line " + i + ": " + lines.get(i));
            assertEquals(i, Integer.parseInt(x.group(1)), "blocks are numbered in capture order");
            ids.add(x.group(2));
            long ts = Long.parseLong(x.group(3));
            assertTrue(ts > 0 && ts >= lastTs, "timestamps go forward: " + lines.get(i));
            lastTs = ts;
            long scans = Long.parseLong(x.group(4));
            assertEquals(i < 10 ? 100 : 50, scans, "the last block is cut to -s");
            assertEquals(total, Long.parseLong(x.group(5)), "unthrottled: no gaps, each block starts where the last ended");
            total += scans;
            assertEquals("0", x.group(6));
        }
        assertEquals(1050, total);
        if (m == Mode.FILEIO) {
            assertEquals(List.of("-"), ids.stream().distinct().toList(), "fileio has no block ids");
        } else {
            assertEquals(List.of("0", "1", "2", "3", "0", "1", "2", "3", "0", "1", "2"), ids, "round robin over --blocks 4");
        }
        assertEquals("jiio read: mode " + m.label() + ", 11 blocks, 1050 scans, 2100 bytes, 0 scans lost in 0 gaps",
                lines.get(11));
    }

    @Test
    void statsPlaceEveryLossOnTheBlockAfterIt() {
        Cli.Result r = Cli.run("read", "-u", "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=1000000",
                "--stats", "--allow-loss", "-b", "64", "--blocks", "1", "-s", "640", "sim-adc", "voltage0");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        List<String> lines = r.stderr().lines().toList();
        long next = 0;
        long lost = 0;
        long gaps = 0;
        for (int i = 0; i < 10; i++) {
            Matcher x = BLOCK_LINE.matcher(lines.get(i));
            assertTrue(x.matches(), lines.get(i));
            long first = Long.parseLong(x.group(5));
            long before = Long.parseLong(x.group(6));
            assertEquals(next + before, first, "a block starts after the previous one and the scans lost between");
            lost += before;
            gaps += before > 0 ? 1 : 0;
            next = first + Long.parseLong(x.group(4));
        }
        assertEquals("jiio read: mode block, 10 blocks, 640 scans, 1280 bytes, " + lost + " scans lost in " + gaps
                + (gaps == 1 ? " gap" : " gaps"), lines.get(10));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void progressLineNamesTheMode(Mode m) {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "--mode", m.label(), "--progress", "-s", "5000",
                "sim-adc", "voltage0");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("\r[" + m.label() + "] 5000 scans in "), r.stderr());
    }

    @Test
    void progressAndStatsDoNotMixOnOneLine() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "--progress", "--stats", "-b", "1000", "-s", "200000",
                "sim-adc", "voltage0");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        for (String line : r.stderr().split("\\R")) {
            String shown = line.substring(line.lastIndexOf('\r') + 1).strip();
            assertTrue(shown.isEmpty() || shown.startsWith("block ") || shown.startsWith("[block] ")
                    || shown.startsWith("jiio read: mode block"), "a line of one kind only: " + line);
        }
    }

    @Test
    void modeNamesAreCaseInsensitiveAndUnknownOnesAreUsageErrors() {
        assertEquals(ExitCodes.OK, Cli.run("read", "-u", Cli.COUNTER, "--mode", "DmaBuf", "-s", "10", "sim-adc").exitCode());
        Cli.Result r = Cli.run("read", "--mode", "mmap", "-s", "10", "sim-adc");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("--mode mmap: not a mode: block, dmabuf or fileio"), r.stderr());
    }

    @Test
    void fileIoBlocksOverTheLimitAreAUsageError() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "--mode", "fileio", "--blocks", "64", "-b", "200000000",
                "sim-adc", "voltage0");

        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("--mode fileio"), r.stderr());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void timeoutEndsWithExitThreeInEveryMode(Mode m) {
        Cli.Result r = Cli.run("read", "-u", "sim:sim-adc.sampling_frequency=1", "--mode", m.label(), "-b", "256",
                "-T", "50", "-s", "256", "sim-adc", "voltage0");

        assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("no block completed within 50 ms (-T)"), r.stderr());
    }

    // ================================================================== write

    @ParameterizedTest
    @EnumSource(Mode.class)
    void writeStreamsToTheDacInEveryMode(Mode m) {
        Cli.Result r = Cli.run(Cli.counterScans(10_000, 2), "write", "-u", "sim:sim-dac.sampling_frequency=0",
                "--mode", m.label(), "-b", "300", "sim-dac");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void writeWaitsForTheLastBlockInEveryMode(Mode m) {
        long start = System.nanoTime();
        Cli.Result r = Cli.run(Cli.counterScans(2_000, 1), "write", "-u", "sim:sim-dac.sampling_frequency=20000",
                "--mode", m.label(), "-b", "500", "sim-dac", "voltage1");

        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(ms >= 90, "2000 scans at 20 kHz take 100 ms to play, returned after " + ms + " ms");
        assertEquals("", r.stderr(), "no underrun: the device starts with its blocks queued");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void writeRejectsATrailingPartialScanInEveryMode(Mode m) {
        byte[] scans = java.util.Arrays.copyOf(Cli.counterScans(1000, 2), 1000 * 4 + 3);

        Cli.Result r = Cli.run(scans, "write", "-u", "sim:sim-dac.sampling_frequency=0", "--mode", m.label(),
                "-b", "64", "sim-dac");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("3 trailing bytes do not make a whole 4-byte scan"), r.stderr());
    }

    /**
     * Each mode's playback, driven the way {@code jiio write} drives it, into the DAC with the ADC
     * listening on the loopback: every scan arrives, in order.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyModePlaysEveryScanIntoTheLoopback(Mode m) throws Exception {
        int total = 300 * 251;          // whole ADC blocks of 251 scans
        try (Context ctx = Context.open("sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            Device dac = ctx.requireDevice("sim-dac");
            StreamOptions options = new StreamOptions();
            options.blocks = 3;
            options.bufferScans = 299;
            options.mode = m;
            try (BlockQueue in = adc.openBuffer(adc.mask("voltage0", "voltage1"));
                 BlockQueue out = dac.openBuffer(0, dac.mask(), options.config(4, options.blockBytes(4)))) {
                CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                    int n = 0;
                    try (Stream s = Stream.ofBlocks(in, 4, 4 * 251)) {
                        while (n < total) {
                            MemorySegment seg = s.next(10, TimeUnit.SECONDS).segment();
                            for (long off = 0; off < seg.byteSize(); off += 4, n++) {
                                if (seg.get(LE16, off) != (short) n || seg.get(LE16, off + 2) != (short) (n + 1)) {
                                    throw new AssertionError(m + ": scan " + n + " is " + seg.get(LE16, off)
                                            + ", " + seg.get(LE16, off + 2));
                                }
                            }
                        }
                    }
                    return n;
                });
                while (!in.isEnabled()) {
                    Thread.onSpinWait();
                }
                byte[] data = Cli.counterScans(total, 2);
                try (Playback p = m.openPlayback(out, options, options.blockBytes(4))) {
                    int sent = 0;
                    while (sent < data.length) {
                        while (!p.poll(TimeUnit.MILLISECONDS.toNanos(100))) {
                            Thread.onSpinWait();
                        }
                        MemorySegment room = p.room();
                        int n = (int) Math.min(room.byteSize(), data.length - sent);
                        MemorySegment.copy(MemorySegment.ofArray(data), sent, room, 0, n);
                        p.submit(n);
                        sent += n;
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!p.drain(TimeUnit.MILLISECONDS.toNanos(100))) {
                        assertTrue(System.nanoTime() < deadline, m + ": drain did not finish");
                    }
                }
                assertEquals(total, reader.get(20, TimeUnit.SECONDS));
                assertEquals(0, in.stats().overruns());
            }
        }
    }

    /** Asserts that scan n holds (n + k) mod 2^16 in its k-th int16 for every scan. */
    static void assertCounter(ShortBuffer s, int scans, int channels) {
        assertEquals(scans * channels, s.remaining());
        for (int n = 0; n < scans; n++) {
            for (int k = 0; k < channels; k++) {
                short got = s.get(n * channels + k);
                if (got != (short) (n + k)) {
                    assertEquals((short) (n + k), got, "sample " + k + " of scan " + n);
                }
            }
        }
    }
}
