package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Losses through the command line, made on purpose: a paced counter ADC read by a sink that
 * stalls, a paced DAC fed by a stdin that stalls. What is asserted are identities between what
 * the tool says and what its output holds — never how fast anything was.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LossCliTest {
    /** 200 kHz counter; 1000-scan blocks, 4 of them: 20 ms of room, so a 120 ms stall must lose. */
    private static final String PACED = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000";
    private static final long SCANS = 30_000;
    private static final Set<Integer> STALLED_WRITES = Set.of(3, 9);
    private static final long STALL_MS = 120;
    private static final Pattern READ_SUMMARY = Pattern.compile(
            "jiio read: (\\d+) scans lost in (\\d+) gaps? \\(first at scan (\\d+), output byte (\\d+)\\); the data has gaps");

    /** A --stats block line: where its scans sit in the device's stream. */
    private record Line(long scans, long firstScan, long lostBefore) {
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aStalledReaderIsToldExactlyWhatItLostAndExitsFour(Mode m) {
        Run r = readWithStalls(m, false);

        assertEquals(ExitCodes.DATA_LOST, r.exitCode, r::toString);
        assertEquals(SCANS * 4, r.out.length, "exactly -s scans, gaps or not");
        List<Line> lines = blockLines(r.err);
        long lost = 0;
        long gaps = 0;
        long offset = 0;
        long firstGapScan = -1;
        long firstGapByte = -1;
        long next = 0;
        ByteBuffer out = ByteBuffer.wrap(r.out).order(ByteOrder.LITTLE_ENDIAN);
        for (Line b : lines) {
            assertEquals(next + b.lostBefore, b.firstScan, m + ": each block starts after the last and its gap");
            // every scan of the block holds its own index: the block sits exactly at firstScan
            for (long k = 0; k < b.scans; k++) {
                long at = (offset / 4 + k) * 4;
                assertEquals((short) (b.firstScan + k), out.getShort((int) at), m + ": voltage0 at byte " + at);
                assertEquals((short) (b.firstScan + k + 1), out.getShort((int) at + 2), m + ": voltage1 at byte " + at);
            }
            if (b.lostBefore > 0) {
                if (gaps == 0) {
                    firstGapScan = b.firstScan - b.lostBefore;
                    firstGapByte = offset;
                }
                gaps++;
                lost += b.lostBefore;
            }
            offset += b.scans * 4;
            next = b.firstScan + b.scans;
        }
        assertEquals(SCANS, next - lost, "delivered + lost = produced up to the last scan delivered");
        assertTrue(gaps >= 1, m + ": a " + STALL_MS + " ms stall with 20 ms of room loses: " + r);
        assertEquals(counterJumps(r.out), gaps, m + ": every jump in the counter is a reported gap, and no other");
        Matcher s = READ_SUMMARY.matcher(summaryLine(r.err));
        assertTrue(s.matches(), r.err);
        assertEquals(lost, Long.parseLong(s.group(1)));
        assertEquals(gaps, Long.parseLong(s.group(2)));
        assertEquals(firstGapScan, Long.parseLong(s.group(3)));
        assertEquals(firstGapByte, Long.parseLong(s.group(4)));
        assertTrue(r.err.contains("jiio read: mode " + m.label() + ", " + lines.size() + " blocks, " + SCANS + " scans, "
                + SCANS * 4 + " bytes, " + lost + " scans lost in " + gaps + (gaps == 1 ? " gap" : " gaps")), r.err);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void allowLossExitsZeroAndStillSaysWhatWasLost(Mode m) {
        Run r = readWithStalls(m, true);

        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        Matcher s = READ_SUMMARY.matcher(summaryLine(r.err));
        assertTrue(s.matches(), r.err);
        long lost = blockLines(r.err).stream().mapToLong(Line::lostBefore).sum();
        assertEquals(lost, Long.parseLong(s.group(1)));
    }

    private static final Pattern WRITE_LINE = Pattern.compile(
            "block (\\d+): id (\\d+|-), (\\d+) scans, first scan (\\d+|unknown), silence before (\\d+|unknown)");

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aStdinThatStallsMakesTheDacPlaySilenceAndTheWriteExitFour(Mode m) {
        // 100 kHz, blocks of 2000 scans (20 ms), 2 of them; stdin stops for 150 ms after 3 blocks
        int blockScans = 2000;
        int total = 8 * blockScans;
        byte[] scans = Cli.counterScans(total, 2);
        for (boolean allow : new boolean[] {false, true}) {
            List<String> args = new ArrayList<>(List.of("write", "-u", "sim:sim-dac.sampling_frequency=100000",
                    "--mode", m.label(), "-b", Integer.toString(blockScans), "--blocks", "2", "--stats"));
            if (allow) {
                args.add("--allow-loss");
            }
            args.add("sim-dac");
            Run r = run(null, new StallingStdin(scans, 3 * blockScans * 4, 150), args.toArray(String[]::new));

            assertEquals(allow ? ExitCodes.OK : ExitCodes.DATA_LOST, r.exitCode, r::toString);
            Matcher s = Pattern.compile("jiio write: (\\d+) scans of silence in (\\d+) gaps?( \\(first at scan (\\d+)\\))?; "
                    + "the output has gaps").matcher(summaryLine(r.err));
            assertTrue(s.matches(), m + ": " + r.err);
            long silence = Long.parseLong(s.group(1));
            long gaps = Long.parseLong(s.group(2));
            assertTrue(silence > 0 && gaps > 0, r.err);
            long played = 0;
            long heard = 0;
            long seen = 0;
            long next = 0;
            long first = -1;
            int n = 0;
            for (String l : r.err.lines().toList()) {
                Matcher x = WRITE_LINE.matcher(l);
                if (!x.matches()) {
                    continue;
                }
                assertEquals(n++, Long.parseLong(x.group(1)), "blocks in play order");
                long blockScansPlayed = Long.parseLong(x.group(3));
                played += blockScansPlayed;
                if (m == Mode.FILEIO) {
                    assertEquals("unknown", x.group(4), "write() hides its blocks");
                    continue;
                }
                long firstScan = Long.parseLong(x.group(4));
                long before = Long.parseLong(x.group(5));
                assertEquals(next + before, firstScan, l + ": after the last block and the silence between");
                if (before > 0 && first < 0) {
                    first = firstScan - before;
                }
                heard += before;
                seen += before > 0 ? 1 : 0;
                next = firstScan + blockScansPlayed;
            }
            assertEquals(total, played, m + ": every scan of stdin was played, in blocks: " + r.err);
            assertTrue(r.err.contains("jiio write: mode " + m.label() + ", " + n + " blocks, " + total + " scans, "
                    + total * 4 + " bytes, " + silence + " scans of silence in " + gaps), r.err);
            if (m != Mode.FILEIO) {
                assertEquals(silence, heard, "the blocks' silence adds up to the summary");
                assertEquals(gaps, seen);
                // silence starts when everything queued so far has played: after whole blocks
                assertEquals(first, Long.parseLong(s.group(4)), r.err);
                assertTrue(first > 0 && first <= 3 * blockScans && first % blockScans == 0, r.err);
            }
        }
    }

    @Test
    void unthrottledCaptureIsWholeAndSaysNothing() {
        Cli.Result r = Cli.run("read", "-u", Cli.COUNTER, "-s", "100000", "--stats", "sim-adc", "voltage0", "voltage1");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertFalse(r.stderr().contains("gaps;"), r.stderr());
        assertTrue(r.stderr().endsWith("0 scans lost in 0 gaps" + System.lineSeparator()), r.stderr());
        assertEquals(0, counterJumps(r.stdoutBytes()));
    }

    // ------------------------------------------------------------------ helpers

    private record Run(int exitCode, byte[] out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", " + out.length + " bytes, stderr: " + err;
        }
    }

    private static Run readWithStalls(Mode m, boolean allowLoss) {
        List<String> args = new ArrayList<>(List.of("read", "-u", PACED, "--mode", m.label(), "--stats",
                "-b", "1000", "--blocks", "4", "-s", Long.toString(SCANS)));
        if (allowLoss) {
            args.add("--allow-loss");
        }
        args.addAll(List.of("sim-adc", "voltage0", "voltage1"));
        return run(new StallingSink(), null, args.toArray(String[]::new));
    }

    private static Run run(StallingSink sink, ReadableByteChannel stdin, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StallingSink out = sink == null ? new StallingSink() : sink;
        Terminal t = new Terminal(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Sink.of(out),
                stdin == null ? Channels.newChannel(new java.io.ByteArrayInputStream(new byte[0])) : stdin,
                false, false, StopSignal.manual());
        int code = Jiio.run(t, args);
        return new Run(code, out.bytes.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private static List<Line> blockLines(String err) {
        List<Line> lines = new ArrayList<>();
        for (String l : err.lines().toList()) {
            Matcher x = ModesTest.BLOCK_LINE.matcher(l);
            if (x.matches()) {
                lines.add(new Line(Long.parseLong(x.group(4)), Long.parseLong(x.group(5)), Long.parseLong(x.group(6))));
            }
        }
        return lines;
    }

    private static String summaryLine(String err) {
        List<String> lines = err.lines().toList();
        return lines.getLast();
    }

    /** Places where voltage0 of a 2-channel counter capture does not go up by one. */
    private static long counterJumps(byte[] out) {
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        long jumps = 0;
        for (int at = 4; at < out.length; at += 4) {
            if ((short) (b.getShort(at - 4) + 1) != b.getShort(at)) {
                jumps++;
            }
        }
        return jumps;
    }

    /** stdout that keeps what it is given and stalls on some writes, as a slow disk or a stopped reader. */
    private static final class StallingSink implements WritableByteChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override
        public int write(ByteBuffer src) {
            if (STALLED_WRITES.contains(++writes)) {
                sleep(STALL_MS);
            }
            int n = src.remaining();
            byte[] a = new byte[n];
            src.get(a);
            bytes.write(a, 0, n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** stdin that stops for {@code stallMs} once {@code stallAt} bytes have been read. */
    private static final class StallingStdin implements ReadableByteChannel {
        private final byte[] data;
        private final int stallAt;
        private final long stallMs;
        private int pos;
        private boolean stalled;

        StallingStdin(byte[] data, int stallAt, long stallMs) {
            this.data = data;
            this.stallAt = stallAt;
            this.stallMs = stallMs;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (pos == data.length) {
                return -1;
            }
            if (pos == stallAt && !stalled) {
                stalled = true;
                sleep(stallMs);
            }
            int end = pos < stallAt ? stallAt : data.length;
            int n = Math.min(dst.remaining(), end - pos);
            dst.put(data, pos, n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
