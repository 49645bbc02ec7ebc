package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockFlags;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.DmaBuf;
import io.jiio.buffer.Fence;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.Stream;
import io.jiio.buffer.Transfer;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DMABUF and block paths end to end through the public API, over {@link FakeKernel}: the
 * choice libiio 1.x makes, the ioctl sequence, the data, and that every kernel resource is given
 * back on close.
 */
@Timeout(60)
class DmaPathsTest {
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path root;
    final FakeKernel kernel = new FakeKernel();

    private Path devDir(String id) {
        return root.resolve("bus/iio/devices").resolve(id);
    }

    /** The AD9361 tree with cf-ad9361-lpc (device2) and the DDS (device1) as fake devices. */
    private Context ad9361(boolean dmabuf, boolean blocks) {
        Trees.ad9361(root);
        kernel.heap(root.resolve("dev/dma_heap/system"));
        adc = kernel.buffer(root.resolve("dev/iio:device2"), devDir("iio:device2").resolve("buffer0"), false);
        FakeKernel.FakeDevice dds = kernel.buffer(root.resolve("dev/iio:device1"), devDir("iio:device1").resolve("buffer0"), true);
        for (FakeKernel.FakeDevice d : List.of(this.adc, dds)) {
            d.dmabuf = dmabuf;
            d.blocks = blocks;
        }
        return LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel);
    }

    private FakeKernel.FakeDevice adc;

    private List<FakeKernel.KBlock> adcBlocks() {
        return adc.kblocks;
    }

    private static void assertCounter(MemorySegment m, long bytes, int from) {
        for (long i = 0; i < bytes; i += 2) {
            assertEquals((short) (from + i / 2), m.get(LE16, i), "sample at byte " + i);
        }
    }

    /**
     * On the zero-copy paths the application's dequeue collects completions itself (poll and the
     * dequeue ioctl on its own thread, as libiio does): no engine thread may be running.
     */
    private static void assertNoEngineThread() {
        List<String> engines = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("jiio-local-")).toList();
        assertEquals(List.of(), engines, "threads of a zero-copy capture besides the application's");
    }

    /**
     * Every poll() and every one of {@code ioctls} the kernel saw came from this (the dequeuing and
     * enqueuing) thread: libiio's model, with no thread of jiio's in between, whatever its name.
     */
    private void assertKernelCalledOnlyFromThisThread(String... ioctls) {
        java.util.Set<String> me = java.util.Set.of(Thread.currentThread().getName());
        assertEquals(me, kernel.callers("poll"), "threads that poll()ed the kernel");
        for (String ioctl : ioctls) {
            assertEquals(me, kernel.callers(ioctl), "threads that made " + ioctl);
        }
    }

    @Test
    void dmabufIsPreferredAndCaptures() {
        try (Context ctx = ad9361(true, true)) {
            assertEquals("dmabuf", ctx.attributes().get("local,transfer,iio:device2"));
            Device adc = ctx.requireDevice("cf-ad9361-lpc");
            int fdsBefore = kernel.openFds();
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0", "voltage1"), new QueueConfig(4, 4096))) {
                assertEquals("dmabuf", q.dataPath());
                List<Block> blocks = q.allocate(4, 4096);
                List<Long> kernelAddresses = kernel.dmabufs().stream().map(d -> d.memory.address()).toList();
                for (Block b : blocks) {
                    assertTrue(kernelAddresses.contains(b.segment().address()),
                            "zero-copy: block " + b.id() + " is a DMABUF's own mapping");
                }
                blocks.forEach(q::enqueue);
                q.enable();
                assertEquals("1", Trees.read(devDir("iio:device2").resolve("buffer0/enable")));
                assertNoEngineThread();
                for (int i = 0; i < 20; i++) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    assertEquals(4096, b.bytesUsed());
                    assertCounter(b.segment(), 4096, i * 2048);
                    q.enqueue(b);
                }
                // A cycle: poll(), the CPU-access sync, then the end of it and the enqueue, as libiio's.
                int from = kernel.logSize();
                q.enqueue(q.dequeue(5, TimeUnit.SECONDS));
                assertEquals(List.of("DMA_BUF_IOCTL_SYNC", "DMA_BUF_IOCTL_SYNC", "IIO_BUFFER_DMABUF_ENQUEUE"),
                        kernel.logSince(from));
                assertKernelCalledOnlyFromThisThread("IIO_BUFFER_DMABUF_ENQUEUE", "DMA_BUF_IOCTL_SYNC");
                q.disable();
                assertEquals("0", Trees.read(devDir("iio:device2").resolve("buffer0/enable")));
                for (FakeKernel.DmaBufObj d : kernel.dmabufs()) {
                    assertTrue(d.cpuAccess, "every block is the application's again, CPU access open: " + d.fd);
                    assertEquals(d.syncStarts, d.syncEnds + 1, "one bracket open on DMABUF " + d.fd);
                }
            }
            assertEquals(fdsBefore, kernel.openFds(), "DMABUFs, buffer and node fds all closed");
            assertEquals(kernel.mmaps, kernel.munmaps, "every mapping unmapped");
            assertFalse(kernel.log.contains("ENQUEUE during CPU access of DMABUF"), kernel.log.toString());
            assertTrue(kernel.log.containsAll(List.of("IIO_BUFFER_GET_FD", "DMA_HEAP_IOCTL_ALLOC",
                    "IIO_BUFFER_DMABUF_ATTACH", "IIO_BUFFER_DMABUF_ENQUEUE", "DMA_BUF_IOCTL_SYNC",
                    "IIO_BUFFER_DMABUF_DETACH")), kernel.log.toString());
            assertEquals("0", Trees.read(devDir("iio:device2").resolve("buffer0/in_voltage0_en")));
        }
    }

    @Test
    void dmabufModeOfTheApplicationOverTheKernelDmabufPath() {
        try (Context ctx = ad9361(true, true)) {
            Device adc = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0"), new QueueConfig(3, 8192));
                 Stream s = Stream.ofDmaBufs(q, 3, 8192)) {
                int expected = 0;
                for (int i = 0; i < 10; i++) {
                    Stream.Chunk c = s.poll(5, TimeUnit.SECONDS);
                    assertCounter(c.segment(), c.segment().byteSize(), expected);
                    expected += (int) c.segment().byteSize() / 2;
                }
            }
        }
    }

    @Test
    void dmabufPlaybackAndCyclic() {
        try (Context ctx = ad9361(true, false)) {
            Device dds = ctx.requireDevice("cf-ad9361-dds-core-lpc");
            ByteBuffer expect = ByteBuffer.allocate(8 * 2048).order(ByteOrder.LITTLE_ENDIAN);
            try (BlockQueue q = dds.openBuffer(0, dds.mask("voltage0", "voltage1"), new QueueConfig(2, 2048))) {
                assertEquals("dmabuf", q.dataPath());
                List<Block> blocks = q.allocate(2, 2048);
                short n = 0;
                for (int round = 0; round < 8; round++) {
                    Block b = round < 2 ? blocks.get(round) : q.dequeue(5, TimeUnit.SECONDS);
                    MemorySegment m = b.segment();
                    for (int i = 0; i < 1024; i++) {
                        m.set(LE16, i * 2L, n);
                        expect.putShort(n++);
                    }
                    q.enqueue(b, 2048, 0);
                    if (round == 1) {
                        q.enable();
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (kernel.played.size() < 8 * 2048 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            assertEquals(8 * 2048, kernel.played.size());
            byte[] got = kernel.played.toByteArray();
            byte[] want = expect.array();
            for (int i = 0; i < 8 * 2048; i++) {
                assertEquals(want[i], got[i], "byte " + i);
            }
            kernel.played.reset();
            kernel.log.clear();
            try (BlockQueue q = dds.openBuffer(0, dds.mask("voltage0", "voltage1"), new QueueConfig(1, 4096))) {
                Block b = q.allocate(1, 4096).getFirst();
                b.segment().fill((byte) 0x5a);
                q.enqueue(b, 4096, BlockFlags.CYCLIC);
                q.enable();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (kernel.played.size() < 4096 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(4096, kernel.played.size(), "the cyclic DMABUF went to the device once");
                assertEquals(1, kernel.log.stream().filter("IIO_BUFFER_DMABUF_ENQUEUE"::equals).count());
                q.disable();
            }
        }
    }

    @Test
    void blockApiWhenThereIsNoDmabuf() {
        try (Context ctx = ad9361(false, true)) {
            assertEquals("block", ctx.attributes().get("local,transfer,iio:device2"));
            Device adc = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0", "voltage1", "voltage2", "voltage3"),
                    new QueueConfig(4, 8192))) {
                assertEquals("block", q.dataPath());
                List<Block> blocks = q.allocate(4, 8192);
                for (Block b : blocks) {
                    assertEquals(adcBlocks().get(b.id()).memory.address(), b.segment().address(),
                            "zero-copy: block " + b.id() + " is the kernel block's mapping");
                }
                blocks.forEach(q::enqueue);
                q.enable();
                assertNoEngineThread();
                for (int i = 0; i < 16; i++) {
                    Block b = q.dequeue(5, TimeUnit.SECONDS);
                    assertCounter(b.segment(), 8192, i * 4096);
                    q.enqueue(b);
                }
                // Non-blocking: each look polls the kernel once on this thread; a block comes.
                for (int i = 16; i < 20; i++) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    Block b;
                    while ((b = q.tryDequeue()) == null) {
                        assertTrue(System.nanoTime() < deadline, "tryDequeue found no block in 5 s");
                        Thread.onSpinWait();
                    }
                    assertCounter(b.segment(), 8192, i * 4096);
                    q.enqueue(b);
                }
                // A cycle is a poll() and the dequeue ioctl, then the enqueue ioctl: nothing else.
                int from = kernel.logSize();
                Block one = q.dequeue(5, TimeUnit.SECONDS);
                assertCounter(one.segment(), 8192, 20 * 4096);
                q.enqueue(one);
                assertEquals(List.of("BLOCK_DEQUEUE", "BLOCK_ENQUEUE"), kernel.logSince(from));
                // With every block the application's, a timed dequeue times out: nothing to collect.
                List<Block> held = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    held.add(q.dequeue(5, TimeUnit.SECONDS));
                }
                long t0 = System.nanoTime();
                assertNull(q.poll(60, TimeUnit.MILLISECONDS));
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(waited >= 50 && waited < 2000, "waited " + waited + " ms for a 60 ms timeout");
                held.forEach(q::enqueue);
                assertKernelCalledOnlyFromThisThread("BLOCK_ENQUEUE", "BLOCK_DEQUEUE");
            }
            assertEquals(kernel.mmaps, kernel.munmaps);
            assertTrue(kernel.log.containsAll(List.of("BLOCK_FREE", "BLOCK_ALLOC", "BLOCK_QUERY", "BLOCK_ENQUEUE",
                    "BLOCK_DEQUEUE")), kernel.log.toString());
            assertTrue(kernel.log.lastIndexOf("BLOCK_FREE") > kernel.log.lastIndexOf("BLOCK_DEQUEUE"),
                    "the blocks are freed after streaming: " + kernel.log);
        }
    }

    @Test
    void kernelBlocksOfAnotherSizeAreRefusedNotTruncated() {
        try (Context ctx = ad9361(false, true)) {
            adc.pageRound = true; // the kernel makes 4096-byte blocks of a 1000-byte request
            Device a = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = a.openBuffer(0, a.mask("voltage0"), new QueueConfig(2, 4096))) {
                IioException e = assertThrows(IioException.class, () -> q.allocate(2, 1000));
                assertEquals(Errno.EINVAL, e.errno());
                assertTrue(e.getMessage().contains("BLOCK_ALLOC made block 0 4096 bytes, not the 1000 asked for"),
                        e.getMessage());
                assertTrue(adc.kblocks.isEmpty(), "freed again");
                List<Block> blocks = q.allocate(2, 4096); // a size the kernel keeps
                assertEquals(2, blocks.size());
            }
            assertEquals(kernel.mmaps, kernel.munmaps);
        }
    }

    @Test
    void blockApiWithFewerBlocksThanAskedAndPlayback() {
        try (Context ctx = ad9361(false, true)) {
            Device dds = ctx.requireDevice("cf-ad9361-dds-core-lpc");
            try (BlockQueue q = dds.openBuffer(0, dds.mask("voltage0"), new QueueConfig(4, 1024))) {
                assertEquals("block", q.dataPath());
                List<Block> blocks = q.allocate(4, 1024);
                short n = 0;
                for (int round = 0; round < 12; round++) {
                    Block b = round < 4 ? blocks.get(round) : q.dequeue(5, TimeUnit.SECONDS);
                    MemorySegment m = b.segment();
                    for (int i = 0; i < 512; i++) {
                        m.set(LE16, i * 2L, n++);
                    }
                    q.enqueue(b, 1024, 0);
                    if (round == 3) {
                        q.enable();
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (kernel.played.size() < 12 * 1024 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            ByteBuffer got = ByteBuffer.wrap(kernel.played.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(12 * 1024, got.capacity());
            for (int i = 0; i < 12 * 512; i++) {
                assertEquals((short) i, got.getShort());
            }
        }
    }

    @Test
    void fileioWhenTheKernelHasNeitherAndForcedMissingPaths() {
        try (Context ctx = ad9361(false, false)) {
            assertEquals("fileio", ctx.attributes().get("local,transfer,iio:device2"));
            Device adc = ctx.requireDevice("cf-ad9361-lpc");
            IioException e = assertThrows(IioException.class, () -> adc.openBuffer(0, adc.mask("voltage0"),
                    new QueueConfig(2, 4096, Transfer.DMABUF)));
            assertEquals(Errno.EOPNOTSUPP, e.errno());
            assertTrue(e.getMessage().contains("IIO_BUFFER_DMABUF_ATTACH answered EPERM"), e.getMessage());
            IioException b = assertThrows(IioException.class, () -> adc.openBuffer(0, adc.mask("voltage0"),
                    new QueueConfig(2, 4096, Transfer.BLOCK)));
            assertTrue(b.getMessage().contains("BLOCK_FREE answered ENOTTY"), b.getMessage());
        }
        try (Context ctx = LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel)) {
            Device adc = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0"), new QueueConfig(2, 4096, Transfer.FILEIO))) {
                assertEquals("fileio", q.dataPath(), "forcing the read() path skips the probes");
                q.allocate(2, 4096).forEach(q::enqueue);
                q.enable();
                // The copying path keeps its thread (the contrast to assertNoEngineThread).
                assertTrue(Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().startsWith("jiio-local-")), "read() copies on the engine's thread");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (kernel.callers("poll").stream().noneMatch(n -> n.startsWith("jiio-local-"))) {
                    assertTrue(System.nanoTime() < deadline, "the engine's thread polls the kernel: "
                            + kernel.callers("poll"));
                    Thread.onSpinWait();
                }
            }
        }
    }

    @Test
    void forcedBlockEvenWhenDmabufExists() {
        try (Context ctx = ad9361(true, true)) {
            Device adc = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0"), new QueueConfig(2, 4096, Transfer.BLOCK))) {
                assertEquals("block", q.dataPath());
            }
        }
    }

    @Test
    void dmaBufsOfTheApplicationStillWork() {
        try (Context ctx = ad9361(true, true)) {
            Device adc = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0"), new QueueConfig(2, 4096))) {
                DmaBuf buf = q.allocateDmaBuf(4096);
                q.enable();
                Fence f = q.enqueue(buf, 4096, 0);
                f.await(5, TimeUnit.SECONDS);
                MemorySegment m = buf.beginCpuAccess(io.jiio.buffer.CpuAccess.READ);
                assertCounter(m, 4096, 0);
                buf.endCpuAccess();
            }
        }
    }

    /**
     * One device, two buffers (Linux 5.11+): buffer0 captures, buffer1 plays, each opened through
     * IIO_BUFFER_GET_FD with its own fd, enables and data path, at the same time.
     */
    @Test
    void twoBuffersOfOneDeviceAtOnce() throws Exception {
        Trees.Dev trx = new Trees.Dev(root, "iio:device0").file("name", "trx").buffer("buffer0").buffer("buffer1");
        for (int i = 0; i < 2; i++) {
            Trees.write(trx.dir.resolve("buffer0/in_voltage" + i + "_en"), "0");
            Trees.write(trx.dir.resolve("buffer0/in_voltage" + i + "_index"), Integer.toString(i));
            Trees.write(trx.dir.resolve("buffer0/in_voltage" + i + "_type"), "le:s16/16>>0");
            Trees.write(trx.dir.resolve("buffer1/out_voltage" + i + "_en"), "0");
            Trees.write(trx.dir.resolve("buffer1/out_voltage" + i + "_index"), Integer.toString(i));
            Trees.write(trx.dir.resolve("buffer1/out_voltage" + i + "_type"), "le:s16/16>>0");
        }
        kernel.heap(root.resolve("dev/dma_heap/system"));
        kernel.buffer(root.resolve("dev/iio:device0"), trx.dir.resolve("buffer0"), false);
        FakeKernel.FakeDevice tx = kernel.buffer(root.resolve("dev/iio:device0"), trx.dir.resolve("buffer1"), true);
        tx.dmabuf = false; // the output buffer's driver has only the block API
        try (Context ctx = LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel)) {
            Device d = ctx.requireDevice("trx");
            assertEquals(4, d.channels().size());
            try (BlockQueue rx = d.openBuffer(0, d.mask("voltage0", "voltage1"), new QueueConfig(2, 4096));
                 BlockQueue txq = d.openBuffer(1, outputs(d), new QueueConfig(2, 4096))) {
                assertEquals("dmabuf", rx.dataPath());
                assertEquals("block", txq.dataPath());
                assertEquals("1", Trees.read(trx.dir.resolve("buffer1/out_voltage1_en")));
                assertEquals("1", Trees.read(trx.dir.resolve("buffer0/in_voltage1_en")));
                rx.allocate(2, 4096).forEach(rx::enqueue);
                rx.enable();
                List<Block> out = txq.allocate(2, 4096);
                for (int round = 0; round < 6; round++) {
                    Block in = rx.dequeue(5, TimeUnit.SECONDS);
                    Block o = round < 2 ? out.get(round) : txq.dequeue(5, TimeUnit.SECONDS);
                    MemorySegment.copy(in.segment(), 0, o.segment(), 0, 4096); // device → device
                    rx.enqueue(in);
                    txq.enqueue(o, 4096, 0);
                    if (round == 1) {
                        txq.enable();
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (kernel.played.size() < 6 * 4096 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertCounter(MemorySegment.ofArray(kernel.played.toByteArray()), 6 * 4096, 0);
            }
        }
    }

    private static io.jiio.model.ChannelMask outputs(Device d) {
        io.jiio.model.ChannelMask m = d.newMask();
        for (var c : d.channels()) {
            if (c.isOutput()) {
                m.enable(c);
            }
        }
        return m;
    }

    /**
     * Enable, stream a few blocks, disable — thirty times, on both zero-copy paths. Aborted blocks
     * come back empty and are enqueued again; blocks the kernel still lists from an earlier session
     * must not be reported twice; every sample that is reported continues the device's counter.
     */
    @Test
    void enableDisableCyclesOnBothZeroCopyPaths() {
        for (boolean dmabuf : new boolean[] {true, false}) {
            kernel.log.clear();
            try (Context ctx = ad9361(dmabuf, true)) {
                Device a = ctx.requireDevice("cf-ad9361-lpc");
                try (BlockQueue q = a.openBuffer(0, a.mask("voltage0"), new QueueConfig(3, 1024))) {
                    assertEquals(dmabuf ? "dmabuf" : "block", q.dataPath());
                    List<Block> blocks = q.allocate(3, 1024);
                    blocks.forEach(q::enqueue);
                    int last = -1;
                    Block held = null;
                    for (int cycle = 0; cycle < 30; cycle++) {
                        boolean stall = cycle % 3 == 1; // the device does nothing: all blocks aborted
                        kernel.paused = stall;
                        q.enable();
                        if (held != null) {
                            q.enqueue(held); // kept out over a disable/enable: the kernel may list it still
                            held = null;
                        }
                        for (int k = 0; k < (stall ? 0 : 1 + cycle % 4); k++) {
                            Block b = q.dequeue(5, TimeUnit.SECONDS);
                            if (b.bytesUsed() > 0) {
                                int first = Short.toUnsignedInt(b.segment().get(LE16, 0));
                                assertTrue(first == ((last + 1) & 0xffff) || last < 0 || first > last,
                                        "samples go forward: " + last + " then " + first);
                                assertCounter(b.segment(), b.bytesUsed(), first);
                                last = Short.toUnsignedInt(b.segment().get(LE16, b.bytesUsed() - 2));
                            }
                            q.enqueue(b);
                        }
                        q.disable();
                        kernel.resume();
                        Block b;
                        while ((b = q.tryDequeue()) != null) {
                            if (stall) {
                                assertEquals(0, b.bytesUsed(), "aborted");
                            }
                            if (cycle % 5 == 2 && held == null) {
                                held = b;
                                continue;
                            }
                            q.enqueue(b); // aborted or completed before the disable: back to the kernel
                        }
                    }
                }
                assertEquals(kernel.mmaps, kernel.munmaps, dmabuf ? "dmabuf" : "block");
            }
            kernel.played.reset();
            root = root.resolve("again");
        }
    }
}
