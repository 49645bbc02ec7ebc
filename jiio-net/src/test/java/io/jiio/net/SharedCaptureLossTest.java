package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A shared capture never makes a reader pay for another: one reader stalls (between READBUFs, or
 * in the middle of a reply it does not read), the others keep reading. Every reader checks every
 * chunk against the counter (see {@link PositionReader}): delivered + reported lost = produced,
 * each gap reported exactly where the counter jumps; the readers that keep up lose nothing.
 */
@Timeout(120)
class SharedCaptureLossTest {
    static final String PACED = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000";
    static final String UNTHROTTLED = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";
    /** 164 ms blocks at 200 kHz: four of them (the server's default) buffer 655 ms. */
    static final int SAMPLES = 32768;

    /** One stall of the stalled reader: read {@code scans}, after sleeping {@code ms} (mid-reply or before asking). */
    record Stall(int scans, long ms, boolean midReply) {
    }

    /** What one run found, reader 0 being the one that stalls. */
    record Run(List<PositionReader> readers, long serverDropped) {
    }

    /** Runs the readers for {@code runMs}: reader 0 follows {@code stalls} (cycling), the others keep up. */
    static Run run(String uri, ServerConfig cfg, int readers, List<Stall> stalls, long runMs) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Context ctx = Context.open(uri);
             IiodServer server = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0, cfg)) {
            List<PositionReader> rs = new ArrayList<>();
            try {
                for (int i = 0; i < readers; i++) {
                    rs.add(new PositionReader(server, i == 0 ? "stalled reader" : "reader " + i, SAMPLES));
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMs);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < readers; i++) {
                    PositionReader r = rs.get(i);
                    Random rnd = new Random(i);
                    boolean stalled = i == 0;
                    done.add(pool.submit(() -> {
                        int step = 0;
                        while (System.nanoTime() < deadline) {
                            if (stalled) {
                                Stall s = stalls.get(step++ % stalls.size());
                                if (!s.midReply()) {
                                    Thread.sleep(s.ms());
                                }
                                r.read(s.scans(), s.midReply() ? s.ms() : 0);
                            } else {
                                r.read(1 + rnd.nextInt(2 * SAMPLES), 0);
                            }
                        }
                        r.read(1, 0); // one more chunk: a drop at the very end is told too
                        r.close(); // a reader that stopped reading would lag: it leaves instead
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(runMs + 60_000, TimeUnit.MILLISECONDS);
                }
                for (PositionReader r : rs) {
                    r.assertAccounted();
                }
                for (PositionReader r : rs.subList(1, rs.size())) {
                    assertEquals(0, r.lost, r.name + " kept up and lost " + r.lost + " scans in " + r.episodes
                            + " episodes (the stalled one lost " + rs.getFirst().lost + ")");
                }
                return new Run(rs, server.droppedScans());
            } finally {
                for (PositionReader r : rs) {
                    r.close();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A random stall schedule: short and long stalls (up to {@code maxMs}), both kinds. */
    static List<Stall> schedule(long seed, long maxMs) {
        Random rnd = new Random(seed);
        List<Stall> s = new ArrayList<>();
        s.add(new Stall(SAMPLES, 0, false));
        s.add(new Stall(SAMPLES, maxMs, false)); // at least one longer than all the buffering
        for (int i = 0; i < 8; i++) {
            s.add(new Stall(1 + rnd.nextInt(3 * SAMPLES), rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(maxMs),
                    rnd.nextBoolean()));
        }
        return s;
    }

    @ParameterizedTest(name = "{0} readers, paced 200 kHz")
    @CsvSource({"1", "2", "3"})
    void pacedStalledReaderLosesOnlyItsOwnData(int readers) throws Exception {
        Run r = run(PACED, ServerConfig.defaults(), readers, schedule(readers, 1500), 3500);
        PositionReader stalled = r.readers().getFirst();
        // It stopped asking for 1.5 s, more than the 655 ms the blocks hold: it lost, and was told.
        assertTrue(stalled.lost > 0, "the stalled reader was told of its loss");
        if (readers > 1) {
            assertTrue(stalled.lost <= r.serverDropped(), "what it was told, " + stalled.lost
                    + ", the server dropped for it (" + r.serverDropped() + "): the device itself lost nothing");
        }
    }

    @ParameterizedTest(name = "{0} readers, unthrottled")
    @CsvSource({"1", "2", "3"})
    void unthrottledStalledReaderLosesOnlyItsOwnData(int readers) throws Exception {
        // The device waits for its readers; after the grace period a stalled one is left behind.
        Run r = run(UNTHROTTLED, ServerConfig.defaults().withSlowReaderGraceMs(700), readers,
                schedule(10 + readers, 1500), 3000);
        // It stopped asking for 1.5 s, longer than the grace: left behind, and told so.
        assertTrue(r.readers().getFirst().lost > 0, "the stalled reader was told of its loss");
    }

    @Test
    void aDropIsLoggedOnceWithTheReadersAddressAndCount() throws Exception {
        try (LogCapture log = new LogCapture(LossLog.class)) {
            Run r = run(PACED, ServerConfig.defaults(), 2, List.of(new Stall(SAMPLES, 0, false),
                    new Stall(SAMPLES, 1500, false)), 2500);
            PositionReader stalled = r.readers().getFirst();
            String who = "reader " + stalled.address() + " of sim-adc";
            List<String> lines = log.lines();
            List<String> mine = lines.stream().filter(l -> l.startsWith(who)).toList();
            assertTrue(mine.stream().anyMatch(l -> l.matches(".* too slow: dropped \\d+ blocks? \\(\\d+ scans\\) from scan \\d+.*")),
                    "the drop is logged with the address and the count: " + lines);
            assertTrue(mine.stream().anyMatch(l -> l.contains("reading again: dropped")),
                    "and the end of the episode: " + lines);
            assertTrue(mine.size() <= 2 * (1 + 2500 / LossLog.QUIET_MS), "no flood: " + mine);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("reader " + r.readers().get(1).address())),
                    "nothing about the reader that kept up: " + lines);
        }
    }
}
