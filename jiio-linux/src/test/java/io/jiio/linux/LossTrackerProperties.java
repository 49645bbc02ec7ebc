package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.ScanLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link LossTracker#capture} — the copying paths' loss detection — over random streams: gaps of
 * any size at any scan, timestamp jitter up to just under a quarter period per stamp (so under
 * half a period between two), reads that end anywhere, blocks of any size. Whatever the schedule,
 * every block is contiguous inside, its lostBefore is exactly the jump in the scan numbers, and
 * the losses add up to the scheduled ones.
 */
class LossTrackerProperties {
    private static final int SCAN = 16;
    private static final double PERIOD_NS = 1e6;
    private static final Path ROOT;
    private static final Device DEVICE;

    static {
        try {
            ROOT = Files.createTempDirectory("jiio-loss");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Trees.stamped(ROOT, "1000");
        try (Context ctx = Context.open("local:sysfs=" + ROOT + ",dev=" + ROOT.resolve("dev"))) {
            DEVICE = ctx.requireDevice("stamped-adc");
        }
    }

    @Property(tries = 300)
    void everyGapIsFoundWhereTheNumbersJump(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int delivered,
                                            @ForAll @IntRange(min = 0, max = 40) int gaps,
                                            @ForAll @IntRange(min = 1, max = 400) int blockScans,
                                            @ForAll @IntRange(min = 1, max = 700) int readScans,
                                            @ForAll @DoubleRange(min = 0, max = 0.24) double jitter) {
        Random random = new Random(seed);
        TreeMap<Integer, Long> gapAt = new TreeMap<>();
        for (int i = 0; i < gaps && delivered > 1; i++) {
            gapAt.put(1 + random.nextInt(delivered - 1), 1L + random.nextInt(random.nextBoolean() ? 3 : 100_000));
        }
        StampedScans device = new StampedScans(SCAN, 8, PERIOD_NS, (long) (jitter * PERIOD_NS), false, seed);
        MemorySegment stream = MemorySegment.ofArray(new long[delivered * SCAN / 8]);
        for (int i = 0; i < delivered; i++) {
            device.skip(gapAt.getOrDefault(i, 0L));
            device.write(stream, (long) i * SCAN);
        }

        LossTracker tracker = new LossTracker(new SysfsFiles(LinuxSys.get()), ROOT.resolve("bus/iio/devices"),
                ROOT.resolve("bus/iio/devices/iio:device0"), DEVICE,
                ScanLayout.of(DEVICE, DEVICE.mask("voltage0", "timestamp")), false);
        assertTrue(tracker.decide(false, false), tracker.description());
        tracker.restart();
        long[] read = {0};
        LossTracker.Scans source = (dst, max) -> {
            long left = delivered * (long) SCAN - read[0];
            if (left == 0) {
                return -1;
            }
            long n = Math.min(Math.min(left, max), (1 + random.nextInt(readScans)) * (long) SCAN);
            MemorySegment.copy(stream, read[0], dst, 0, n);
            read[0] += n;
            return n;
        };

        StampedScans.Reader reader = new StampedScans.Reader(SCAN);
        MemorySegment block = MemorySegment.ofArray(new long[blockScans * SCAN / 8]);
        long next = 0; // where the queue would place the next block
        while (true) {
            long got = tracker.capture(block, block.byteSize(), source);
            if (got < 0) {
                break;
            }
            assertTrue(got > 0 && got % SCAN == 0, "whole scans, at least one: " + got);
            long lost = tracker.lostBefore();
            long firstScan = next + lost;
            next = firstScan + got / SCAN;
            assertEquals(block.get(StampedScans.LE64, 8), tracker.firstStamp(block, got, -1));
            reader.block(block, got, firstScan, lost);
        }
        long scheduled = gapAt.headMap((int) reader.scans).values().stream().mapToLong(Long::longValue).sum();
        assertEquals(scheduled, reader.lost, "every gap before the last scan of a whole block, and no other");
        assertTrue(reader.scans > delivered - blockScans - 1 || !gapAt.isEmpty(),
                "without gaps only the last partial block is left: " + reader.scans);
    }
}
