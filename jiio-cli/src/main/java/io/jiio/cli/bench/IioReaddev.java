package io.jiio.cli.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * libiio's {@code iio_readdev} reading sim-adc from the same jiio server, to /dev/null, timed
 * from outside. Its start (process, connection, context XML) is taken out: a run of one buffer is
 * timed first and its time subtracted, so the rate is that of the streaming part.
 */
public final class IioReaddev {
    /** The tool's name, which also starts its rows' names. */
    public static final String TOOL = "iio_readdev";
    /** The status of its row when the tool is not on PATH. */
    public static final String NOT_INSTALLED = "not installed";
    private static final long SCAN_BYTES = 16; // all five sim-adc channels
    private static final long TIMEOUT_NANOS = 30_000_000_000L;

    private IioReaddev() {
    }

    /** {@return the tool on PATH, or null} */
    public static Path find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, TOOL);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The status of a row whose run took no longer than the tool's own start (a loaded machine, or
     * a duration too short): it ran, but there is no figure to give.
     */
    public static final String UNMEASURED = "unmeasured: the run was no longer than iio_readdev's start "
            + "(a loaded machine; a longer -d helps)";

    /**
     * {@code iio_readdev -u URI -b bufferScans -s …}: a row measured for about {@code durationNanos}.
     * The tool runs several times (its start, a probe, the measured run).
     *
     * @param name          the row's name
     * @param uri           the server's URI
     * @param bufferScans   scans per buffer ({@code -b})
     * @param durationNanos about how long the measured run takes
     * @param rawTcp        raw TCP's rate, kept in the row and bounding the probe's estimate
     * @param beforeRun     called before each of the runs: waits until the server has freed the
     *                      previous client's buffer (one reader per device)
     * @return the row; {@link #NOT_INSTALLED}, {@link #UNMEASURED} or "failed: …" when there is no figure
     */
    public static Rows.Net measure(String name, String uri, long bufferScans, long durationNanos, double rawTcp,
                                   Runnable beforeRun) {
        Path tool = find();
        if (tool == null) {
            return new Rows.Net(name, NOT_INSTALLED, 0, rawTcp);
        }
        try {
            beforeRun.run();
            long startup = run(tool, uri, bufferScans, bufferScans, durationNanos);
            // A first guess of the rate from a run long enough to stand out of the start's noise
            // (at most three tries, 16, 64 and 256 buffers) ...
            long probeScans = bufferScans * 16;
            beforeRun.run();
            long probe = run(tool, uri, bufferScans, probeScans, durationNanos) - startup;
            for (int tries = 1; tries < 3 && probe < startup / 2; tries++) {
                probeScans *= 4;
                beforeRun.run();
                probe = run(tool, uri, bufferScans, probeScans, durationNanos) - startup;
            }
            // ... never above a rate no loopback reader could reach, so a noisy start cannot
            // turn into an hour-long run ...
            double maxScansPerNano = Math.max(4 * rawTcp, 1e9) / SCAN_BYTES / 1e9;
            double scansPerNano = Math.min(maxScansPerNano, (double) (probeScans - bufferScans) / Math.max(1, probe));
            // ... then a run of about the duration.
            long scans = Math.max(probeScans, (long) (scansPerNano * durationNanos) / bufferScans * bufferScans);
            beforeRun.run();
            long nanos = run(tool, uri, bufferScans, scans, durationNanos) - startup;
            if (nanos <= 0) {
                return new Rows.Net(name, UNMEASURED, 0, rawTcp);
            }
            return new Rows.Net(name, Rows.Net.OK, (scans - bufferScans) * SCAN_BYTES * 1e9 / nanos, rawTcp);
        } catch (IOException e) {
            return new Rows.Net(name, "failed: " + e.getMessage(), 0, rawTcp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Rows.Net(name, "failed: interrupted", 0, rawTcp);
        }
    }

    /** One run; returns its wall-clock nanoseconds. It may take 20 durations, and at least 30 s, before it is killed. */
    private static long run(Path tool, String uri, long bufferScans, long scans, long durationNanos)
            throws IOException, InterruptedException {
        long timeoutNanos = Math.max(TIMEOUT_NANOS, 20 * durationNanos);
        ProcessBuilder pb = new ProcessBuilder(List.of(tool.toString(), "-u", uri, "-b", Long.toString(bufferScans),
                "-s", Long.toString(scans), "sim-adc"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeoutNanos, TimeUnit.NANOSECONDS)) {
            p.destroyForcibly();
            throw new IOException(TOOL + " did not finish within " + timeoutNanos / 1_000_000_000 + " s");
        }
        long t = System.nanoTime() - t0;
        String err;
        try (var stderr = p.getErrorStream()) {
            err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (p.exitValue() != 0) {
            throw new IOException(TOOL + " exited with " + p.exitValue() + (err.isEmpty() ? "" : ": " + err));
        }
        return t;
    }
}
