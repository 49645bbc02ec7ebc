package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriteCommandTest {

    @Test
    void emptyInputIsAnErrorNotASuccess() {
        Cli.Result r = Cli.run(new byte[0], "write", "-u", "sim:sim-dac.sampling_frequency=0", "sim-dac", "voltage0");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("standard input is empty: no samples to play (ENODATA)"), r.stderr());
        r = Cli.run(new byte[0], "write", "-c", "-u", "sim:sim-dac.sampling_frequency=0", "sim-dac", "voltage0");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("standard input is empty"), r.stderr());
    }

    @Test
    void streamsCounterDataToTheDacAndEndsWhenItHasBeenPlayed() {
        byte[] scans = Cli.counterScans(10_000, 2);

        Cli.Result r = Cli.run(scans, "write", "-u", "sim:sim-dac.sampling_frequency=0", "-b", "300", "sim-dac");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
    }

    @Test
    void playsAtTheDeviceRateAndWaitsForTheLastBlock() {
        byte[] scans = Cli.counterScans(2_000, 1);
        long start = System.nanoTime();

        Cli.Result r = Cli.run(scans, "write", "-u", "sim:sim-dac.sampling_frequency=20000", "-b", "500",
                "sim-dac", "voltage1");

        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(ms >= 90, "2000 scans at 20 kHz take 100 ms to play, returned after " + ms + " ms");
    }

    @Test
    void trailingPartialScanIsAnErrorNamingTheBytes() {
        byte[] scans = Arrays.copyOf(Cli.counterScans(100, 2), 100 * 4 + 3);

        Cli.Result r = Cli.run(scans, "write", "-u", "sim:sim-dac.sampling_frequency=0", "sim-dac");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("3 trailing bytes do not make a whole 4-byte scan"), r.stderr());
    }

    @Test
    void unknownChannelFailsWithTheEnginesMessage() {
        Cli.Result r = Cli.run(Cli.counterScans(10, 1), "write", "sim-dac", "voltage7");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("no channel 'voltage7'"), r.stderr());
    }

    @Test
    void inputDevicesCannotBeWritten() {
        Cli.Result r = Cli.run(Cli.counterScans(10, 4), "write", "sim-adc");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("sim-adc has no output channels"), r.stderr());
    }

    @Test
    void cyclicRepeatsUntilStoppedThenSucceeds() throws Exception {
        StopSignal stop = StopSignal.manual();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal t = new Terminal(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Sink.of(Channels.newChannel(new ByteArrayOutputStream())),
                Channels.newChannel(new ByteArrayInputStream(Cli.counterScans(64, 2))), false, false, stop);

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> Jiio.run(t, "write", "-c", "-u", "sim:sim-dac.sampling_frequency=100000", "sim-dac"));
        Thread.sleep(300);
        assertFalse(run.isDone(), () -> "a cyclic write runs until stopped; " + err);
        stop.request();

        assertEquals(ExitCodes.OK, run.get(10, TimeUnit.SECONDS), err::toString);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void cyclicNeedsAtLeastOneWholeScan() {
        Cli.Result empty = Cli.run(new byte[0], "write", "-c", "sim-dac");
        assertEquals(ExitCodes.ERROR, empty.exitCode());
        assertTrue(empty.stderr().contains("standard input is empty"), empty.stderr());

        Cli.Result partial = Cli.run(new byte[5], "write", "-c", "sim-dac");
        assertEquals(ExitCodes.ERROR, partial.exitCode());
        assertTrue(partial.stderr().contains("1 trailing bytes do not make a whole 4-byte scan"), partial.stderr());
    }

    @Test
    void dashSPlaysExactlyThatManyScansOfTheInput() {
        byte[] in = new byte[2 * 1000]; // 1000 scans of voltage0
        Cli.Result r = Cli.run(in, "write", "-u", "sim:sim-dac.sampling_frequency=0", "-s", "300", "-b", "128",
                "--stats", "sim-dac", "voltage0");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains(" 300 scans"), r.stderr());
        assertEquals(ExitCodes.USAGE, Cli.run(in, "write", "-u", "sim:", "-s", "-1", "sim-dac").exitCode());
        Cli.Result p = Cli.run(in, "write", "-u", "sim:sim-dac.sampling_frequency=0", "--progress", "-b", "128",
                "sim-dac", "voltage0");
        assertEquals(ExitCodes.OK, p.exitCode(), p::toString);
        assertTrue(p.stderr().contains("1000 scans"), "the final progress line counts what was played: " + p.stderr());
    }

    /**
     * As iio_writedev -c -b N, the cyclic buffer is N scans of the input: 2001 bytes of stdin end
     * inside a scan, which -c alone refuses, but -b 100 takes only its first 200 bytes.
     */
    @Test
    void cyclicTakesDashBScansOfTheInput() throws Exception {
        byte[] in = new byte[2001];
        Cli.Result all = Cli.run(in, "write", "-u", "sim:sim-dac.sampling_frequency=0", "-c", "sim-dac", "voltage0");
        assertEquals(ExitCodes.ERROR, all.exitCode(), all::toString);
        assertTrue(all.stderr().contains("ends inside a scan"), all.stderr());

        StopSignal stop = StopSignal.manual();
        Thread stopper = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                // stop now
            }
            stop.request();
        });
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Terminal t = new Terminal(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true), new java.io.PrintStream(err, true),
                Sink.of(java.nio.channels.Channels.newChannel(java.io.OutputStream.nullOutputStream())),
                java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(in)), false, false, stop);
        int code = Jiio.run(t, "write", "-u", "sim:sim-dac.sampling_frequency=0", "-c", "-b", "100", "sim-dac", "voltage0");
        stopper.join();
        assertEquals(ExitCodes.OK, code, err.toString());
    }
}
