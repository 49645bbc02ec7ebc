package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jiio record to SigMF, and the recording read back through sigmf: by jiio read. */
@Timeout(60)
class RecordCommandTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingReadsBackAsTheSameScans() throws Exception {
        Path base = dir.resolve("rec");
        Cli.Result r = Cli.run("record", "-u", Cli.COUNTER, "-s", "100000", "-o", base.toString(), "--stats",
                "sim-adc", "voltage0", "voltage1");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("jiio record: 100000 scans (400000 bytes)"), r.stderr());
        assertEquals(400_000, Files.size(dir.resolve("rec.sigmf-data")));
        Cli.Result back = Cli.run("read", "-u", "sigmf:" + dir.resolve("rec.sigmf-meta") + ",sampling_frequency=0",
                "sim-adc", "voltage0", "voltage1");
        assertEquals(ExitCodes.OK, back.exitCode(), back::toString); // read to the end of the recording
        java.nio.ShortBuffer s = back.samples();
        assertEquals(200_000, s.remaining());
        for (int n = 0; n < 100_000; n++) {
            assertEquals((short) n, s.get(2 * n));
            assertEquals((short) (n + 1), s.get(2 * n + 1));
        }
    }

    @Test
    void badTargetsAndScansSigmfCannotHoldAreClearErrors() {
        Cli.Result r = Cli.run("record", "-u", Cli.COUNTER, "-s", "10", "-o", dir.resolve("no/such/dir/rec").toString(),
                "sim-adc", "voltage0");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("no such directory"), r.stderr());
        r = Cli.run("record", "-u", Cli.COUNTER, "-s", "10", "-o", dir.resolve("ts").toString(), "sim-adc", "voltage0",
                "timestamp");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("one sample type"), r.stderr());
        r = Cli.run("read", "-u", "sigmf:" + dir.resolve("missing"), "-s", "10", "sim-adc");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("missing.sigmf-meta"), r.stderr());
    }

    @Test
    void aRecordingPlaysOnADacAndAMismatchIsRefused() {
        Path base = dir.resolve("play");
        Cli.Result r = Cli.run("record", "-u", Cli.COUNTER, "-s", "50000", "-o", base.toString(), "sim-adc",
                "voltage0", "voltage1");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        Cli.Result w = Cli.run("write", "-u", "sim:sim-dac.sampling_frequency=0", "--from", base + ".sigmf-meta",
                "--stats", "sim-dac", "voltage0", "voltage1");
        assertEquals(ExitCodes.OK, w.exitCode(), w::toString);
        assertTrue(w.stderr().contains("50000 scans"), w.stderr());
        Cli.Result bad = Cli.run("write", "-u", "sim:sim-dac.sampling_frequency=0", "--from", base.toString(),
                "sim-dac", "voltage0");
        assertEquals(ExitCodes.ERROR, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("holds 2 channel(s) of ri16_le"), bad.stderr());
    }

    /** A recording served by jiio serve is read by libiio 0.24's own iio_readdev, byte for byte. */
    @Test
    void libiiosIioReaddevReadsARecordingThroughJiioServe() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/iio_readdev")),
                "libiio-utils not installed: no iio_readdev to read the recording with");
        Path base = dir.resolve("served");
        Cli.Result r = Cli.run("record", "-u", Cli.COUNTER, "-s", "100000", "-o", base.toString(), "sim-adc",
                "voltage0", "voltage1");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        try (io.jiio.model.Context rec = io.jiio.model.Context.open("sigmf:" + base + ",sampling_frequency=0");
             io.jiio.net.IiodServer server = io.jiio.net.IiodServer.start(rec,
                     java.net.InetAddress.getLoopbackAddress(), 0, io.jiio.net.ServerConfig.defaults())) {
            Path out = dir.resolve("readdev.bin");
            Process p = new ProcessBuilder("iio_readdev", "-u", "ip:127.0.0.1:" + server.port(), "-b", "1000", "-s",
                    "100000", "sim-adc", "voltage0", "voltage1").redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "iio_readdev finished");
            assertEquals(0, p.exitValue());
            byte[] recorded = Files.readAllBytes(dir.resolve("served.sigmf-data"));
            byte[] got = Files.readAllBytes(out);
            assertEquals(-1, java.util.Arrays.mismatch(recorded, got), "iio_readdev got the recorded bytes: "
                    + recorded.length + " recorded, " + got.length + " read");
        }
    }

    /**
     * The end of a served recording reaches a text-protocol reader only after its last blocks: a
     * READBUF once the replay had ended used to answer ENODATA with up to the queue's blocks still
     * unsent (lost 1 run in 2 here). Several runs, because it was a race.
     */
    @Test
    void aServedRecordingsLastBlocksComeBeforeItsEnd() throws Exception {
        Path base = dir.resolve("tail");
        Cli.Result r = Cli.run("record", "-u", Cli.COUNTER, "-s", "100000", "-o", base.toString(), "sim-adc",
                "voltage0", "voltage1");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        byte[] recorded = Files.readAllBytes(dir.resolve("tail.sigmf-data"));
        try (io.jiio.model.Context rec = io.jiio.model.Context.open("sigmf:" + base + ",sampling_frequency=0");
             io.jiio.net.IiodServer server = io.jiio.net.IiodServer.start(rec,
                     java.net.InetAddress.getLoopbackAddress(), 0, io.jiio.net.ServerConfig.defaults())) {
            for (int run = 0; run < 8; run++) {
                Cli.Result read = Cli.run("read", "-u", "ip:127.0.0.1:" + server.port() + ",protocol=text", "-b",
                        "1000", "-s", "100000", "sim-adc", "voltage0", "voltage1");
                assertEquals(ExitCodes.OK, read.exitCode(), "run " + run + ": " + read);
                assertEquals(-1, java.util.Arrays.mismatch(recorded, read.stdoutBytes()), "run " + run + ": "
                        + read.stdoutBytes().length + " of " + recorded.length + " bytes");
            }
        }
    }
}
