package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * bin/jiio as users run it: a separate process whose stdout is a real pipe, so the FileChannel
 * path, the exit status and the signal handling are the real ones. Runs after {@code package}
 * (failsafe), on the jar Maven just built.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JiioLauncherIT {
    private static Path launcher;

    @BeforeAll
    static void findLauncher() throws Exception {
        launcher = Launcher.prepared();
        assumeTrue(launcher != null, "bin/jiio not found above " + Path.of("").toAbsolutePath());
    }

    /** Linked onto PATH from elsewhere, bin/jiio still finds its jar (it resolves its own symlink). */
    @Test
    void worksThroughASymlinkFromAnotherDirectory() throws Exception {
        Path dir = Files.createTempDirectory("jiio-path");
        Path link = Files.createSymbolicLink(dir.resolve("jiio"), launcher);
        try {
            ProcessBuilder pb = new ProcessBuilder(link.toString(), "info", "-u", "sim:").directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("JIIO_NO_BUILD", "1");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(ExitCodes.OK, finish(p), () -> stderr(p));
            assertTrue(out.contains("sim-adc"), out);
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void readsExactlyTheScansAskedFor() throws Exception {
        Process p = start("read", "-u", Cli.COUNTER, "-s", "1000", "sim-adc", "voltage0", "voltage1");
        byte[] out = p.getInputStream().readAllBytes();

        assertEquals(ExitCodes.OK, finish(p), () -> stderr(p));
        assertEquals(4000, out.length);
        ShortBuffer s = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        for (int n = 0; n < 1000; n++) {
            assertEquals((short) n, s.get(2 * n), "voltage0 of scan " + n);
            assertEquals((short) (n + 1), s.get(2 * n + 1), "voltage1 of scan " + n);
        }
    }

    @Test
    void readerClosingStdoutEndsTheCaptureQuietly() throws Exception {
        Process p = start("read", "-u", Cli.COUNTER, "sim-adc");
        InputStream out = p.getInputStream();
        assertEquals(100_000, out.readNBytes(100_000).length);
        out.close();

        assertEquals(ExitCodes.OK, finish(p), () -> stderr(p));
        assertEquals("", stderr(p));
    }

    /**
     * Repeated because the failure it guards against was a race: Process.destroy() also closes the
     * pipe, so the capture may end by itself (EPIPE) just as the SIGTERM's shutdown begins; the
     * stop hook must still be there to exit with the command's status (it failed ~1 run in 10).
     */
    @RepeatedTest(10)
    void sigtermStopsAnEndlessCaptureWithSuccess() throws Exception {
        Process p = start("read", "-u", "sim:sim-adc.sampling_frequency=100000", "sim-adc", "voltage0");
        assertEquals(1024, p.getInputStream().readNBytes(1024).length);
        p.destroy();

        assertEquals(ExitCodes.OK, finish(p), () -> stderr(p));
    }

    @Test
    void errorsGoToStderrWithTheirExitCode() throws Exception {
        Process p = start("read", "-s", "10", "no-such-adc");

        assertEquals(ExitCodes.ERROR, finish(p));
        assertEquals(0, p.getInputStream().readAllBytes().length);
        String err = stderr(p);
        assertTrue(err.startsWith("jiio read: no device 'no-such-adc'"), err);
    }

    /**
     * One block of one scan at 1 MHz: no process gives a block back within the microsecond before
     * the next sample, so this capture loses for certain, and what it says must match its data —
     * the gaps measured with the timestamp channel (each scan's own time, 1000 ns apart), exact
     * however long a gap is.
     */
    @Test
    void lossIsExitFourWithASummaryThatMatchesTheData() throws Exception {
        int scans = 5000;
        for (boolean allow : new boolean[] {false, true}) {
            List<String> args = new ArrayList<>(List.of("read", "-u", "sim:sim-adc.waveform=counter", "-b", "1",
                    "--blocks", "1", "-s", Integer.toString(scans)));
            if (allow) {
                args.add("--allow-loss");
            }
            args.addAll(List.of("sim-adc", "voltage0", "timestamp"));
            Process p = start(args.toArray(String[]::new));
            byte[] out = p.getInputStream().readAllBytes();

            assertEquals(allow ? ExitCodes.OK : ExitCodes.DATA_LOST, finish(p));
            String err = stderr(p);
            Matcher m = Pattern.compile("jiio read: (\\d+) scans lost in (\\d+) gaps? \\(first at scan (\\d+), output byte "
                    + "(\\d+)\\); the data has gaps\\R").matcher(err);
            assertTrue(m.matches(), err);
            assertEquals(scans * 16L, out.length, "exactly -s scans of 16 bytes (int16, padding, int64), gaps or not");
            ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            long lost = 0;
            long gaps = 0;
            long firstGapByte = -1;
            for (int n = 1; n < scans; n++) {
                long jump = (b.getLong(16 * n + 8) - b.getLong(16 * (n - 1) + 8)) / 1000 - 1;
                assertEquals((short) (b.getShort(16 * (n - 1)) + jump + 1), b.getShort(16 * n), "the counter agrees");
                if (jump > 0) {
                    firstGapByte = gaps == 0 ? 16L * n : firstGapByte;
                    gaps++;
                    lost += jump;
                }
            }
            assertEquals(lost, Long.parseLong(m.group(1)), "scans lost: the timestamps' jumps");
            assertEquals(gaps, Long.parseLong(m.group(2)), "gaps: where the timestamps jump");
            assertEquals(firstGapByte, Long.parseLong(m.group(4)));
            assertEquals(firstGapByte / 16, Long.parseLong(m.group(3)), "the first lost scan follows the scans out before it");
        }
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JIIO_NO_BUILD", "1");
        return pb.start();
    }

    private static int finish(Process p) throws InterruptedException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/jiio did not end within 60 s");
        }
        return p.exitValue();
    }

    private static String stderr(Process p) {
        try {
            return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }
}
