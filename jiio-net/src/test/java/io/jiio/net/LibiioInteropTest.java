package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jiio.model.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real clients: libiio 0.24's own tools against this server. Skipped only where the tools are
 * not installed (CI installs libiio-utils).
 */
@Timeout(120)
class LibiioInteropTest {
    private static final Path IIO_INFO = Path.of("/usr/bin/iio_info");

    @TempDir
    Path tmp;

    @BeforeAll
    static void toolsPresent() {
        assumeTrue(Files.isExecutable(IIO_INFO), "libiio 0.24 tools not installed (/usr/bin/iio_info absent): "
                + "skipping the interop tests with the real clients; install libiio-utils to run them");
    }

    record Result(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private Result run(Path stdin, String... cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".bin");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s; stderr: "
                    + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    private static String uri(IiodServer s) {
        return "ip:127.0.0.1:" + s.port();
    }

    private static IiodServer serve(Context ctx) {
        return IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
    }

    @Test
    void iioInfoListsTheDevicesWithAttributeValues() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter"); IiodServer s = serve(ctx)) {
            Result r = run(null, "iio_info", "-u", uri(s));
            assertEquals(0, r.exit(), r.err());
            String t = r.text();
            assertTrue(t.contains("IIO context created with network backend."), t);
            assertTrue(t.contains("iio:device0: sim-adc (buffer capable)"), t);
            assertTrue(t.contains("iio:device1: sim-dac (buffer capable)"), t);
            assertTrue(t.contains("trigger0: sim-trigger"), t);
            assertTrue(t.contains("voltage0:  (input, index: 0, format: le:S16/16>>0)"), t);
            assertTrue(t.contains("timestamp:  (input, index: 4, format: le:S64/64>>0)"), t);
            assertTrue(t.contains("attr  1: waveform value: counter"), t);
            assertTrue(t.contains("attr  1: scale value: 0.152587890625"), t);
            assertTrue(t.contains("debug attr  0: direct_reg_access value: 0xADC0"), t);
            assertTrue(!t.contains("ERROR"), t);
        }
    }

    @Test
    void iioAttrReadsAndWritesDeviceAndChannelAttributes() throws Exception {
        try (Context ctx = Context.open("sim:"); IiodServer s = serve(ctx)) {
            String u = uri(s);
            assertEquals("1000", run(null, "iio_attr", "-u", u, "-d", "sim-adc", "waveform_period").text().trim());
            Result w = run(null, "iio_attr", "-u", u, "-d", "sim-adc", "waveform_period", "2500");
            assertEquals(0, w.exit(), w.err());
            assertEquals("2500", ctx.requireDevice("sim-adc").requireAttribute(
                    io.jiio.model.AttributeKind.DEVICE, "waveform_period").read());
            w = run(null, "iio_attr", "-u", u, "-c", "sim-adc", "voltage1", "scale", "0.25");
            assertEquals(0, w.exit(), w.err());
            assertEquals("0.25", run(null, "iio_attr", "-u", u, "-c", "sim-adc", "voltage1", "scale").text().trim());
            w = run(null, "iio_attr", "-u", u, "-o", "-c", "sim-dac", "voltage0", "raw", "-123");
            assertEquals(0, w.exit(), w.err());
            assertEquals("-123", run(null, "iio_attr", "-u", u, "-o", "-c", "sim-dac", "voltage0", "raw").text().trim());
            assertEquals("1024", run(null, "iio_attr", "-u", u, "-B", "sim-adc", "length").text().trim());
            assertEquals("0xADC0", run(null, "iio_attr", "-u", u, "-D", "sim-adc", "direct_reg_access").text().trim());
            Result bad = run(null, "iio_attr", "-u", u, "-d", "sim-adc", "waveform", "bogus");
            assertTrue(bad.exit() != 0 && (bad.err() + bad.text()).contains("Invalid argument (22)"), bad.err() + bad.text());
        }
    }

    @Test
    void iioReaddevGetsEveryCounterScanExactly() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0");
             IiodServer s = serve(ctx)) {
            Result r = run(null, "iio_readdev", "-u", uri(s), "-b", "4096", "-s", "1000000",
                    "sim-adc", "voltage0", "voltage1");
            assertEquals(0, r.exit(), r.err());
            assertEquals(4_000_000, r.out().length);
            ByteBuffer b = ByteBuffer.wrap(r.out()).order(ByteOrder.LITTLE_ENDIAN);
            for (int n = 0; n < 1_000_000; n++) {
                int v0 = b.getShort() & 0xFFFF;
                int v1 = b.getShort() & 0xFFFF;
                if (v0 != (n & 0xFFFF) || v1 != ((n + 1) & 0xFFFF)) {
                    throw new AssertionError("scan " + n + ": (" + v0 + ", " + v1 + ")");
                }
            }
            // The buffer is free again: a second run starts from its own first scan.
            Result again = run(null, "iio_readdev", "-u", uri(s), "-b", "256", "-s", "256", "sim-adc", "voltage0");
            assertEquals(0, again.exit(), again.err());
            assertEquals(512, again.out().length);
        }
    }

    @Test
    void iioWritedevToTheDacShowsUpOnTheLoopbackAdc() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0");
             IiodServer s = serve(ctx)) {
            int scans = 40960;
            ByteBuffer tx = ByteBuffer.allocate(scans * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int n = 0; n < scans; n++) {
                tx.putShort((short) (3 * n)).putShort((short) (65535 - n));
            }
            Path in = tmp.resolve("tx.bin");
            Files.write(in, tx.array());
            CompletableFuture<Result> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return run(null, "iio_readdev", "-u", uri(s), "-b", "4096", "-s", Integer.toString(scans),
                            "sim-adc", "voltage0", "voltage1");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            awaitCapture(s);
            Result w = run(in, "iio_writedev", "-u", uri(s), "-b", "4096", "-s", Integer.toString(scans),
                    "sim-dac", "voltage0", "voltage1");
            assertEquals(0, w.exit(), w.err());
            Result r = reader.get(60, TimeUnit.SECONDS);
            assertEquals(0, r.exit(), r.err());
            assertEquals(scans * 4, r.out().length);
            assertTrue(java.util.Arrays.equals(tx.array(), r.out()), "the ADC saw what the DAC played");
        }
    }

    /** Waits until the reader's buffer is streaming (the loopback ADC only sees what plays after that). */
    private static void awaitCapture(IiodServer s) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        try (TestClient c = new TestClient(s)) {
            while (!"1".equals(c.read("sim-adc BUFFER enable"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("iio_readdev never opened sim-adc");
                }
                Thread.sleep(20);
            }
        }
    }

    /** Starts {@code iio_readdev} in the background, writing to a file. */
    private Process start(Path out, Path err, String... cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private Result stopAndCollect(Process p, Path out, Path err) throws Exception {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("iio_readdev did not stop; stderr: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    /**
     * Checks a run's channels (voltage positions in {@code channels}, S16 each, counter waveform):
     * every scan consistent, consecutive scans consecutive, except at most {@code restarts} restarts
     * at 0 (the capture reopened for a larger union). Returns the number of scans checked.
     */
    private static long checkCounter(byte[] data, int[] channels, Long first, int restarts) {
        int width = channels.length * 2;
        ByteBuffer b = ByteBuffer.wrap(data, 0, data.length / width * width).order(ByteOrder.LITTLE_ENDIAN);
        long n = first == null ? -1 : first;
        int seen = 0;
        long scans = 0;
        while (b.hasRemaining()) {
            short v0 = b.getShort();
            if (n < 0) {
                n = (v0 - channels[0]) & 0xFFFF;
            }
            if (v0 != (short) (n + channels[0]) && v0 == (short) channels[0] && seen < restarts) {
                seen++;
                n = 0;
            }
            if (v0 != (short) (n + channels[0])) {
                throw new AssertionError("scan " + scans + ": channel " + channels[0] + " is " + v0 + ", expected "
                        + (short) (n + channels[0]));
            }
            for (int k = 1; k < channels.length; k++) {
                short v = b.getShort();
                if (v != (short) (n + channels[k])) {
                    throw new AssertionError("scan " + scans + ": channel " + channels[k] + " is " + v);
                }
            }
            n++;
            scans++;
        }
        return scans;
    }

    private static IiodServer serveShared(Context ctx) {
        return IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0,
                ServerConfig.defaults());
    }

    @Test
    void twoIioReaddevShareACaptureEachGettingItsChannels() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0");
             IiodServer s = serveShared(ctx)) {
            Path out1 = tmp.resolve("first.bin");
            Path err1 = tmp.resolve("first.err");
            Process first = start(out1, err1, "iio_readdev", "-u", uri(s), "-b", "4096", "-s", "0",
                    "sim-adc", "voltage0", "voltage1");
            try {
                awaitCapture(s);
                Result second = run(null, "iio_readdev", "-u", uri(s), "-b", "1000", "-s", "200000",
                        "sim-adc", "voltage1");
                assertEquals(0, second.exit(), second.err());
                assertEquals(400_000, second.out().length);
                assertEquals(200_000, checkCounter(second.out(), new int[] {1}, null, 0));
                assertTrue(first.isAlive(), "the first reader streamed all along: " + Files.readString(err1));
            } finally {
                Result r = stopAndCollect(first, out1, err1);
                assertTrue(checkCounter(r.out(), new int[] {0, 1}, 0L, 0) >= 200_000, "first reader's scans");
            }
        }
    }

    @Test
    void aSecondIioReaddevWithOtherChannelsGrowsTheSharedCapture() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0");
             IiodServer s = serveShared(ctx)) {
            Path out1 = tmp.resolve("first.bin");
            Path err1 = tmp.resolve("first.err");
            Process first = start(out1, err1, "iio_readdev", "-u", uri(s), "-b", "4096", "-s", "0",
                    "sim-adc", "voltage0");
            try {
                awaitCapture(s);
                Result second = run(null, "iio_readdev", "-u", uri(s), "-b", "2048", "-s", "300000",
                        "sim-adc", "voltage2", "voltage3");
                assertEquals(0, second.exit(), second.err());
                // The buffer holds more channels than iio_readdev asked for, so it demuxes, and
                // libiio 0.24's iio_readdev then counts -s in channel samples, not scans.
                assertEquals(600_000, second.out().length);
                assertEquals(150_000, checkCounter(second.out(), new int[] {2, 3}, 0L, 0));
                assertTrue(first.isAlive(), "the first reader streamed all along: " + Files.readString(err1));
            } finally {
                Result r = stopAndCollect(first, out1, err1);
                assertTrue(checkCounter(r.out(), new int[] {0}, 0L, 1) >= 150_000, "first reader's scans");
            }
        }
    }

    @SuppressWarnings("unused")
    private static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n")));
    }
}
