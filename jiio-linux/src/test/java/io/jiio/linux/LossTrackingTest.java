package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.QueueStats;
import io.jiio.buffer.Stream;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 on {@code local:}: every input block knows the scans lost before it, from the
 * timestamp channel (read() through a FIFO, the block API and DMABUF over {@link FakeKernel},
 * zero-copy and staged) or the kernel's block timestamps; without either it says UNKNOWN and why.
 * The converter ({@link StampedScans}) numbers its scans and loses them where told, with timestamp
 * jitter up to a fifth of a period (below the half-period tolerance); every block's
 * {@code lostBefore} must be the jump in those numbers, its {@code firstScan} the count since the
 * first, and {@link QueueStats} the sum.
 */
@Timeout(60)
class LossTrackingTest {
    private static final double PERIOD_NS = 1e6; // stamped-adc's sampling_frequency: 1000 Hz
    private static final int SCAN = 16;

    @TempDir
    Path root;
    final FakeKernel kernel = new FakeKernel();

    private Path devDir(String id) {
        return root.resolve("bus/iio/devices").resolve(id);
    }

    private Context stampedOverFake(boolean dmabuf, boolean blocks, StampedScans converter) {
        Trees.stamped(root, "1000");
        kernel.heap(root.resolve("dev/dma_heap/system"));
        FakeKernel.FakeDevice d = kernel.buffer(root.resolve("dev/iio:device0"), devDir("iio:device0").resolve("buffer0"),
                false);
        d.dmabuf = dmabuf;
        d.blocks = blocks;
        d.converter = converter;
        return LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel);
    }

    /** Gaps before a third of the transfers after the first: 1–3 scans or up to 5000; jitter P/5. */
    private static StampedScans gappy(long seed, int transfers) {
        StampedScans s = new StampedScans(SCAN, 8, PERIOD_NS, (long) (PERIOD_NS / 5), false, seed);
        Random r = new Random(seed);
        for (int j = 1; j < transfers; j++) {
            if (r.nextInt(3) == 0) {
                s.gapBeforeTransfer.put(j, 1L + r.nextInt(r.nextBoolean() ? 3 : 5000));
            }
        }
        return s;
    }

    private void pause() {
        synchronized (kernel) {
            kernel.paused = true;
        }
    }

    /** Every block the device completed, until none comes for 300 ms (the device is paused). */
    private static void drain(BlockQueue q, StampedScans.Reader r) {
        while (true) {
            Block b;
            try {
                b = q.dequeue(300, TimeUnit.MILLISECONDS);
            } catch (IioException e) {
                assertEquals(Errno.ETIMEDOUT, e.errno(), e.getMessage());
                return;
            }
            r.block(b.segment(), b.bytesUsed(), b.firstScan(), b.lostBefore());
        }
    }

    private static void assertTotals(StampedScans converter, StampedScans.Reader r, QueueStats st) {
        assertTrue(st.lossKnown(), "loss is tracked");
        assertTrue(r.lost > 0 && r.episodes > 0, "the schedule lost something");
        assertEquals(converter.lostTotal, r.lost, "every scan the device lost is reported, once");
        assertEquals(r.blocks, st.blocksCompleted());
        assertEquals(r.lost, st.overrunScans(), "stats: the sum of the blocks' lostBefore");
        assertEquals(r.episodes, st.overruns(), "stats: one episode per gap");
        assertEquals(0, st.pendingLostScans());
    }

    private void zeroCopy(boolean dmabuf) {
        StampedScans converter = gappy(dmabuf ? 11 : 12, 40);
        try (Context ctx = stampedOverFake(dmabuf, !dmabuf, converter)) {
            assertEquals("loss: counted from the timestamp channel, when enabled, at 1000 Hz (iio:device0/sampling_frequency)",
                    ctx.attributes().get("local,loss,iio:device0"));
            Device d = ctx.requireDevice("stamped-adc");
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0", "timestamp"), new QueueConfig(4, 4096))) {
                assertEquals(dmabuf ? "dmabuf" : "block", q.dataPath());
                q.allocate(4, 4096).forEach(q::enqueue);
                q.enable();
                StampedScans.Reader r = new StampedScans.Reader(SCAN);
                for (int i = 0; i < 30; i++) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    assertEquals(4096, b.bytesUsed(), "a DMA transfer is a whole block");
                    r.block(b.segment(), b.bytesUsed(), b.firstScan(), b.lostBefore());
                    assertEquals(b.segment().get(StampedScans.LE64, 8), b.timestampNs(), "the first scan's timestamp");
                    q.enqueue(b);
                }
                pause();
                drain(q, r);
                assertTotals(converter, r, q.stats());
                q.disable();
            }
        }
    }

    @Test
    void dmabufZeroCopyCountsEveryGapFromTheTimestampChannel() {
        zeroCopy(true);
    }

    @Test
    void blockApiZeroCopyCountsEveryGapFromTheTimestampChannel() {
        zeroCopy(false);
    }

    /**
     * The application's own DMA buffers over the kernel's DMABUFs go through the staging copy: a gap
     * between two kernel transfers may fall inside an application buffer, whose transfer is always
     * whole (a fence carries no byte count). So that loss is not counted: UNKNOWN, never 0.
     */
    @Test
    void theApplicationsDmaBuffersThroughTheStagingCopyAreUnknown() {
        StampedScans converter = gappy(13, 60);
        try (Context ctx = stampedOverFake(true, false, converter)) {
            Device d = ctx.requireDevice("stamped-adc");
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0", "timestamp"), new QueueConfig(4, 512 * SCAN));
                 Stream s = Stream.ofDmaBufs(q, 3, 300 * SCAN)) {
                for (int i = 0; i < 10; i++) {
                    Stream.Chunk c = s.next(5, TimeUnit.SECONDS);
                    assertEquals(Block.UNKNOWN, c.lostBefore());
                    assertEquals(Block.UNKNOWN, c.firstScan());
                }
                assertFalse(q.stats().lossKnown());
            }
        }
    }

    /**
     * read() through a FIFO: the kernel's FIFO drops scans wherever it is full, so gaps fall anywhere
     * inside a block; the block ends at the gap and the rest starts the next one.
     */
    @Test
    void readPathSplitsABlockAtAGapAnywhere() throws Exception {
        Trees.stamped(root, "1000");
        Path node = root.resolve("dev/iio:device0");
        Trees.mkdirs(node.getParent());
        assertEquals(0, new ProcessBuilder("mkfifo", node.toString()).inheritIO().start().waitFor());
        StampedScans converter = new StampedScans(SCAN, 8, PERIOD_NS, (long) (PERIOD_NS / 5), false, 14);
        int delivered = 6000;
        TreeMap<Integer, Long> gapAt = new TreeMap<>(); // delivered position → scans lost before it
        Random random = new Random(14);
        for (int i = 0; i < 25; i++) {
            gapAt.put(1 + random.nextInt(delivered - 1), 1L + random.nextInt(random.nextBoolean() ? 2 : 100_000));
        }
        gapAt.put(256, 7L); // exactly on a block boundary
        gapAt.put(257, 1L); // the scan after it too
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        CountDownLatch checked = new CountDownLatch(1);
        try (Context ctx = Context.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"))) {
            Device d = ctx.requireDevice("stamped-adc");
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0", "timestamp"), new QueueConfig(4, 256 * SCAN))) {
                assertEquals("fileio", q.dataPath());
                q.allocate(4, 256 * SCAN).forEach(q::enqueue);
                q.enable();
                Thread writer = Thread.ofPlatform().start(() -> {
                    try (OutputStream out = new FileOutputStream(node.toFile())) {
                        MemorySegment all = MemorySegment.ofArray(new byte[delivered * SCAN]);
                        for (int i = 0; i < delivered; i++) {
                            converter.skip(gapAt.getOrDefault(i, 0L));
                            converter.write(all, (long) i * SCAN);
                        }
                        byte[] bytes = all.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                        for (int off = 0; off < bytes.length; off += 1000 * SCAN) {
                            out.write(bytes, off, Math.min(1000 * SCAN, bytes.length - off));
                            out.flush();
                        }
                        checked.await(); // keep the FIFO open: end of file would stop the capture
                    } catch (IOException | InterruptedException e) {
                        writerFailed.set(e);
                    }
                });
                StampedScans.Reader r = new StampedScans.Reader(SCAN);
                int shortBlocks = 0;
                while (true) {
                    // Until the device has nothing more: the last block, partly filled, never completes.
                    Block b;
                    try {
                        b = q.dequeue(r.blocks == 0 ? 10 : 3, TimeUnit.SECONDS);
                    } catch (IioException e) {
                        assertEquals(Errno.ETIMEDOUT, e.errno(), e.getMessage());
                        break;
                    }
                    r.block(b.segment(), b.bytesUsed(), b.firstScan(), b.lostBefore());
                    assertEquals(b.segment().get(StampedScans.LE64, 8), b.timestampNs());
                    shortBlocks += b.bytesUsed() < 256 * SCAN ? 1 : 0;
                    q.enqueue(b);
                }
                assertTrue(r.scans > delivered - 256, "all but the last partial block: " + r.scans);
                long scheduled = gapAt.headMap((int) r.scans).values().stream().mapToLong(Long::longValue).sum();
                assertEquals(scheduled, r.lost, "every gap before the last scan read, exactly");
                assertTrue(shortBlocks >= 20, "gaps inside blocks end them early: " + shortBlocks);
                QueueStats st = q.stats();
                assertEquals(r.blocks, st.blocksCompleted());
                assertEquals(r.lost, st.overrunScans(), "stats: the sum of the blocks' lostBefore");
                assertEquals(r.episodes, st.overruns(), "stats: one episode per gap");
                assertTrue(st.lossKnown());
                checked.countDown();
                writer.join();
                q.disable();
            } finally {
                checked.countDown();
            }
        }
        assertEquals(null, writerFailed.get());
    }

    /**
     * The kernel's block timestamps, no timestamp channel (AD9361 at 30.72 MHz): the ABI has no flag
     * saying the kernel fills them, so the first enable cannot know (UNKNOWN) and learns that it
     * does; the next enable counts from them.
     */
    @Test
    void kernelBlockTimestampsCountFromTheNextEnable() {
        Trees.ad9361(root);
        double period = 1e9 / 30_720_000;
        StampedScans converter = new StampedScans(4, -1, period, 0, true, 15);
        Random random = new Random(15);
        for (int j = 1; j < 200; j++) {
            if (random.nextInt(4) == 0) {
                converter.gapBeforeTransfer.put(j, 1L + random.nextInt(random.nextBoolean() ? 3 : 1_000_000));
            }
        }
        FakeKernel.FakeDevice adc = kernel.buffer(root.resolve("dev/iio:device2"), devDir("iio:device2").resolve("buffer0"),
                false);
        adc.dmabuf = false;
        adc.converter = converter;
        try (Context ctx = LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel)) {
            assertEquals("loss: unknown (no timestamp channel)", ctx.attributes().get("local,loss,iio:device2"));
            Device d = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0", "voltage1"), new QueueConfig(4, 4096))) {
                assertEquals("block", q.dataPath());
                q.allocate(4, 4096).forEach(q::enqueue);
                q.enable();
                assertFalse(q.stats().lossKnown(), "first enable: nobody knows yet whether the kernel stamps blocks");
                for (int i = 0; i < 10; i++) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    assertEquals(Block.UNKNOWN, b.lostBefore());
                    assertEquals(Block.UNKNOWN, b.firstScan());
                    assertTrue(b.timestampNs() >= StampedScans.T0, "the kernel's block timestamp");
                    q.enqueue(b);
                }
                q.disable();
                java.util.List<Block> all = new java.util.ArrayList<>();
                Block b;
                while ((b = q.tryDequeue()) != null) {
                    all.add(b);
                }
                all.forEach(q::enqueue);
                int firstTransfer = converter.transfers; // the session's; the gap before it cannot be measured
                q.enable();
                assertTrue(q.stats().lossKnown(), "second enable: counted from the block timestamps");
                StampedScans.Reader r = new StampedScans.Reader(4);
                for (int i = 0; i < 100; i++) {
                    b = q.dequeue(5, TimeUnit.SECONDS);
                    r.block(b.segment(), b.bytesUsed(), b.firstScan(), b.lostBefore());
                    q.enqueue(b);
                }
                pause();
                drain(q, r);
                QueueStats st = q.stats();
                assertTrue(r.lost > 1_000_000, "long gaps at 30.72 MHz, counted exactly: " + r.lost);
                long scheduled = 0;
                for (int j = firstTransfer + 1; j < converter.transfers; j++) {
                    scheduled += converter.gapBeforeTransfer.getOrDefault(j, 0L);
                }
                assertEquals(scheduled, r.lost, "every gap after the session's first block, exactly");
                assertEquals(r.lost, st.overrunScans());
                assertEquals(r.episodes, st.overruns());
                q.disable();
            }
        }
    }

    @Test
    void withoutATimestampChannelLossIsUnknownAndSaysWhy() {
        try (Context ctx = stampedOverFake(true, false, new StampedScans(SCAN, 8, PERIOD_NS, 0, false, 16))) {
            Device d = ctx.requireDevice("stamped-adc");
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0"), new QueueConfig(4, 4096))) {
                q.allocate(4, 4096).forEach(q::enqueue);
                q.enable();
                Block b = q.dequeue(5, TimeUnit.SECONDS);
                assertEquals(Block.UNKNOWN, b.lostBefore(), "never 0: nobody can tell");
                assertEquals(Block.UNKNOWN, b.firstScan());
                assertFalse(q.stats().lossKnown());
                q.disable();
            }
        }
    }
}
