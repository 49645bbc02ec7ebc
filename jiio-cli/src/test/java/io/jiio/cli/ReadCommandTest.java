package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadCommandTest {
    @Test
    void csvAndScaledTextShowTheScansAsNumbers() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-s", "3", "--format", "csv", "sim-adc", "voltage0",
                "voltage1");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("voltage0,voltage1\n0,1\n1,2\n2,3\n", r.stdout());
        r = Cli.run("read", "-u", Cli.COUNTER + ",sim-adc.voltage0.scale=0.5", "-s", "2", "--format", "text",
                "--scaled", "sim-adc", "voltage0");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("voltage0 (mV)\n0.00000\n0.500000\n", r.stdout());
    }

    @Test
    void dashTSetsTheTriggerAndAnUnknownOneListsTheTriggers() {
        Cli.Result r = Cli.run("read", "-u", "sim:sim-adc.waveform=counter,sim-trigger.sampling_frequency=100000",
                "-t", "sim-trigger", "-s", "1000", "sim-adc", "voltage0");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(1000, r.samples().remaining());
        r = Cli.run("read", "-u", "sim:", "-t", "nosuch", "-s", "10", "sim-adc", "voltage0");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("-t nosuch: no such trigger; this context has: sim-trigger (trigger0)"),
                r.stderr());
    }


    @Test
    void millionScansOfTwoChannelsComeOutExactlyAndInOrder() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-s", "1000000", "sim-adc", "voltage0", "voltage1");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(4_000_000, r.stdoutBytes().length);
        assertCounter(r.samples(), 1_000_000, 2);
        assertEquals("", r.stderr());
    }

    @Test
    void aChannelNamedTwiceIsAnError() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-s", "2", "sim-adc", "voltage0", "voltage1", "voltage0");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("is named twice ('voltage0')"), r.stderr());
        assertEquals(0, r.stdoutBytes().length);
    }

    @Test
    void everyWaitStrategyDeliversTheCounterWhole() {
        for (String wait : java.util.List.of("blocking", "spin-then-park", "yielding", "busy-spin")) {
            Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "--wait", wait, "-b", "64", "-s", "100000", "sim-adc",
                    "voltage0", "voltage1");
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertCounter(r.samples(), 100_000, 2);
        }
        Cli.Result bad = Cli.run("read", "-u", Cli.COUNTER, "--wait", "eager", "-s", "1", "sim-adc", "voltage0");
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("unknown wait strategy 'eager' (blocking, spin-then-park, yielding, busy-spin)"),
                bad.stderr());
    }

    @Test
    void scanCountThatIsNotAMultipleOfTheBlockIsCutExactly() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-b", "256", "-s", "1000", "sim-adc", "voltage0", "voltage1");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(1000 * 4, r.stdoutBytes().length);
        assertCounter(r.samples(), 1000, 2);
    }

    @Test
    void scanCountSmallerThanOneBlock() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-b", "256", "-s", "100", "--blocks", "1", "sim-adc", "voltage2");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals(100 * 2, r.stdoutBytes().length);
        ShortBuffer s = r.samples();
        for (int n = 0; n < 100; n++) {
            assertEquals((short) (n + 2), s.get(n), "scan " + n);
        }
    }

    @Test
    void channelsComeOutInScanIndexOrderWhateverTheCommandLineOrder() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-b", "7", "-s", "50", "sim-adc", "voltage3", "voltage1");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        ShortBuffer s = r.samples();
        assertEquals(100, s.remaining());
        for (int n = 0; n < 50; n++) {
            assertEquals((short) (n + 1), s.get(2 * n), "voltage1 of scan " + n);
            assertEquals((short) (n + 3), s.get(2 * n + 1), "voltage3 of scan " + n);
        }
    }

    @Test
    void noChannelsMeansEveryScanElementWithTheTimestampAligned() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-s", "10", "sim-adc");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        // four int16 samples, then the int64 timestamp at offset 8: 16 bytes per scan
        assertEquals(10 * 16, r.stdoutBytes().length);
        ShortBuffer s = r.samples();
        for (int n = 0; n < 10; n++) {
            for (int k = 0; k < 4; k++) {
                assertEquals((short) (n + k), s.get(8 * n + k), "voltage" + k + " of scan " + n);
            }
        }
    }

    @Test
    void unknownChannelFailsWithTheEnginesMessage() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-s", "10", "sim-adc", "voltage0", "vccint");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("jiio read: "), r.stderr());
        assertTrue(r.stderr().contains("no channel 'vccint'"), r.stderr());
        assertTrue(r.stderr().contains("voltage0, voltage1"), "lists the channels there are: " + r.stderr());
        assertFalse(r.stderr().contains("\tat "), "no stack trace without --verbose");
        assertEquals(0, r.stdoutBytes().length);
    }

    @Test
    void unknownDeviceFailsNamingIt() {
        Cli.Result r = Cli.run("read", "-s", "10", "no-such-adc");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("no-such-adc"), r.stderr());
        assertTrue(r.stderr().contains("sim-adc"), "lists the devices there are: " + r.stderr());
    }

    @Test
    void outputChannelsCannotBeRead() {
        Cli.Result r = Cli.run("read", "-s", "10", "sim-dac", "voltage0");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("no input channel 'voltage0' (it is an output channel)"), r.stderr());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result r = Cli.run("read", "--verbose", "-s", "10", "no-such-adc");

        assertEquals(ExitCodes.ERROR, r.exitCode());
        assertTrue(r.stderr().contains("io.jiio.IioException"), r.stderr());
        assertTrue(r.stderr().contains("\tat "), r.stderr());
    }

    @Test
    void badNumbersAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, Cli.run("read", "-b", "0", "sim-adc").exitCode());
        assertEquals(ExitCodes.USAGE, Cli.run("read", "-s", "-1", "sim-adc").exitCode());
        assertEquals(ExitCodes.USAGE, Cli.run("read", "--blocks", "65", "sim-adc").exitCode());
        assertEquals(ExitCodes.USAGE, Cli.run("read", "-T", "-5", "sim-adc").exitCode());
        Cli.Result r = Cli.run("read", "-b", "lots", "sim-adc");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.stderr().contains("-b lots: not a whole number"), r.stderr());
        assertEquals(ExitCodes.USAGE, Cli.run("read").exitCode(), "DEVICE is required");
    }

    @Test
    void blockOverTheSizeLimitIsAUsageError() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-b", "3000000000", "sim-adc", "voltage0");

        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("block limit"), r.stderr());
    }

    @Test
    void timeoutEndsWithExitThree() {
        Cli.Result r = Cli.run("read", "-u", "sim:sim-adc.sampling_frequency=1", "-b", "256", "-T", "50",
                "-s", "256", "sim-adc", "voltage0");

        assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("no block completed within 50 ms"), r.stderr());
    }

    @Test
    void readerClosingThePipeEndsTheRunQuietly() {
        AtomicLong taken = new AtomicLong();
        WritableByteChannel closesAfterABit = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                if (taken.get() >= 10_000) {
                    throw new IOException("Broken pipe");
                }
                int n = src.remaining();
                src.position(src.limit());
                taken.addAndGet(n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };

        Cli.Result r = Cli.run(Sink.of(closesAfterABit), StopSignal.manual(), "read", "-u", Cli.COUNTER, "sim-adc");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
        assertTrue(taken.get() >= 10_000);
    }

    @Test
    void stopRequestEndsAnEndlessCaptureWithSuccess() throws Exception {
        StopSignal stop = StopSignal.manual();
        AtomicLong bytes = new AtomicLong();
        Thread stopper = Thread.ofPlatform().start(() -> {
            while (bytes.get() == 0) {
                Thread.onSpinWait();
            }
            stop.request();
        });

        Cli.Result r = Cli.run(Sink.of(counting(bytes, 0)), stop, "read", "-u",
                "sim:sim-adc.sampling_frequency=10000", "-b", "16", "sim-adc", "voltage0");
        stopper.join();

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(bytes.get() > 0);
        assertEquals(0, bytes.get() % 2, "whole scans only");
    }

    @Test
    void overrunsAreReportedNotSilent() {
        AtomicLong bytes = new AtomicLong();

        Cli.Result r = Cli.run(Sink.of(counting(bytes, 5)), StopSignal.manual(), "read", "-u",
                "sim:sim-adc.sampling_frequency=1000000", "-b", "64", "--blocks", "1", "-s", "640",
                "sim-adc", "voltage0");

        assertEquals(ExitCodes.DATA_LOST, r.exitCode(), r::toString);
        assertEquals(640 * 2, bytes.get());
        assertTrue(r.stderr().matches("jiio read: [1-9][0-9]* scans lost in [1-9][0-9]* gaps? \\(first at scan 64, "
                + "output byte 128\\); the data has gaps\\R"), r.stderr());
    }

    @Test
    void progressLineShowsRatesAndEndsWithANewline() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "--progress", "-s", "5000", "sim-adc", "voltage0");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("\r[block] 5000 scans in "), r.stderr());
        assertTrue(r.stderr().contains(" MB/s, "), r.stderr());
        assertTrue(r.stderr().contains(" scans/s, "), r.stderr());
        assertTrue(r.stderr().contains(" blocks/s, lost: 0"), r.stderr());
        assertTrue(r.stderr().endsWith(System.lineSeparator()), r.stderr());
    }

    /** Asserts that scan n holds (n + k) mod 2^16 in its k-th int16 for every scan. */
    private static void assertCounter(ShortBuffer s, int scans, int channels) {
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

    /** A sink that counts bytes and takes {@code delayMs} over each write, like a slow disk. */
    private static WritableByteChannel counting(AtomicLong bytes, long delayMs) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                if (delayMs > 0) {
                    try {
                        Thread.sleep(delayMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int n = src.remaining();
                src.position(src.limit());
                bytes.addAndGet(n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    /** A text capture that fails before its first block leaves stdout empty: no header of a file that never began. */
    @Test
    void aTextCaptureThatFailsBeforeItsFirstBlockWritesNothing() {
        Cli.Result r = Cli.run("read", "-u", "sim:sim-adc.sampling_frequency=1", "-b", "5", "-s", "5",
                "--block-timeout", "100", "--format", "csv", "sim-adc", "voltage0");
        assertEquals(ExitCodes.TIMEOUT, r.exitCode(), r.toString());
        assertEquals("", r.stdout());
    }
}
