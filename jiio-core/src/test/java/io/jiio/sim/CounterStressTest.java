package io.jiio.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.BlockState;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.QueuePoller;
import io.jiio.buffer.QueueStats;
import io.jiio.buffer.WaitStrategy;
import io.jiio.model.AttributeKind;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concurrency proofs for the block engine with real threads, on the simulated ADC's {@code counter}
 * waveform: sample n (counted from enable) of the channel with scan index k is (n + k) mod 2^16, so
 * every lost, repeated or reordered sample shows. Every sample of every channel is checked, and
 * every test that streams across threads runs once per {@link WaitStrategy}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CounterStressTest {
    static final String UNTHROTTLED = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";
    static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final int CYCLES = 5000;

    // ================================================================== (a) one consumer thread

    /** Every channel set under every wait strategy: the exactly-once proof holds for each. */
    static Stream<Arguments> channelsAndStrategies() {
        return Stream.of("voltage0,voltage1,voltage2,voltage3", "voltage1,voltage3",
                        "voltage0,voltage1,voltage2,voltage3,timestamp")
                .flatMap(c -> Arrays.stream(WaitStrategy.values()).map(w -> Arguments.of(c, w)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("channelsAndStrategies")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void unthrottledCounterArrivesGaplessInOrder(String channels, WaitStrategy wait) throws Exception {
        try (Context ctx = Context.open(UNTHROTTLED)) {
            Device adc = ctx.requireDevice("sim-adc");
            String[] ids = channels.split(",");
            BlockQueue q = adc.openBuffer(0, adc.mask(ids), QueueConfig.defaults().withWaitStrategy(wait));
            Counter counter = new Counter(ids);
            assertEquals(counter.scanBytes, q.scanBytes(), "scan size of " + channels);
            List<Block> blocks = q.allocate(8, 4096);
            for (Block b : blocks) {
                q.enqueue(b);
            }
            q.enable();
            assertEquals("1", adc.requireAttribute(AttributeKind.BUFFER, "enable").read());

            long cycles = onThread("consumer", () -> {
                for (int i = 0; i < CYCLES; i++) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    assertSame(q, b.queue());
                    assertEquals(BlockState.DEQUEUED, b.state());
                    assertEquals(4096 / counter.scanBytes * counter.scanBytes, b.bytesUsed(), "a full block");
                    counter.verifyExact(b);
                    q.enqueue(b);
                }
                return (long) CYCLES;
            });

            QueueStats stats = q.stats();
            assertEquals(CYCLES * (4096L / counter.scanBytes), counter.next, "scans verified");
            assertEquals(0, stats.overruns(), "an unthrottled ADC with queued blocks never overruns");
            assertEquals(0, stats.overrunScans());
            assertTrue(stats.blocksCompleted() >= cycles, "blocksCompleted " + stats.blocksCompleted());
            assertEquals(stats.blocksCompleted() * (4096L / counter.scanBytes * counter.scanBytes),
                    stats.bytesCompleted(), "every completed block was full");
            assertEquals(0, stats.blocksAborted());
            q.close();
            assertTrue(q.isClosed());
            for (Block b : blocks) {
                assertEquals(BlockState.DEAD, b.state());
            }
        }
    }

    // ================================================================== (b) dequeue and enqueue on different threads

    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void blocksHandedToAnotherThreadAreVerifiedAndReenqueuedThere(WaitStrategy wait) throws Exception {
        try (Context ctx = Context.open(UNTHROTTLED)) {
            Device adc = ctx.requireDevice("sim-adc");
            String[] ids = {"voltage0", "voltage1", "voltage2", "voltage3"};
            BlockQueue q = adc.openBuffer(0, adc.mask(ids), QueueConfig.defaults().withWaitStrategy(wait));
            Counter counter = new Counter(ids);
            for (Block b : q.allocate(8, 4096)) {
                q.enqueue(b);
            }
            BlockingQueue<Block> handoff = new ArrayBlockingQueue<>(8);
            AtomicReference<Thread> dequeuer = new AtomicReference<>();
            q.enable();

            Thread producerSide = start("dequeuer", () -> {
                dequeuer.set(Thread.currentThread());
                for (int i = 0; i < CYCLES; i++) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    assertEquals(BlockState.DEQUEUED, b.state());
                    assertTrue(handoff.offer(b, 5, TimeUnit.SECONDS), "verifier stopped taking blocks");
                }
                return null;
            });
            long verified = onThread("verifier", () -> {
                long n = 0;
                for (int i = 0; i < CYCLES; i++) {
                    Block b = handoff.poll(5, TimeUnit.SECONDS);
                    assertNotNull(b, "no block handed over within 5 s (after " + i + ")");
                    assertNotSame(Thread.currentThread(), dequeuer.get());
                    counter.verifyExact(b);
                    q.enqueue(b);
                    n++;
                }
                return n;
            });
            join(producerSide);

            assertEquals(CYCLES, verified);
            assertEquals(CYCLES * 512L, counter.next, "scans verified");
            QueueStats stats = q.stats();
            assertEquals(0, stats.overruns());
            assertTrue(stats.blocksCompleted() >= CYCLES);
        }
    }

    /** The same through the high-level {@link io.jiio.buffer.Stream}, which runs on its queue's strategy. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aStreamDeliversTheCounterExactlyOnce(WaitStrategy wait) throws Exception {
        try (Context ctx = Context.open(UNTHROTTLED)) {
            Device adc = ctx.requireDevice("sim-adc");
            String[] ids = {"voltage0", "voltage1", "voltage2", "voltage3", "timestamp"};
            BlockQueue q = adc.openBuffer(0, adc.mask(ids), QueueConfig.defaults().withWaitStrategy(wait));
            Counter counter = new Counter(ids);
            try (io.jiio.buffer.Stream s = io.jiio.buffer.Stream.ofBlocks(q, 8, 4096)) {
                assertSame(wait, s.waitStrategy());
                onThread("stream", () -> {
                    for (int i = 0; i < CYCLES; i++) {
                        counter.verifyExact(s.next(5, TimeUnit.SECONDS).block());
                    }
                    return null;
                });
            }
            assertEquals(CYCLES * (4096L / counter.scanBytes), counter.next, "scans verified");
            assertEquals(0, q.stats().overruns());
            q.close();
        }
    }

    // ================================================================== (c) one thread, two devices, QueuePoller

    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void oneThreadPollsTwoContextsAndEachStreamIsIntact(WaitStrategy wait) throws Exception {
        try (Context ctx1 = Context.open(UNTHROTTLED); Context ctx2 = Context.open(UNTHROTTLED)) {
            Device adc1 = ctx1.requireDevice("sim-adc");
            Device adc2 = ctx2.requireDevice("sim-adc");
            String[] ids1 = {"voltage0", "voltage1", "voltage2", "voltage3"};
            String[] ids2 = {"voltage1", "voltage3", "timestamp"};
            BlockQueue q1 = adc1.openBuffer(0, adc1.mask(ids1), QueueConfig.defaults().withWaitStrategy(wait));
            BlockQueue q2 = adc2.openBuffer(0, adc2.mask(ids2), QueueConfig.defaults().withWaitStrategy(wait));
            Counter c1 = new Counter(ids1);
            Counter c2 = new Counter(ids2);
            assertEquals(c2.scanBytes, q2.scanBytes());
            for (Block b : q1.allocate(8, 4096)) {
                q1.enqueue(b);
            }
            for (Block b : q2.allocate(4, 2048)) {
                q2.enqueue(b);
            }
            q1.enable();
            q2.enable();
            int target = 3000;
            long[] served = onThread("poller", () -> {
                long[] n = new long[2];
                try (QueuePoller poller = new QueuePoller(q1, q2)) {
                    while (n[0] < target || n[1] < target) {
                        List<BlockQueue> ready = poller.poll(5, TimeUnit.SECONDS);
                        assertFalse(ready.isEmpty(), "poll timed out with " + n[0] + "/" + n[1] + " blocks served");
                        for (BlockQueue q : ready) {
                            assertTrue(q == q1 || q == q2, "poll returned a queue it was not given");
                            Block b = q.tryDequeue();
                            assertNotNull(b, q + " was reported ready but had no block");
                            assertSame(q, b.queue(), "a block of the wrong queue");
                            (q == q1 ? c1 : c2).verifyExact(b);
                            q.enqueue(b);
                            n[q == q1 ? 0 : 1]++;
                        }
                    }
                }
                return n;
            });
            assertEquals(served[0] * 512, c1.next, "queue 1 scans verified");
            assertEquals(served[1] * (2048 / 16), c2.next, "queue 2 scans verified");
            assertEquals(0, q1.stats().overruns());
            assertEquals(0, q2.stats().overruns());
            assertTrue(q1.stats().blocksCompleted() >= served[0]);
            assertTrue(q2.stats().blocksCompleted() >= served[1]);
        }
    }

    // ================================================================== (d) enable/disable mid-stream

    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void disableAbortsInFlightBlocksAndReenableRestartsTheCounter(WaitStrategy wait) throws Exception {
        try (Context ctx = Context.open(UNTHROTTLED)) {
            Device adc = ctx.requireDevice("sim-adc");
            String[] ids = {"voltage0", "voltage1", "voltage2", "voltage3"};
            BlockQueue q = adc.openBuffer(0, adc.mask(ids), QueueConfig.defaults().withWaitStrategy(wait));
            List<Block> blocks = q.allocate(8, 4096);
            for (Block b : blocks) {
                q.enqueue(b);
            }
            Random rnd = new Random(42);
            long[] totals = onThread("consumer", () -> {
                long dataBlocks = 0;
                long aborted = 0;
                for (int cycle = 0; cycle < 60; cycle++) {
                    Counter counter = new Counter(ids); // n counts from this enable
                    q.enable();
                    int consume = rnd.nextInt(25);
                    for (int i = 0; i < consume; i++) {
                        Block b = q.dequeue(5, TimeUnit.SECONDS);
                        counter.verifyExact(b);
                        q.enqueue(b);
                    }
                    long abortedBefore = q.stats().blocksAborted();
                    q.disable();
                    assertFalse(q.isEnabled());
                    assertEquals("0", adc.requireAttribute(AttributeKind.BUFFER, "enable").read());
                    CycleEnd end = drainAfterDisable(q, blocks.size(), counter, false);
                    assertEquals(q.stats().blocksAborted() - abortedBefore, end.aborted,
                            "cycle " + cycle + ": blocks with bytesUsed 0 == blocks aborted");
                    dataBlocks += consume + end.data;
                    aborted += end.aborted;
                    for (Block b : end.blocks) {
                        q.enqueue(b);
                        assertEquals(BlockState.QUEUED, b.state(), "enqueued while disabled stays QUEUED");
                    }
                    assertEquals(0, q.blocksReady());
                }
                return new long[] {dataBlocks, aborted};
            });
            QueueStats stats = q.stats();
            assertEquals(0, stats.overruns());
            assertEquals(totals[1], stats.blocksAborted());
            assertEquals(totals[0], stats.blocksCompleted(), "every completed block was dequeued and verified");
        }
    }

    /**
     * The same at a paced rate, where blocks are still in the device's hands when it is disabled, so
     * aborts certainly happen. Samples lost (counted as overruns) may shift a stream; the first sample
     * after an enable is still n = (scans lost since that enable), never more.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void pacedDisableAbortsBlocksAndReenableRestartsTheCounter(WaitStrategy wait) throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=100000")) {
            Device adc = ctx.requireDevice("sim-adc");
            String[] ids = {"voltage0", "voltage1", "voltage2", "voltage3"};
            BlockQueue q = adc.openBuffer(0, adc.mask(ids), QueueConfig.defaults().withWaitStrategy(wait));
            List<Block> blocks = q.allocate(4, 1024);
            for (Block b : blocks) {
                q.enqueue(b);
            }
            long aborted = onThread("consumer", () -> {
                long total = 0;
                for (int cycle = 0; cycle < 20; cycle++) {
                    Counter counter = new Counter(ids);
                    QueueStats before = q.stats();
                    q.enable();
                    for (int i = 0; i < 3; i++) {
                        Block b = q.dequeue(5, TimeUnit.SECONDS);
                        counter.verifyWithGaps(b);
                        q.enqueue(b);
                    }
                    q.disable();
                    CycleEnd end = drainAfterDisable(q, blocks.size(), counter, true);
                    QueueStats after = q.stats();
                    assertEquals(after.blocksAborted() - before.blocksAborted(), end.aborted);
                    long lost = after.overrunScans() - before.overrunScans();
                    assertTrue(counter.gapTotal <= lost, "cycle " + cycle + ": " + counter.gapTotal
                            + " scans missing from the stream but only " + lost + " counted as overrun");
                    if (lost == 0) {
                        assertEquals(0, counter.firstN, "cycle " + cycle + ": the counter restarts at 0");
                    }
                    total += end.aborted;
                    for (Block b : end.blocks) {
                        q.enqueue(b);
                    }
                }
                return total;
            });
            assertTrue(aborted >= 1, "disabling a paced device mid-block must abort blocks");
            assertEquals(aborted, q.stats().blocksAborted());
        }
    }

    record CycleEnd(List<Block> blocks, int data, int aborted) {
    }

    /**
     * After disable every block is back on the outgoing queue: first those the device completed (in
     * order, continuing the stream), then the aborted ones with bytesUsed 0.
     */
    static CycleEnd drainAfterDisable(BlockQueue q, int count, Counter counter, boolean gapsAllowed) {
        assertEquals(count, q.blocksReady(), "after disable every block is DONE");
        List<Block> back = new ArrayList<>();
        int data = 0;
        int aborted = 0;
        long available = q.bytesAvailable();
        long seenBytes = 0;
        for (int i = 0; i < count; i++) {
            Block b = q.tryDequeue();
            assertNotNull(b, "block " + i + " of " + count + " after disable");
            seenBytes += b.bytesUsed();
            if (b.bytesUsed() == 0) {
                aborted++;
                assertEquals(0, b.timestampNs(), "an aborted block has no timestamp");
            } else {
                assertEquals(0, aborted, "a completed block after an aborted one");
                data++;
                if (gapsAllowed) {
                    counter.verifyWithGaps(b);
                } else {
                    counter.verifyExact(b);
                }
            }
            back.add(b);
        }
        assertEquals(available, seenBytes, "bytesAvailable after disable");
        assertNull(q.tryDequeue());
        assertEquals(0, q.bytesAvailable());
        return new CycleEnd(back, data, aborted);
    }

    // ================================================================== (e) overruns are counted, never silent

    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aStalledConsumerLosesExactlyTheScansCountedAsOverrun(WaitStrategy wait) throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000")) {
            Device adc = ctx.requireDevice("sim-adc");
            String[] ids = {"voltage0", "voltage1", "voltage2", "voltage3", "timestamp"};
            BlockQueue q = adc.openBuffer(0, adc.mask(ids), QueueConfig.defaults().withWaitStrategy(wait));
            Counter counter = new Counter(ids);
            counter.nanosPerScan = 5000; // 200 kHz: exactly 5000 ns between scans
            List<Block> blocks = q.allocate(2, 1024);
            for (Block b : blocks) {
                q.enqueue(b);
            }
            q.enable();
            int total = 400;
            int stallAt = 150;
            long maxGap = onThread("consumer", () -> {
                long biggest = 0;
                for (int i = 0; i < total; i++) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    assertEquals(1024, b.bytesUsed());
                    long gap = counter.verifyWithGaps(b);
                    biggest = Math.max(biggest, gap);
                    if (i == stallAt) {
                        Thread.sleep(50);
                    }
                    // Stop feeding the device one block before the end: then the other block is the
                    // last one it can pick up, and every overrun it counts lies before a block we see.
                    if (i < total - 2) {
                        q.enqueue(b);
                    }
                }
                return biggest;
            });
            // Both blocks are now ours; the device has nothing queued, so its counters are final.
            assertEquals(0, q.blocksReady());
            QueueStats stats = q.stats();
            assertTrue(stats.overruns() >= 1, "the 50 ms stall must overrun: " + stats);
            assertTrue(maxGap >= 9000, "a 50 ms stall at 200 kHz loses about 10000 scans, saw at most " + maxGap);
            assertEquals(stats.overrunScans(), counter.gapTotal,
                    "scans missing from the stream vs overrunScans (" + counter.gaps + " gaps in "
                            + stats.overruns() + " overruns)");
            assertTrue(counter.gaps <= stats.overruns(), "every gap is an overrun");
            assertEquals(total, stats.blocksCompleted());
        }
    }


    // ================================================================== regression: overrun at enable

    /**
     * Blocks queued before enable must not overrun: the stream starts at n = 0 and nothing is lost.
     * The ADC starts its sample clock in {@code start()}, which the queue calls before it submits the
     * QUEUED blocks; if the enabling thread is descheduled in between, the blocks used to count as
     * late (seen in 2–18 of 100 enables at 100 kHz). The queue now stamps them with the moment of
     * enable. An engine wrapper that pauses 2 ms after {@code start()} stands in for the preemption.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void blocksQueuedBeforeEnableLoseNoSamplesOnAPacedDevice() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=100000")) {
            SimAdc adc = ((SimBackend) ctx.backend()).adc();
            String[] ids = {"voltage0", "voltage1", "voltage2", "voltage3"};
            ScanLayout layout = ScanLayout.of(adc.model(), adc.model().mask(ids));
            DmaEngine real = adc.newEngine(layout);
            DmaEngine preempted = new DmaEngine() {
                @Override
                public void start(DmaCompletion completion) {
                    real.start(completion);
                    LockSupport.parkNanos(2_000_000); // descheduled here
                }

                @Override
                public void submit(Block block, MemorySegment memory) {
                    real.submit(block, memory);
                }

                @Override
                public void abort() {
                    real.abort();
                }

                @Override
                public boolean tracksLoss() {
                    return real.tracksLoss();
                }

                @Override
                public void close() {
                    real.close();
                }
            };
            try (BlockQueue q = new BlockQueue("sim-adc/buffer0", Direction.INPUT, preempted,
                    QueueConfig.defaults(), layout.scanBytes())) {
                for (Block b : q.allocate(4, 1024)) {
                    q.enqueue(b);
                }
                q.enable();
                Block first = q.dequeue(5, TimeUnit.SECONDS);
                Counter counter = new Counter(ids);
                counter.verifyWithGaps(first);
                q.disable();
                assertEquals(0, q.stats().overruns(), "blocks were queued before enable: " + q.stats());
                assertEquals(0, counter.firstN, "the stream starts at n = 0 on enable");
            }
        }
    }

    // ================================================================== the checker

    /**
     * Expects the counter waveform in a block of the given channels. The layout is worked out here
     * from the sim-adc's documented formats (le:s16 voltages at scan index 0..3, le:s64 timestamp at
     * index 4, each element naturally aligned, the scan padded to its largest element), independently
     * of ScanLayout.
     */
    static final class Counter {
        final int scanBytes;
        final int[] offsets;
        final int[] indexes;
        final int tsOffset;
        /** n of the next scan expected. */
        long next;
        long firstN = -1;
        long gapTotal;
        long gaps;
        long lastTs = Long.MIN_VALUE;
        /** Set for a paced device: timestamps then step exactly this much per scan. */
        long nanosPerScan;

        Counter(String... ids) {
            List<Integer> idx = new ArrayList<>();
            boolean ts = false;
            for (String id : ids) {
                if (id.equals("timestamp")) {
                    ts = true;
                } else {
                    idx.add(Integer.parseInt(id.substring("voltage".length())));
                }
            }
            idx.sort(null);
            indexes = idx.stream().mapToInt(Integer::intValue).toArray();
            offsets = new int[indexes.length];
            for (int i = 0; i < indexes.length; i++) {
                offsets[i] = 2 * i;
            }
            int bytes = 2 * indexes.length;
            if (ts) {
                tsOffset = (bytes + 7) / 8 * 8;
                scanBytes = tsOffset + 8;
            } else {
                tsOffset = -1;
                scanBytes = bytes;
            }
        }

        /** Every scan must continue the stream exactly where the previous block ended. */
        void verifyExact(Block b) {
            MemorySegment seg = b.segment();
            long scans = check(b);
            long n0 = nFromCounter(seg);
            if (n0 != (next & 0xFFFF)) {
                fail("block " + b.id() + " starts at n = " + n0 + " (mod 2^16), expected " + next
                        + ": samples were " + (n0 < (next & 0xFFFF) ? "repeated" : "lost"));
            }
            assertEquals(0, b.lostBefore(), "block " + b.id() + " claims a gap the counter does not show");
            verifyScans(b, seg, next, scans);
            if (firstN < 0) {
                firstN = next;
            }
            next += scans;
        }

        /**
         * Like {@link #verifyExact} but a block may start later than expected (samples lost to an
         * overrun); never earlier. With timestamps on a paced device the gap is measured exactly from
         * them and must agree with the counter; otherwise from the 16-bit counter.
         *
         * @return the gap before this block, in scans
         */
        long verifyWithGaps(Block b) {
            MemorySegment seg = b.segment();
            long scans = check(b);
            long counterGap = (nFromCounter(seg) - next) & 0xFFFF;
            long gap = counterGap;
            if (tsOffset >= 0 && nanosPerScan > 0 && lastTs != Long.MIN_VALUE) {
                long late = b.timestampNs() - (lastTs + nanosPerScan);
                assertEquals(0, late % nanosPerScan, "block " + b.id() + " timestamp is off the sample grid");
                gap = late / nanosPerScan;
                assertTrue(gap >= 0, "block " + b.id() + " repeats " + -gap + " scans");
                assertEquals(counterGap, gap & 0xFFFF, "the counter and the timestamps disagree on the gap");
            }
            if (gap > 0) {
                gaps++;
                gapTotal += gap;
            }
            long n0 = next + gap;
            // The block itself must say the same: where it starts and what was lost before it.
            assertEquals(gap, b.lostBefore(), "block " + b.id() + " lostBefore vs the counter's jump");
            assertEquals(n0, b.firstScan(), "block " + b.id() + " firstScan vs the counter");
            verifyScans(b, seg, n0, scans);
            if (firstN < 0) {
                firstN = n0;
            }
            next = n0 + scans;
            return gap;
        }

        private long check(Block b) {
            assertEquals(BlockState.DEQUEUED, b.state());
            long used = b.bytesUsed();
            assertTrue(used > 0 && used % scanBytes == 0, "bytesUsed " + used + " is not whole scans of " + scanBytes);
            assertTrue(b.timestampNs() >= lastTs || lastTs == Long.MIN_VALUE,
                    "block timestamps go backwards: " + b.timestampNs() + " after " + lastTs);
            return used / scanBytes;
        }

        private long nFromCounter(MemorySegment seg) {
            return (seg.get(LE16, offsets[0]) - indexes[0]) & 0xFFFF;
        }

        private void verifyScans(Block b, MemorySegment seg, long n0, long scans) {
            long ts0 = b.timestampNs();
            for (long s = 0; s < scans; s++) {
                long base = s * scanBytes;
                long n = n0 + s;
                for (int e = 0; e < offsets.length; e++) {
                    int v = seg.get(LE16, base + offsets[e]) & 0xFFFF;
                    int want = (int) ((n + indexes[e]) & 0xFFFF);
                    if (v != want) {
                        fail("block " + b.id() + ", scan " + s + " (n = " + n + "), voltage" + indexes[e]
                                + ": " + v + ", expected " + want);
                    }
                }
                if (tsOffset >= 0) {
                    long ts = seg.get(LE64, base + tsOffset);
                    long want = ts0 + s * nanosPerScan;
                    if (ts != want) {
                        fail("block " + b.id() + ", scan " + s + ": timestamp " + ts + ", expected " + want);
                    }
                }
            }
            if (scans > 0 && tsOffset >= 0) {
                lastTs = ts0 + (scans - 1) * nanosPerScan;
            } else {
                lastTs = Math.max(lastTs, ts0);
            }
        }
    }

    // ================================================================== threads

    /** Runs {@code body} on a new platform thread and returns its result, rethrowing its failure. */
    static <T> T onThread(String name, Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        Thread t = start(name, () -> {
            result.set(body.call());
            return null;
        });
        join(t);
        return result.get();
    }

    /** What each thread started by {@link #start} threw, until {@link #join} collects it. */
    private static final Map<Thread, AtomicReference<Throwable>> FAILURES = new ConcurrentHashMap<>();

    static Thread start(String name, Callable<Void> body) {
        Thread t = Thread.ofPlatform().name("stress-" + name).unstarted(() -> {
            try {
                body.call();
            } catch (Throwable e) {
                FAILURES.get(Thread.currentThread()).set(e);
            }
        });
        FAILURES.put(t, new AtomicReference<>());
        t.start();
        return t;
    }

    static void join(Thread t) throws Exception {
        t.join(TimeUnit.SECONDS.toMillis(25));
        Throwable error = FAILURES.remove(t).get();
        if (t.isAlive()) {
            t.interrupt();
            fail("thread " + t.getName() + " did not finish within 25 s");
        }
        if (error instanceof Error e) {
            throw e;
        }
        if (error instanceof Exception e) {
            throw e;
        }
    }
}
