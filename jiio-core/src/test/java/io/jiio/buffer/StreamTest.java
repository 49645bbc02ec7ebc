package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamTest {
    static final String COUNTER = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";
    static final String LOOPBACK = "sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0";
    static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final int CYCLES = 2500;

    /** The two kinds of stream, so every behaviour is proven for both. */
    enum Kind {
        BLOCKS(Stream::ofBlocks),
        DMABUFS(Stream::ofDmaBufs);

        private final Opener opener;

        Kind(Opener opener) {
            this.opener = opener;
        }

        Stream open(BlockQueue q, int count, long bytes) {
            return opener.open(q, count, bytes);
        }
    }

    @FunctionalInterface
    interface Opener {
        Stream open(BlockQueue q, int count, long bytes);
    }

    private static void assertErrno(Errno expected, String fragment, Executable op) {
        IioException e = assertThrows(IioException.class, op);
        assertEquals(expected, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    // ================================================================== a failure is never "not yet"

    /**
     * A remote link that goes silent fails its queue with ETIMEDOUT. A stream (or anyone waiting in
     * slices) must see that as the end, not as "no block yet": the CLI once spun on it for ever.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aQueueFailedWithEtimedoutEndsTheWaitInsteadOfLookingLikeNotYet(Kind kind) {
        try (BlockQueue q = new BlockQueue("adc/buffer0", Direction.INPUT, new ManualEngine(), QueueConfig.defaults(), 4);
             Stream s = kind.open(q, 2, 64)) {
            assertNull(s.poll(1, TimeUnit.MILLISECONDS), "nothing yet: a plain timeout");
            if (kind == Kind.BLOCKS) {
                assertNull(q.poll(1, TimeUnit.MILLISECONDS), "the queue's own poll: null on a timeout");
            }
            q.fail(new IioException(Errno.ETIMEDOUT, "receiving from 127.0.0.1:1: nothing for 5000 ms"));
            assertErrno(Errno.ETIMEDOUT, "nothing for 5000 ms", () -> s.poll(1, TimeUnit.MILLISECONDS));
            if (kind == Kind.BLOCKS) {
                assertErrno(Errno.ETIMEDOUT, "stopped", () -> q.poll(1, TimeUnit.MILLISECONDS));
            }
        }
    }

    // ================================================================== input: the counter, every sample

    @ParameterizedTest
    @EnumSource(Kind.class)
    void counterCaptureIsGaplessAndInOrder(Kind kind) {
        try (Context ctx = Context.open(COUNTER)) {
            Device adc = ctx.requireDevice("sim-adc");
            // all five channels: four int16 then the int64 timestamp at offset 8, 16 bytes a scan
            try (BlockQueue q = adc.openBuffer(adc.mask());
                 // 100 scans and 5 stray bytes: a chunk is exactly the 100 whole scans
                 Stream s = kind.open(q, 4, 16 * 100 + 5)) {
                assertEquals(16, q.scanBytes());
                assertEquals(1600, s.capacityBytes());
                long n = 0;
                long lastTs = Long.MIN_VALUE;
                for (int i = 0; i < CYCLES; i++) {
                    Stream.Chunk c = s.next(5, TimeUnit.SECONDS);
                    assertEquals(i, c.sequence());
                    assertEquals(i % 4, c.index(), "blocks come back round robin");
                    assertEquals(1600, c.bytesUsed());
                    assertEquals(100, c.scans());
                    MemorySegment m = c.segment();
                    assertEquals(1600, m.byteSize(), "the segment is exactly the valid bytes");
                    for (int scan = 0; scan < 100; scan++, n++) {
                        for (int k = 0; k < 4; k++) {
                            short got = m.get(LE16, scan * 16L + 2L * k);
                            if (got != (short) (n + k)) {
                                fail(kind + " chunk " + i + ", scan " + scan + " (n = " + n + "), voltage" + k
                                        + ": " + got + ", expected " + (short) (n + k));
                            }
                        }
                        if (kind == Kind.BLOCKS && m.get(LE64, scan * 16L + 8) != c.timestampNs()) {
                            fail("chunk " + i + ", scan " + scan + ": the timestamp channel ("
                                    + m.get(LE64, scan * 16L + 8) + ") is not the block's " + c.timestampNs());
                        }
                    }
                    assertTrue(c.timestampNs() >= lastTs, "timestamps go forward");
                    lastTs = c.timestampNs();
                    assertSame(kind == Kind.BLOCKS ? c.block() : c.dmaBuf(),
                            kind == Kind.BLOCKS ? s.blocks().get(c.index()) : s.dmaBufs().get(c.index()));
                }
                assertEquals(CYCLES * 100L, n);
                assertEquals(0, q.stats().overruns(), "an unthrottled ADC with queued blocks never overruns");
                assertTrue(q.isEnabled(), "the first next() enabled the queue");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneBlockStreamStillCirculates(Kind kind) {
        try (Context ctx = Context.open(COUNTER)) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage2"));
                 Stream s = kind.open(q, 1, 2 * 33)) {
                for (int i = 0; i < 200; i++) {
                    Stream.Chunk c = s.next(5, TimeUnit.SECONDS);
                    assertEquals(0, c.index());
                    // one block: the device waits for it, so nothing is lost between chunks
                    for (int scan = 0; scan < 33; scan++) {
                        assertEquals((short) (i * 33 + scan + 2), c.segment().get(LE16, 2L * scan));
                    }
                }
            }
        }
    }

    // ================================================================== output: into the DAC, back through the loopback

    @ParameterizedTest
    @EnumSource(Kind.class)
    void outputStreamPlaysEveryScanIntoTheLoopback(Kind kind) throws Exception {
        int dacScans = 300;      // per DAC chunk
        int fullChunks = 600;
        int tail = 250;          // a last, short chunk through submit()
        int adcScans = 250;      // per ADC chunk; the total is a whole number of them
        long total = (long) fullChunks * dacScans + tail;
        assertEquals(0, total % adcScans);
        try (Context ctx = Context.open(LOOPBACK)) {
            Device adc = ctx.requireDevice("sim-adc");
            Device dac = ctx.requireDevice("sim-dac");
            try (BlockQueue in = adc.openBuffer(adc.mask("voltage0", "voltage1", "voltage2", "voltage3"));
                 BlockQueue out = dac.openBuffer(dac.mask())) {
                // The ADC side reads on its own thread (a stream is confined to one).
                CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
                    long n = 0;
                    try (Stream s = Stream.ofBlocks(in, 4, 8L * adcScans)) {
                        while (n < total) {
                            Stream.Chunk c = s.next(10, TimeUnit.SECONDS);
                            MemorySegment m = c.segment();
                            for (int scan = 0; scan < c.scans(); scan++, n++) {
                                for (int k = 0; k < 4; k++) {
                                    // ADC channel k <- DAC channel k mod 2, which played n + (k mod 2)
                                    short want = (short) (n + k % 2);
                                    short got = m.get(LE16, scan * 8L + 2L * k);
                                    if (got != want) {
                                        throw new AssertionError("loopback scan " + n + ", voltage" + k + ": "
                                                + got + ", expected " + want);
                                    }
                                }
                            }
                        }
                    }
                    return n;
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!in.isEnabled()) {
                    assertTrue(System.nanoTime() < deadline, "the ADC stream did not start");
                    Thread.onSpinWait();
                }
                try (Stream s = kind.open(out, 3, 4L * dacScans)) {
                    assertFalse(out.isEnabled());
                    long n = 0;
                    for (int i = 0; i <= fullChunks; i++) {
                        Stream.Chunk c = s.next(10, TimeUnit.SECONDS);
                        assertEquals(i % 3, c.index());
                        assertEquals(4L * dacScans, c.capacity());
                        assertEquals(4L * dacScans, c.segment().byteSize(), "an output chunk is its whole capacity");
                        if (i < 3) {
                            assertFalse(out.isEnabled(), "the device starts only once every block is queued");
                        }
                        int scans = i < fullChunks ? dacScans : tail;
                        MemorySegment m = c.segment();
                        for (int scan = 0; scan < scans; scan++, n++) {
                            m.set(LE16, scan * 4L, (short) n);
                            m.set(LE16, scan * 4L + 2, (short) (n + 1));
                        }
                        if (i % 2 == 0 || i == fullChunks) {
                            s.submit(4L * scans);    // explicit
                        }                            // else: the next next() submits it whole
                    }
                    s.drain(10, TimeUnit.SECONDS);
                    assertTrue(out.isEnabled());
                    assertEquals(total, n);
                    assertEquals(fullChunks + 1, out.stats().blocksCompleted(), "every chunk was played");
                    assertEquals(total * 4, out.stats().bytesCompleted(), "and no more than was submitted");
                }
                assertEquals(total, reader.get(20, TimeUnit.SECONDS));
                assertEquals(0, in.stats().overruns());
                assertEquals(0, out.stats().underruns());
            }
        }
    }

    // ================================================================== deterministic: a hand-driven device

    private final ManualEngine engine = new ManualEngine();

    private BlockQueue manual(Direction d) {
        return new BlockQueue("dev/buffer0", d, engine, QueueConfig.defaults(), 4);
    }

    /** Completes whatever the device holds, the way it would: in order. */
    private void completeAll() {
        while (engine.inFlightCount() > 0) {
            engine.completeNext();
        }
    }

    /** The silence before the last chunks shows after drain, where no next() hands them out again. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void drainedSlotsSayWhereTheyPlayedAndTheSilenceBefore(Kind kind) throws InterruptedException {
        try (Context ctx = Context.open("sim:sim-dac.sampling_frequency=100000")) {
            Device dac = ctx.requireDevice("sim-dac");
            try (BlockQueue q = dac.openBuffer(dac.mask());
                 Stream s = kind.open(q, 2, 4 * 500)) {         // two blocks of 5 ms
                s.next();
                s.submit(2000);
                s.next();
                s.submit(2000);
                Stream.Chunk again = s.next(5, TimeUnit.SECONDS); // slot 0 played: the device runs on slot 1
                assertEquals(0, again.firstScan());
                assertEquals(0, again.lostBefore());
                Thread.sleep(50);                                 // slot 1 runs out: silence
                s.submit(2000);
                s.drain(5, TimeUnit.SECONDS);
                long silence = s.slotLostBefore(0);
                assertTrue(silence > 0, "an underrun before the third chunk");
                assertEquals(1000 + silence, s.slotFirstScan(0), "after two chunks and the silence");
                assertEquals(500, s.slotFirstScan(1));
                assertEquals(0, s.slotLostBefore(1));
                assertEquals(silence, q.stats().underrunScans());
                assertEquals(1, q.stats().underruns());
                assertThrows(IndexOutOfBoundsException.class, () -> s.slotFirstScan(2));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void inputTimeoutLeavesTheStreamUsable(Kind kind) {
        try (BlockQueue q = manual(Direction.INPUT); Stream s = kind.open(q, 3, 40)) {
            assertErrno(Errno.ETIMEDOUT, "within 20 ms", () -> s.next(20, TimeUnit.MILLISECONDS));
            assertTrue(q.isEnabled());
            assertEquals(3, engine.inFlightCount(), "the first next() queued every block");
            assertNull(s.poll(0, TimeUnit.MILLISECONDS));
            engine.completeNext();
            Stream.Chunk c = s.next(1, TimeUnit.SECONDS);
            assertEquals(0, c.index());
            assertEquals(40, c.bytesUsed());
            assertNull(s.poll(10, TimeUnit.MILLISECONDS), "block 1 is still with the device");
            assertEquals(3, engine.inFlightCount(), "the timed-out next() gave block 0 back");
            engine.completeNext();
            assertEquals(1, s.next(1, TimeUnit.SECONDS).index(), "a retry does not give anything back twice");
            assertEquals(2, engine.inFlightCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void chunkIsUnusableOnceHandedBack(Kind kind) {
        try (BlockQueue q = manual(Direction.INPUT); Stream s = kind.open(q, 2, 40)) {
            assertNull(s.poll(0, TimeUnit.SECONDS));
            engine.completeNext();
            Stream.Chunk c = s.next();
            MemorySegment old = c.segment();
            assertNull(s.poll(0, TimeUnit.SECONDS), "gives the chunk back, then finds nothing new");
            assertErrno(Errno.EPERM, "handed back", c::segment);
            if (kind == Kind.DMABUFS) {
                assertThrows(IllegalStateException.class, () -> old.get(ValueLayout.JAVA_BYTE, 0),
                        "a DMA buffer's segment dies with its CPU access bracket");
            }
            completeAll();
            assertSame(c, s.next(), "one reusable view");
            assertEquals(40, c.segment().byteSize());
            s.close();
            assertErrno(Errno.EPERM, "handed back", c::segment);
        }
        try (BlockQueue q = manual(Direction.OUTPUT); Stream s = kind.open(q, 2, 40)) {
            Stream.Chunk c = s.next();
            s.submit(4);
            assertErrno(Errno.EPERM, "handed back", c::segment);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void outputHandsOutFreshBlocksThenWaitsForTheDevice(Kind kind) {
        try (BlockQueue q = manual(Direction.OUTPUT); Stream s = kind.open(q, 2, 40)) {
            Stream.Chunk c = s.next(0, TimeUnit.SECONDS);
            assertEquals(0, c.index());
            c.segment().fill((byte) 1);
            s.submit(20);
            assertEquals(1, s.next(0, TimeUnit.SECONDS).index(), "fresh blocks come without waiting");
            assertFalse(q.isEnabled(), "not started while blocks are still being filled");
            assertNull(s.poll(10, TimeUnit.MILLISECONDS), "both queued: now it waits");
            assertTrue(q.isEnabled(), "waiting for the device starts it");
            assertEquals(List.of("start", "submit 0", "submit 1"), engine.calls.stream()
                    .filter(x -> !x.startsWith("abort")).toList().subList(0, 3));
            engine.completeNext(20, 0);
            Stream.Chunk again = s.next(1, TimeUnit.SECONDS);
            assertEquals(0, again.index());
            assertEquals(40, again.segment().byteSize(), "an output chunk is its whole capacity again");
            assertErrno(Errno.ETIMEDOUT, "drain", () -> s.drain(20, TimeUnit.MILLISECONDS));
            completeAll();
            s.drain(1, TimeUnit.SECONDS);
            assertEquals(0, again.index(), "drain leaves the taken chunk alone");
            s.submit(0);
            assertEquals(1, s.next(0, TimeUnit.SECONDS).index(), "drained blocks come without waiting");
            assertEquals(0, s.next(0, TimeUnit.SECONDS).index(), "submit(0) gave block 0 back unplayed");
        }
    }

    @Test
    void argumentAndStateErrors() {
        try (BlockQueue q = manual(Direction.INPUT)) {
            assertErrno(Errno.EINVAL, "block count 0", () -> Stream.ofBlocks(q, 0, 40));
            assertErrno(Errno.EINVAL, "buffer count 0", () -> Stream.ofDmaBufs(q, 0, 40));
            assertErrno(Errno.EINVAL, "cannot hold one scan", () -> Stream.ofDmaBufs(q, 2, 3));
            assertErrno(Errno.EINVAL, "cannot hold one scan", () -> Stream.ofBlocks(q, 2, 3));
            q.allocate(1, 40);
            assertErrno(Errno.EBUSY, "already has 1 blocks", () -> Stream.ofBlocks(q, 2, 40));
            q.free();
            Stream s = Stream.ofBlocks(q, 2, 40);
            assertErrno(Errno.EPERM, "submit is for output", () -> s.submit(4));
            assertErrno(Errno.EPERM, "drain is for output", () -> s.drain(1, TimeUnit.SECONDS));
            s.close();
            s.close();
            assertTrue(q.blocks().isEmpty(), "close freed the blocks");
            assertFalse(q.isEnabled());
            assertErrno(Errno.EBADF, "after close", s::next);
        }
        try (BlockQueue q = manual(Direction.OUTPUT); Stream s = Stream.ofDmaBufs(q, 2, 40)) {
            assertErrno(Errno.EPERM, "without a chunk", () -> s.submit(4));
            s.next();
            assertErrno(Errno.EINVAL, "whole 4-byte scans within 0..40", () -> s.submit(6));
            assertErrno(Errno.EINVAL, "whole 4-byte scans within 0..40", () -> s.submit(44));
            s.submit(8);
            List<DmaBuf> bufs = s.dmaBufs();
            s.close();
            for (DmaBuf b : bufs) {
                assertTrue(b.isClosed(), "close closed " + b);
                assertFalse(q.isAttached(b));
            }
        }
    }

    @Test
    void dmaInputAbortedByDisableComesBackEmpty() {
        try (BlockQueue q = manual(Direction.INPUT); Stream s = Stream.ofDmaBufs(q, 2, 40)) {
            assertNull(s.poll(0, TimeUnit.SECONDS));
            q.disable();
            Stream.Chunk c = s.next(1, TimeUnit.SECONDS);
            assertEquals(0, c.bytesUsed(), "an aborted transfer has no data, as an aborted block");
            assertEquals(0, c.segment().byteSize());
        }
    }

    @Test
    void blockStreamAllocatesNothingPerNext() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // A device that records submits in a preallocated ring and allocates nothing itself.
        RingEngine ring = new RingEngine();
        try (BlockQueue q = new BlockQueue("dev/buffer0", Direction.INPUT, ring, QueueConfig.defaults(), 4);
             Stream s = Stream.ofBlocks(q, 4, 4096)) {
            long sum = 0;
            assertNull(s.poll(0, TimeUnit.SECONDS));
            for (int round = 0; round < 6; round++) {
                long allocated = 0;
                for (int i = 0; i < 20_000; i++) {
                    ring.completeOne();
                    long before = mx.getCurrentThreadAllocatedBytes();
                    Stream.Chunk c = s.next();
                    sum += c.segment().byteSize() + c.timestampNs();
                    allocated += mx.getCurrentThreadAllocatedBytes() - before;
                }
                if (round == 5) { // after warming up: the JIT allocates a little on the way
                    assertTrue(allocated < 1024, "20000 next() calls allocated " + allocated + " bytes");
                }
            }
            assertTrue(sum > 0);
        }
    }

    /** Completes blocks one at a time, from the test's thread, without allocating. */
    private static final class RingEngine implements DmaEngine {
        private final Block[] ring = new Block[64];
        private int head;
        private int size;
        private DmaCompletion completion;

        @Override
        public void start(DmaCompletion c) {
            completion = c;
        }

        @Override
        public synchronized void submit(Block block, MemorySegment memory) {
            ring[(head + size++) % ring.length] = block;
        }

        @Override
        public synchronized void abort() {
            size = 0;
        }

        void completeOne() {
            Block b;
            synchronized (this) {
                b = ring[head];
                head = (head + 1) % ring.length;
                size--;
            }
            completion.blockDone(b, b.size(), 42);
        }
    }
}
