package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FileIo}: read()/write() over two blocks with a copy. The rules are checked one by one on a
 * {@link ManualEngine} (the test completes blocks by hand, filling them with a counter so every byte
 * read can be traced), then end to end on the simulated devices: the ADC's counter waveform read
 * through odd request sizes, and a counter written to the DAC and captured by the loopback ADC.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileIoTest {
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Each async step on a thread of its own (a blocked step must not hold up a pool). */
    static final java.util.concurrent.Executor ASYNC = r -> Thread.ofPlatform().daemon().name("fileio-test").start(r);
    /** How long a thread must stay blocked to count as waiting. */
    static final long STILL_WAITING_MS = 150;

    private final ManualEngine engine = new ManualEngine();
    private final BlockQueue in = new BlockQueue("adc/buffer0", Direction.INPUT, engine, QueueConfig.defaults(), 4);
    private final ManualEngine outEngine = new ManualEngine();
    private final BlockQueue out = new BlockQueue("dac/buffer0", Direction.OUTPUT, outEngine, QueueConfig.defaults(), 4);

    @AfterEach
    void closeQueues() {
        in.close();
        out.close();
    }

    private static IioException assertErrno(Errno expected, String fragment, Executable op) {
        IioException e = assertThrows(IioException.class, op);
        assertEquals(expected, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        return e;
    }

    /** The device fills the oldest in-flight block with {@code scans} ints counting from {@code first}. */
    private static Block deviceFills(ManualEngine e, int first, int scans) {
        Block b;
        synchronized (e) {
            b = e.inFlight.peekFirst();
        }
        assertNotNull(b, "no block in flight");
        assertEquals(BlockState.ACTIVE, b.state());
        for (int i = 0; i < scans; i++) {
            b.memory.set(INT, 4L * i, first + i);
        }
        e.completeNext(4L * scans, 1000 + first);
        return b;
    }

    /** Reads {@code bytes} as ints of {@code buf} after a read returned {@code n} bytes. */
    private static int[] ints(byte[] buf, int n) {
        int[] v = new int[n / 4];
        MemorySegment s = MemorySegment.ofArray(buf);
        for (int i = 0; i < v.length; i++) {
            v[i] = s.get(INT, 4L * i);
        }
        return v;
    }

    private static int[] range(int from, int count) {
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            v[i] = from + i;
        }
        return v;
    }

    private static int[] blockInts(Block b, int count) {
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            v[i] = b.memory.get(INT, 4L * i);
        }
        return v;
    }

    private static MemorySegment intsSegment(int from, int count) {
        MemorySegment s = MemorySegment.ofArray(new byte[4 * count]);
        for (int i = 0; i < count; i++) {
            s.set(INT, 4L * i, from + i);
        }
        return s;
    }

    private static <T> T within(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    private static void assertStillWaiting(CompletableFuture<?> f, String what) throws Exception {
        try {
            Object r = f.get(STILL_WAITING_MS, TimeUnit.MILLISECONDS);
            fail(what + " should still wait but returned " + r);
        } catch (TimeoutException expected) {
            // still blocked
        }
    }

    // ================================================================== open: length, watermark, blocks

    @Test
    void openValidatesLengthAndWatermark() {
        assertErrno(Errno.EINVAL, "length 1 scans is below the minimum of 2", () -> FileIo.open(in, 1));
        assertErrno(Errno.EINVAL, "length 0 scans", () -> FileIo.open(in, 0, 1));
        assertErrno(Errno.EINVAL, "length -3 scans", () -> FileIo.open(in, -3, 1));
        assertErrno(Errno.EINVAL, "watermark 0 scans is out of range 1..8", () -> FileIo.open(in, 8, 0));
        assertErrno(Errno.EINVAL, "watermark 9 scans is out of range 1..8", () -> FileIo.open(in, 8, 9));
        assertErrno(Errno.EINVAL, "watermark -1", () -> FileIo.open(in, 8, -1));
        assertErrno(Errno.EINVAL, "adc/buffer0: fileio: length " + Long.MAX_VALUE, () -> FileIo.open(in, Long.MAX_VALUE, 1));
        assertTrue(in.blocks().isEmpty(), "a refused open allocates nothing");
        assertFalse(in.isEnabled());
    }

    @Test
    void refusedOpenLeavesTheQueueToTheBlockApi() {
        assertErrno(Errno.EINVAL, "watermark", () -> FileIo.open(in, 8, 9));
        List<Block> b = in.allocate(1, 4096);
        assertEquals(1, b.size(), "the block API still works after a refused open");
        in.free();
        try (FileIo f = FileIo.open(in, 2)) {
            assertEquals(2, f.length());
            assertEquals(1, f.watermark(), "length 2: the default watermark is 1");
        }
    }

    @Test
    void defaultWatermarkIsHalfTheLength() {
        try (FileIo f = FileIo.open(in, 9)) {
            assertEquals(9, f.length());
            assertEquals(4, f.watermark(), "length / 2, as the kernel");
            assertEquals(4, f.scanBytes());
            assertSame(in, f.queue());
            assertEquals(Direction.INPUT, f.direction());
            assertTrue(f.isOpen());
        }
    }

    @Test
    void blocksOverTheQueueLimitsAreRefusedWithoutClaimingTheQueue() {
        try (BlockQueue small = new BlockQueue("small", Direction.INPUT, new ManualEngine(),
                QueueConfig.defaults().withMaxBlockSize(4096), 4)) {
            // 4 × 2049 / 2 = 4098 bytes per block > 4096
            assertErrno(Errno.EINVAL, "two blocks of 4098 bytes, over the limit of 4096", () -> FileIo.open(small, 2049));
            assertTrue(small.blocks().isEmpty());
            small.allocate(1, 4096);
            small.free();
            try (FileIo f = FileIo.open(small, 2048)) {
                assertEquals(4096, f.blockSize(), "exactly at the limit is fine");
            }
        }
        try (BlockQueue one = new BlockQueue("one", Direction.INPUT, new ManualEngine(),
                QueueConfig.defaults().withMaxBlocks(1), 4)) {
            assertErrno(Errno.EINVAL, "needs two blocks, over the limit of 1", () -> FileIo.open(one, 8));
            assertEquals(1, one.allocate(1, 64).size(), "not claimed");
        }
    }

    @ParameterizedTest(name = "scan {0} B, length {1} -> {2} B")
    @CsvSource({"4, 8, 16", "6, 5, 15", "8, 1001, 4004", "16, 3, 24", "4, 2, 4", "2, 4097, 4097"})
    void inputGetsTwoQueuedBlocksOfHalfTheLengthRoundedUp(int scanBytes, long length, long size) {
        ManualEngine e = new ManualEngine();
        try (BlockQueue q = new BlockQueue("q", Direction.INPUT, e, QueueConfig.defaults(), scanBytes);
             FileIo f = FileIo.open(q, length)) {
            List<Block> blocks = q.blocks();
            assertEquals(2, blocks.size(), "the kernel's fileio always uses two blocks");
            assertEquals(size, f.blockSize());
            long page = BlockMapping.pageSize();
            for (Block b : blocks) {
                assertEquals(size, b.size(), "ceil(scanBytes × length / 2)");
                assertEquals(BlockState.ACTIVE, b.state(), "queued and, the queue enabled, submitted");
                assertEquals(0, b.offset() % page, "page aligned");
                assertEquals(size / scanBytes * scanBytes, b.bytesUsed(), "filled in whole scans");
            }
            assertEquals(BlockMapping.pageAlign(size), blocks.get(1).offset(), "the mapping page-aligns them");
            assertTrue(q.isEnabled());
            assertEquals(List.of("start", "submit 0", "submit 1"), e.calls);
        }
    }

    @Test
    void outputGetsTwoFreeBlocksAndAnEnabledQueue() {
        try (FileIo f = FileIo.open(out, 8)) {
            List<Block> blocks = out.blocks();
            assertEquals(2, blocks.size());
            for (Block b : blocks) {
                assertEquals(16, b.size());
                assertEquals(BlockState.DEQUEUED, b.state(), "output blocks start on the application's side");
            }
            assertTrue(out.isEnabled());
            assertEquals(List.of("start"), outEngine.calls, "nothing submitted before anything is written");
            assertEquals(32, f.dataAvailable(), "free space: both blocks");
            assertEquals(Direction.OUTPUT, f.direction());
        }
    }

    // ================================================================== read rules

    @Test
    void readOfLessThanOneScanIsInvalidAndConsumesNothing() {
        try (FileIo f = FileIo.open(in, 8)) {
            deviceFills(engine, 0, 4);
            assertErrno(Errno.EINVAL, "adc/buffer0: read: 3 bytes is less than one scan of 4 bytes",
                    () -> f.read(new byte[3], 0, 3));
            assertErrno(Errno.EINVAL, "read: 0 bytes", () -> f.read(new byte[8], 8, 0));
            assertErrno(Errno.EINVAL, "read: 2 bytes", () -> f.read(ByteBuffer.allocate(2)));
            assertEquals(16, f.dataAvailable(), "nothing consumed");
            byte[] buf = new byte[16];
            assertEquals(16, f.read(buf, 0, 16));
            assertArrayEquals(range(0, 4), ints(buf, 16));
        }
    }

    @Test
    void readRoundsTheRequestDownToWholeScans() {
        try (FileIo f = FileIo.open(in, 8)) {
            deviceFills(engine, 0, 4);
            byte[] buf = new byte[11];
            java.util.Arrays.fill(buf, (byte) 0x55);
            assertEquals(4, f.read(buf, 0, 7), "7 bytes: one whole scan");
            assertEquals(0, MemorySegment.ofArray(buf).get(INT, 0));
            for (int i = 4; i < 11; i++) {
                assertEquals(0x55, buf[i], "byte " + i + " beyond the whole scans is not touched");
            }
            assertEquals(8, f.read(buf, 0, 11), "11 bytes: two scans");
            assertArrayEquals(new int[] {1, 2}, ints(buf, 8));
            assertEquals(4, f.dataAvailable());
        }
    }

    @Test
    void aShortReadReturnsWhatIsThereOnceTheWatermarkIsMet() {
        try (FileIo f = FileIo.open(in, 8, 2)) {
            deviceFills(engine, 100, 4);
            byte[] buf = new byte[32];
            assertEquals(16, f.read(buf, 0, 32), "8 scans asked, watermark 2, 4 there: a short read of 4");
            assertArrayEquals(range(100, 4), ints(buf, 16));
            assertEquals(List.of("start", "submit 0", "submit 1", "submit 0"), engine.calls,
                    "the drained block went back to the device");
        }
    }

    @Test
    void aPartlyFilledBlockIsReadAsFarAsItGoes() {
        try (FileIo f = FileIo.open(in, 8, 1)) {
            deviceFills(engine, 7, 3); // a block the device ended early: 3 of 4 scans
            byte[] buf = new byte[32];
            assertEquals(12, f.read(buf, 0, 32));
            assertArrayEquals(range(7, 3), ints(buf, 12));
            assertEquals(BlockState.ACTIVE, in.blocks().get(0).state(), "drained at its bytesUsed, re-enqueued");
        }
    }

    @Test
    void aReadStopsShortOfAGapAndTheNextOneSaysWhereItIs() {
        try (FileIo f = FileIo.open(in, 8, 1)) {
            byte[] buf = new byte[64];
            assertEquals(Block.UNKNOWN, f.readFirstScan(), "nothing read yet");
            deviceFills(engine, 0, 4);
            engine.completion.overrun(5);     // scans 4..8 had no block
            deviceFills(engine, 9, 4);
            assertEquals(8, f.read(buf, 0, 8));
            assertEquals(0, f.readFirstScan());
            assertEquals(0, f.readLostBefore());
            assertEquals(8, f.read(buf, 0, 64), "the rest of the first block only: the gap ends the read");
            assertArrayEquals(new int[] {2, 3}, ints(buf, 8));
            assertEquals(2, f.readFirstScan());
            assertEquals(0, f.readLostBefore());
            assertEquals(16, f.read(buf, 0, 64));
            assertArrayEquals(range(9, 4), ints(buf, 16));
            assertEquals(9, f.readFirstScan(), "4 scans, then 5 lost");
            assertEquals(5, f.readLostBefore());
            deviceFills(engine, 13, 4);
            deviceFills(engine, 17, 4);
            assertEquals(32, f.read(buf, 0, 64), "no gap: one read takes both blocks");
            assertEquals(13, f.readFirstScan());
            assertEquals(0, f.readLostBefore());
            assertEquals(5, in.stats().overrunScans());
            assertEquals(1, in.stats().overruns());
        }
    }

    @Test
    void readPositionsAreUnknownWhenTheDeviceCannotTell() {
        engine.tracksLoss = false;
        try (FileIo f = FileIo.open(in, 8, 1)) {
            deviceFills(engine, 0, 4);
            byte[] buf = new byte[16];
            assertEquals(16, f.read(buf, 0, 16));
            assertEquals(Block.UNKNOWN, f.readFirstScan());
            assertEquals(Block.UNKNOWN, f.readLostBefore(), "unknown, never 0");
        }
    }

    @Test
    void nonBlockingReadWithNothingCompletedIsEagain() {
        in.setNonBlocking(true);
        try (FileIo f = FileIo.open(in, 8, 4)) {
            byte[] buf = new byte[32];
            assertErrno(Errno.EAGAIN, "adc/buffer0: read: no scans are available yet (non-blocking)",
                    () -> f.read(buf, 0, 32));
            assertEquals(2, engine.inFlightCount(), "both blocks still with the device");
            deviceFills(engine, 5, 1);
            assertEquals(4, f.read(buf, 0, 32), "non-blocking: no wait for the watermark, whatever is there");
            assertEquals(5, MemorySegment.ofArray(buf).get(INT, 0));
            assertErrno(Errno.EAGAIN, "non-blocking", () -> f.read(buf, 0, 4));
            assertEquals(0, f.dataAvailable());
        }
    }

    @Test
    void blockingReadWaitsForTheWatermarkThenReturns() throws Exception {
        try (FileIo f = FileIo.open(in, 8, 6)) {
            byte[] buf = new byte[32];
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> f.read(buf, 0, 32), ASYNC);
            assertStillWaiting(read, "a read with nothing there");
            deviceFills(engine, 0, 4);
            assertStillWaiting(read, "a read with 4 of the watermark's 6 scans there");
            assertEquals(16, f.dataAvailable(), "dataAvailable does not wait behind the blocked read");
            deviceFills(engine, 4, 4);
            assertEquals(32, within(read), "8 there >= watermark 6: all 8 asked for");
            assertArrayEquals(range(0, 8), ints(buf, 32));
        }
    }

    @Test
    void blockingReadOfLessThanTheWatermarkWaitsOnlyForItsOwnScans() throws Exception {
        try (FileIo f = FileIo.open(in, 8, 6)) {
            byte[] buf = new byte[8];
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> f.read(buf, 0, 8), ASYNC);
            assertStillWaiting(read, "a read with nothing there");
            deviceFills(engine, 40, 4);
            assertEquals(8, within(read), "2 scans asked, min(2, watermark 6) = 2 there");
            assertArrayEquals(new int[] {40, 41}, ints(buf, 8));
        }
    }

    @Test
    void blockingReadReturnsWhenNoMoreCanComeBeforeItReads() throws Exception {
        try (FileIo f = FileIo.open(in, 8, 8)) {
            deviceFills(engine, 0, 4);
            byte[] buf = new byte[32];
            assertEquals(4, f.read(buf, 0, 4));
            // 3 scans left in block 0 + block 1's 4 = 7 < watermark 8, and block 0 stays ours until read.
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> f.read(buf, 0, 32), ASYNC);
            assertStillWaiting(read, "a read while block 1 is with the device");
            deviceFills(engine, 4, 4);
            assertEquals(28, within(read), "both blocks ours: nothing more can come, a short read of 7 scans");
            assertArrayEquals(range(1, 7), ints(buf, 28));
            assertEquals(2, engine.inFlightCount(), "both drained and back with the device");
        }
    }

    @Test
    void drainedBlocksAreReenqueuedInOrderAndTheStreamContinues() {
        try (FileIo f = FileIo.open(in, 8)) {
            Block b0 = deviceFills(engine, 0, 4);
            Block b1 = deviceFills(engine, 4, 4);
            byte[] buf = new byte[16];
            assertEquals(8, f.read(buf, 0, 8));
            assertEquals(BlockState.DEQUEUED, b0.state(), "half read: still ours");
            assertEquals(0, engine.inFlightCount());
            assertEquals(8, f.read(buf, 0, 8));
            assertArrayEquals(new int[] {2, 3}, ints(buf, 8));
            assertEquals(BlockState.ACTIVE, b0.state(), "read to its end: back with the device");
            assertEquals(1, engine.inFlightCount());
            assertEquals(16, f.dataAvailable());
            assertEquals(16, f.read(buf, 0, 16));
            assertArrayEquals(range(4, 4), ints(buf, 16));
            assertEquals(BlockState.ACTIVE, b1.state());
            assertEquals(List.of(b0, b1), List.copyOf(engine.inFlight), "re-enqueued in the order drained");
            for (int cycle = 0; cycle < 10; cycle++) {
                deviceFills(engine, 8 + 4 * cycle, 4);
                assertEquals(16, f.read(buf, 0, 16));
                assertArrayEquals(range(8 + 4 * cycle, 4), ints(buf, 16));
            }
            assertEquals(12, in.stats().blocksCompleted());
        }
    }

    @Test
    void dataAvailableCountsTheUnreadPartAndCompletedBlocks() {
        FileIo f = FileIo.open(in, 8);
        assertEquals(0, f.dataAvailable());
        deviceFills(engine, 0, 4);
        assertEquals(16, f.dataAvailable(), "a completed block");
        assertEquals(4, f.read(new byte[4], 0, 4));
        assertEquals(12, f.dataAvailable(), "the unread part of the current block");
        deviceFills(engine, 4, 2);
        assertEquals(20, f.dataAvailable(), "plus the next completed block's bytesUsed");
        f.close();
        assertErrno(Errno.ENODEV, "dataAvailable", f::dataAvailable);
    }

    @Test
    void blocksAbortedByADisableAreGivenBackNotRead() {
        in.setNonBlocking(true);
        try (FileIo f = FileIo.open(in, 8)) {
            in.disable();
            assertEquals(2, in.stats().blocksAborted());
            assertErrno(Errno.EAGAIN, "non-blocking", () -> f.read(new byte[16], 0, 16));
            for (Block b : in.blocks()) {
                assertEquals(BlockState.QUEUED, b.state(), "an empty block goes straight back (queued while disabled)");
            }
            in.enable();
            deviceFills(engine, 9, 4);
            byte[] buf = new byte[16];
            assertEquals(16, f.read(buf, 0, 16));
            assertArrayEquals(range(9, 4), ints(buf, 16));
        }
    }

    @Test
    void awaitReportsReadinessAtTheWatermark() throws Exception {
        try (FileIo f = FileIo.open(in, 8, 3)) {
            assertFalse(f.await(20, TimeUnit.MILLISECONDS));
            deviceFills(engine, 0, 2);
            assertFalse(f.await(20, TimeUnit.MILLISECONDS), "2 scans < watermark 3");
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> f.await(5, TimeUnit.SECONDS), ASYNC);
            assertStillWaiting(ready, "await below the watermark");
            deviceFills(engine, 2, 4);
            assertTrue(within(ready));
        }
    }

    @Test
    void anInterruptedBlockingReadIsEintr() throws Exception {
        try (FileIo f = FileIo.open(in, 8)) {
            Thread.currentThread().interrupt();
            assertErrno(Errno.EINTR, "interrupted", () -> f.read(new byte[16], 0, 16));
            assertTrue(Thread.interrupted(), "the interrupt status is kept");
            deviceFills(engine, 0, 4);
            assertEquals(16, f.read(new byte[16], 0, 16), "usable afterwards");
        }
    }

    // ================================================================== wrappers

    @Test
    void byteBufferAndArrayWrappers() {
        try (FileIo f = FileIo.open(in, 8, 1)) {
            deviceFills(engine, 0, 4);
            deviceFills(engine, 4, 4);
            ByteBuffer heap = ByteBuffer.allocate(11).order(ByteOrder.nativeOrder());
            heap.position(1);
            assertEquals(8, f.read(heap), "10 remaining: two scans");
            assertEquals(9, heap.position(), "the position advances by the bytes read");
            assertEquals(0, heap.getInt(1));
            assertEquals(1, heap.getInt(5));
            ByteBuffer direct = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            assertEquals(8, f.read(direct));
            assertEquals(8, direct.position());
            assertEquals(2, direct.getInt(0));
            assertThrows(ReadOnlyBufferException.class, () -> f.read(ByteBuffer.allocate(8).asReadOnlyBuffer()));
            assertThrows(IllegalArgumentException.class, () -> f.read(MemorySegment.ofArray(new byte[8]).asReadOnly()));
            assertThrows(IndexOutOfBoundsException.class, () -> f.read(new byte[8], 4, 8));
            byte[] arr = new byte[12];
            assertEquals(8, f.read(arr, 4, 8));
            assertEquals(4, MemorySegment.ofArray(arr).get(INT, 4));
            assertEquals(5, MemorySegment.ofArray(arr).get(INT, 8));
            assertEquals(0, MemorySegment.ofArray(arr).get(INT, 0), "before off: untouched");
            assertEquals(8, f.read(MemorySegment.ofArray(new byte[100])), "the rest: scans 6 and 7");
        }
        try (FileIo f = FileIo.open(out, 8)) {
            ByteBuffer src = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
            src.putInt(0, 10).putInt(4, 11).putInt(8, 12).position(4);
            assertEquals(8, f.write(src));
            assertEquals(12, src.position());
            byte[] arr = new byte[8];
            MemorySegment.ofArray(arr).set(INT, 4, 13);
            assertEquals(4, f.write(arr, 4, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> f.write(arr, 6, 4));
            f.write(intsSegment(14, 1));
            assertEquals(List.of("start", "submit 0"), outEngine.calls);
            assertArrayEquals(new int[] {11, 12, 13, 14}, blockInts(out.blocks().get(0), 4));
            outEngine.completeNext(); // played, so close has nothing to wait for
        }
    }

    // ================================================================== mixing with the block API

    @Test
    void openAfterTheBlockApiAllocatedIsBusy() {
        in.allocate(1, 4096);
        assertErrno(Errno.EBUSY, "adc/buffer0: read()/write() cannot start: 1 blocks are allocated", () -> FileIo.open(in, 8));
        assertEquals(1, in.blocks().size(), "the block API's block is untouched");
        in.free();
        try (FileIo f = FileIo.open(in, 8)) {
            assertEquals(2, in.blocks().size());
        }
    }

    @Test
    void openWithADmaBufferAttachedIsBusy() {
        try (DmaBuf buf = DmaHeap.system().allocate(4096)) {
            in.attach(buf);
            assertErrno(Errno.EBUSY, "1 DMA buffers are attached", () -> FileIo.open(in, 8));
            in.detach(buf);
            try (FileIo f = FileIo.open(in, 8)) {
                assertTrue(f.isOpen());
            }
        }
    }

    @Test
    void theBlockApiIsBusyWhileFileIoIsOpen() {
        try (FileIo f = FileIo.open(in, 8); DmaBuf buf = DmaHeap.system().allocate(4096)) {
            Block mine = in.blocks().get(0);
            assertErrno(Errno.EBUSY, "allocate: the read()/write() path (FileIo)", () -> in.allocate(1, 4096));
            assertErrno(Errno.EBUSY, "attach: the read()/write() path (FileIo)", () -> in.attach(buf));
            assertErrno(Errno.EBUSY, "the read()/write() path (FileIo)", () -> in.allocateDmaBuf(4096));
            assertErrno(Errno.EBUSY, "enqueue: the read()/write() path (FileIo)", () -> in.enqueue(mine));
            assertErrno(Errno.EBUSY, "enqueue", () -> in.enqueue(mine, 0, 0));
            assertErrno(Errno.EBUSY, "dequeue: the read()/write() path (FileIo)", in::tryDequeue);
            assertErrno(Errno.EBUSY, "dequeue", () -> in.dequeue(10, TimeUnit.MILLISECONDS));
            assertErrno(Errno.EBUSY, "dequeue", in::dequeue);
            assertErrno(Errno.EBUSY, "free", in::free);
            assertErrno(Errno.EBUSY, "already open", () -> FileIo.open(in, 8));
            deviceFills(engine, 0, 4);
            assertErrno(Errno.EBUSY, "dequeue", in::tryDequeue);
            assertEquals(16, f.dataAvailable(), "the refused dequeue took nothing from FileIo");
            assertEquals(2, in.blocks().size());
            assertFalse(in.isAttached(buf));
        }
        assertEquals(1, in.allocate(1, 4096).size(), "after close the block API works again");
    }

    // ================================================================== write rules

    @Test
    void writeFillsTheCurrentBlockAndQueuesItWhenFull() {
        try (FileIo f = FileIo.open(out, 8)) {
            assertEquals(8, f.write(intsSegment(0, 2)));
            assertEquals(0, outEngine.inFlightCount(), "half a block: not queued yet");
            assertEquals(24, f.dataAvailable());
            assertEquals(12, f.write(intsSegment(2, 3)));
            assertEquals(1, outEngine.inFlightCount(), "block 0 full: queued");
            Block b0 = out.blocks().get(0);
            assertEquals(BlockState.ACTIVE, b0.state());
            assertEquals(16, b0.bytesUsed(), "queued with its whole capacity");
            assertArrayEquals(range(0, 4), blockInts(b0, 4));
            assertEquals(12, f.dataAvailable(), "3 scans left in block 1");
            f.flush();
            Block b1 = out.blocks().get(1);
            assertEquals(BlockState.ACTIVE, b1.state(), "flush queued the partly filled block");
            assertEquals(4, b1.bytesUsed(), "with its one whole scan");
            assertArrayEquals(new int[] {4}, blockInts(b1, 1));
            assertEquals(0, f.dataAvailable());
            f.flush();
            assertEquals(List.of("start", "submit 0", "submit 1"), outEngine.calls, "nothing more to flush: a no-op");
            outEngine.completeNext();
            assertEquals(16, f.dataAvailable(), "a played block is free space again");
            outEngine.completeNext();
            assertEquals(32, f.dataAvailable());
        }
    }

    @Test
    void writeOfAPartialScanIsInvalidAndAcceptsNothing() {
        try (FileIo f = FileIo.open(out, 8)) {
            assertErrno(Errno.EINVAL, "dac/buffer0: write: 6 bytes is not a whole number of 4-byte scans",
                    () -> f.write(new byte[6], 0, 6));
            assertErrno(Errno.EINVAL, "write: 3 bytes is less than one scan of 4 bytes", () -> f.write(new byte[3], 0, 3));
            assertErrno(Errno.EINVAL, "write: 0 bytes", () -> f.write(new byte[0], 0, 0));
            assertErrno(Errno.EINVAL, "write: 4097 bytes", () -> f.write(MemorySegment.ofArray(new byte[4097])));
            assertEquals(32, f.dataAvailable(), "nothing accepted");
            assertEquals(List.of("start"), outEngine.calls);
        }
    }

    @Test
    void aWriteLargerThanABlockSpansBlocks() {
        try (FileIo f = FileIo.open(out, 8)) {
            out.setNonBlocking(true);
            assertEquals(32, f.write(intsSegment(0, 8)));
            assertEquals(2, outEngine.inFlightCount());
            assertArrayEquals(range(0, 4), blockInts(out.blocks().get(0), 4));
            assertArrayEquals(range(4, 4), blockInts(out.blocks().get(1), 4));
            outEngine.completeNext();
            outEngine.completeNext();
        }
    }

    @Test
    void nonBlockingWriteWithNoFreeBlockIsEagainOrShort() {
        out.setNonBlocking(true);
        try (FileIo f = FileIo.open(out, 8)) {
            assertEquals(24, f.write(intsSegment(0, 6)));
            assertEquals(8, f.write(intsSegment(6, 4)), "room for 2 of 4 scans: the 8 bytes accepted");
            assertEquals(2, outEngine.inFlightCount());
            assertErrno(Errno.EAGAIN, "dac/buffer0: write: no free space", () -> f.write(intsSegment(8, 1)));
            outEngine.completeNext();
            assertEquals(16, f.dataAvailable());
            assertEquals(4, f.write(intsSegment(8, 1)), "a played block takes the write");
            outEngine.completeNext();
            f.flush();
            Block b0 = out.blocks().get(0);
            assertEquals(4, b0.bytesUsed());
            assertArrayEquals(new int[] {8}, blockInts(b0, 1));
            assertArrayEquals(range(4, 4), blockInts(out.blocks().get(1), 4), "the short write's 2 scans ended block 1");
            outEngine.completeNext();
        }
    }

    @Test
    void blockingWriteWaitsForTheDeviceToPlayABlock() throws Exception {
        FileIo f = FileIo.open(out, 8);
        assertEquals(32, f.write(intsSegment(0, 8)));
        CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> f.write(intsSegment(8, 2)), ASYNC);
        assertStillWaiting(write, "a write with both blocks queued");
        outEngine.completeNext();
        assertEquals(8, within(write));
        assertEquals(8, f.dataAvailable());
        assertArrayEquals(new int[] {8, 9}, blockInts(out.blocks().get(0), 2), "into the block the device played");
        f.abort();
    }

    @Test
    void abortDropsWhatWasNotPlayedWithoutWaiting() {
        FileIo f = FileIo.open(out, 8);
        f.write(intsSegment(0, 5));
        long t0 = System.nanoTime();
        f.abort();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "abort does not wait for the device");
        assertEquals(List.of("start", "submit 0", "abort"), outEngine.calls, "no flush of the partly filled block");
        assertEquals(1, out.stats().blocksAborted(), "the queued block was cut short");
        assertTrue(out.blocks().isEmpty());
        assertFalse(f.isOpen());
        f.abort();
        f.close();
        assertErrno(Errno.ENODEV, "closed", () -> f.write(intsSegment(0, 1)));
    }

    @Test
    void drainTimesOutWhileTheDeviceHasNotPlayed() {
        try (FileIo f = FileIo.open(out, 8)) {
            f.write(intsSegment(0, 4));
            assertFalse(f.drain(100, TimeUnit.MILLISECONDS));
            assertEquals(1, outEngine.inFlightCount());
            outEngine.completeNext();
            assertTrue(f.drain(0, TimeUnit.MILLISECONDS), "played: drained at once");
        }
    }

    @Test
    void drainWaitsUntilEverythingWrittenWasPlayed() throws Exception {
        try (FileIo f = FileIo.open(out, 8)) {
            f.write(intsSegment(0, 5));
            assertFalse(f.drain(50, TimeUnit.MILLISECONDS), "the device played nothing yet");
            assertEquals(2, outEngine.inFlightCount(), "drain flushed the partly filled block");
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> f.drain(5, TimeUnit.SECONDS), ASYNC);
            outEngine.completeNext();
            assertStillWaiting(drained, "drain with one block still playing");
            outEngine.completeNext();
            assertTrue(within(drained));
            assertEquals(32, f.dataAvailable());
        }
    }

    @Test
    void closeOfAnOutputFlushesAndWaitsForThePlayToFinish() throws Exception {
        FileIo f = FileIo.open(out, 8);
        f.write(intsSegment(0, 5));
        CompletableFuture<Void> close = CompletableFuture.runAsync(f::close, ASYNC);
        assertStillWaiting(close, "close while the device is playing");
        assertEquals(2, outEngine.inFlightCount(), "close flushed block 1");
        Block b1 = out.blocks().get(1);
        assertEquals(4, b1.bytesUsed());
        assertArrayEquals(new int[] {4}, blockInts(b1, 1));
        assertTrue(out.isEnabled(), "not disabled before the drain");
        assertErrno(Errno.ENODEV, "closed", () -> f.write(intsSegment(5, 1)));
        outEngine.completeNext();
        outEngine.completeNext();
        within(close);
        assertEquals("abort", outEngine.calls.getLast(), "disabled after the drain");
        assertEquals(0, out.stats().blocksAborted(), "nothing was cut short");
        assertTrue(out.blocks().isEmpty());
        assertFalse(out.isEnabled());
    }

    @Test
    void readOnOutputAndWriteOnInputAreEperm() {
        try (FileIo r = FileIo.open(in, 8); FileIo w = FileIo.open(out, 8)) {
            assertErrno(Errno.EPERM, "dac/buffer0: read: this is an output buffer", () -> w.read(new byte[4], 0, 4));
            assertErrno(Errno.EPERM, "adc/buffer0: write: this is an input buffer", () -> r.write(new byte[4], 0, 4));
            assertErrno(Errno.EPERM, "flush", r::flush);
            assertErrno(Errno.EPERM, "drain", () -> r.drain(1, TimeUnit.SECONDS));
        }
    }

    // ================================================================== close

    @Test
    void closeIsIdempotentAndEveryOperationAfterItIsEnodev() {
        FileIo r = FileIo.open(in, 8);
        deviceFills(engine, 0, 4);
        r.close();
        r.close();
        assertFalse(r.isOpen());
        assertErrno(Errno.ENODEV, "adc/buffer0: read: the read()/write() path (FileIo) is closed",
                () -> r.read(new byte[4], 0, 4));
        assertErrno(Errno.ENODEV, "read", () -> r.read(ByteBuffer.allocate(4)));
        assertErrno(Errno.ENODEV, "read", () -> r.read(new byte[1], 0, 1));
        assertErrno(Errno.ENODEV, "dataAvailable", r::dataAvailable);
        assertErrno(Errno.ENODEV, "await", () -> r.await(1, TimeUnit.SECONDS));
        assertTrue(in.blocks().isEmpty(), "blocks freed");
        assertFalse(in.isEnabled());
        assertTrue(engine.calls.contains("abort"));
        assertFalse(in.isClosed(), "the queue itself stays open");

        FileIo w = FileIo.open(out, 8);
        w.close();
        w.close();
        assertErrno(Errno.ENODEV, "dac/buffer0: write: the read()/write() path (FileIo) is closed",
                () -> w.write(new byte[4], 0, 4));
        assertErrno(Errno.ENODEV, "flush", w::flush);
        assertErrno(Errno.ENODEV, "drain", () -> w.drain(1, TimeUnit.SECONDS));
        assertTrue(out.blocks().isEmpty());

        try (FileIo again = FileIo.open(in, 4)) {
            assertEquals(2, in.blocks().size(), "the queue can be opened again");
            deviceFills(engine, 50, 2);
            byte[] buf = new byte[8];
            assertEquals(8, again.read(buf, 0, 8));
            assertArrayEquals(new int[] {50, 51}, ints(buf, 8));
        }
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
        FileIo f = FileIo.open(in, 8);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> f.read(new byte[16], 0, 16), ASYNC);
        assertStillWaiting(read, "a read with nothing there");
        long t0 = System.nanoTime();
        f.close();
        IioException e = assertThrows(IioException.class, () -> within(read));
        assertEquals(Errno.ENODEV, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "close and the wake-up are prompt");
        assertTrue(in.blocks().isEmpty());
    }

    @Test
    void closeWakesABlockedWriterWhichKeepsWhatItAccepted() throws Exception {
        FileIo f = FileIo.open(out, 8);
        CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> f.write(intsSegment(0, 12)), ASYNC);
        assertStillWaiting(write, "a write of 3 blocks' worth into 2");
        CompletableFuture<Void> close = CompletableFuture.runAsync(f::close, ASYNC);
        assertEquals(32, within(write), "the writer gives up, reporting the 8 scans it accepted");
        outEngine.completeNext();
        outEngine.completeNext();
        within(close);
        assertTrue(out.blocks().isEmpty());
    }

    @Test
    void aClosedQueueSurfacesEnodev() throws Exception {
        FileIo r = FileIo.open(in, 8);
        FileIo w = FileIo.open(out, 8);
        w.write(intsSegment(0, 2));
        in.close();
        out.close();
        assertErrno(Errno.ENODEV, "adc/buffer0: read: the buffer is closed", () -> r.read(new byte[4], 0, 4));
        assertErrno(Errno.ENODEV, "dac/buffer0: write: the buffer is closed", () -> w.write(new byte[4], 0, 4));
        assertErrno(Errno.ENODEV, "dataAvailable", r::dataAvailable);
        assertDoesNotThrow(r::close);
        assertDoesNotThrow(w::close, "no drain on a closed queue");
        assertErrno(Errno.ENODEV, "the read()/write() path (FileIo) is closed", () -> r.read(new byte[4], 0, 4));
    }

    @Test
    void closingTheQueueWakesABlockedReaderWithEnodev() throws Exception {
        FileIo f = FileIo.open(in, 8);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> f.read(new byte[16], 0, 16), ASYNC);
        assertStillWaiting(read, "a read with nothing there");
        in.close();
        IioException e = assertThrows(IioException.class, () -> within(read));
        assertEquals(Errno.ENODEV, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains("adc/buffer0"), e.getMessage());
        f.close();
    }

    // ================================================================== the sim: counter through FileIo

    static final String UNTHROTTLED = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";
    static final long COUNTER_SCANS = 2_000_000;

    /** Checks a byte stream of counter scans: voltage k of scan n is (n + k) mod 2^16. */
    static final class CounterCheck {
        final int[] indexes;
        final int scanBytes;
        final int tsOffset;
        long next;
        long lastTs = Long.MIN_VALUE;

        CounterCheck(String... ids) {
            indexes = java.util.Arrays.stream(ids).filter(id -> !id.equals("timestamp"))
                    .mapToInt(id -> Integer.parseInt(id.substring("voltage".length()))).sorted().toArray();
            boolean ts = List.of(ids).contains("timestamp");
            int bytes = 2 * indexes.length;
            tsOffset = ts ? (bytes + 7) / 8 * 8 : -1;
            scanBytes = ts ? tsOffset + 8 : bytes;
        }

        void verify(MemorySegment data, long bytes) {
            assertEquals(0, bytes % scanBytes, "a read returned " + bytes + " bytes: not whole scans");
            for (long base = 0; base < bytes; base += scanBytes, next++) {
                for (int e = 0; e < indexes.length; e++) {
                    int v = data.get(LE16, base + 2L * e) & 0xFFFF;
                    int want = (int) ((next + indexes[e]) & 0xFFFF);
                    if (v != want) {
                        fail("scan " + next + ", voltage" + indexes[e] + ": " + v + ", expected " + want
                                + " (samples " + (v < want ? "repeated" : "lost") + ")");
                    }
                }
                if (tsOffset >= 0) {
                    long ts = data.get(LE64, base + tsOffset);
                    if (ts < lastTs || ts == 0) {
                        fail("scan " + next + ": timestamp " + ts + " after " + lastTs);
                    }
                    lastTs = ts;
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"voltage0,voltage1,voltage2,voltage3", "voltage0,voltage1,voltage2,voltage3,timestamp",
            "voltage1,voltage3"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theCounterWaveformArrivesWholeThroughOddReadSizes(String channels) {
        try (Context ctx = Context.open(UNTHROTTLED)) {
            Device adc = ctx.requireDevice("sim-adc");
            String[] ids = channels.split(",");
            CounterCheck check = new CounterCheck(ids);
            try (BlockQueue q = adc.openBuffer(0, adc.mask(ids), QueueConfig.defaults());
                 FileIo f = FileIo.open(q, 3000);
                 Arena arena = Arena.ofConfined()) {
                assertEquals(check.scanBytes, q.scanBytes());
                long sb = check.scanBytes;
                long[] requests = {3 * sb, 1000 * sb, 4097, sb, 2 * sb + 1, 65536, 1499 * sb, 7 * sb - 1};
                MemorySegment buf = arena.allocate(65536);
                long reads = 0;
                long shortReads = 0;
                while (check.next < COUNTER_SCANS) {
                    long req = requests[(int) (reads++ % requests.length)];
                    int n = f.read(buf.asSlice(0, req));
                    long asked = req / sb * sb;
                    assertTrue(n > 0 && n <= asked, "read of " + req + " bytes returned " + n);
                    if (n < asked) {
                        shortReads++;
                    }
                    check.verify(buf, n);
                }
                assertTrue(reads > 1000, "many reads: " + reads);
                assertEquals(0, q.stats().overruns(), "an unthrottled ADC never overruns");
                assertTrue(q.stats().blocksCompleted() >= COUNTER_SCANS / 1500,
                        "blocks of 1500 scans carried it: " + q.stats());
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theCounterArrivesWholeThroughNonBlockingReadsAndAwait() {
        try (Context ctx = Context.open(UNTHROTTLED)) {
            Device adc = ctx.requireDevice("sim-adc");
            String[] ids = {"voltage0", "voltage1", "voltage2", "voltage3"};
            CounterCheck check = new CounterCheck(ids);
            try (BlockQueue q = adc.openBuffer(0, adc.mask(ids), QueueConfig.defaults());
                 FileIo f = FileIo.open(q, 512, 100);
                 Arena arena = Arena.ofConfined()) {
                q.setNonBlocking(true);
                MemorySegment buf = arena.allocate(8 * 333);
                long eagains = 0;
                while (check.next < COUNTER_SCANS / 2) {
                    try {
                        int n = f.read(buf);
                        check.verify(buf, n);
                    } catch (IioException e) {
                        assertEquals(Errno.EAGAIN, e.errno(), e.getMessage());
                        eagains++;
                        assertTrue(f.await(5, TimeUnit.SECONDS), "the device stopped delivering");
                    }
                }
                assertEquals(0, q.stats().overruns());
            }
        }
    }

    // ================================================================== the sim: write to the DAC, capture by loopback

    static final String LOOPBACK = "sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0";

    /** Scan i written to the DAC: voltage0 = i, voltage1 = i + 1 (mod 2^16), little endian. */
    static int counterScan(long i) {
        return (int) ((i & 0xFFFF) | ((i + 1) & 0xFFFF) << 16);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void scansWrittenToTheDacReachTheLoopbackAdcExactly() throws Exception {
        ValueLayout.OfInt le32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        try (Context ctx = Context.open(LOOPBACK)) {
            Device adc = ctx.requireDevice("sim-adc");
            Device dac = ctx.requireDevice("sim-dac");
            try (BlockQueue capture = adc.openBuffer(adc.mask("voltage0", "voltage1"));
                 BlockQueue play = dac.openBuffer(dac.mask("voltage0", "voltage1"))) {
                assertEquals(4, capture.scanBytes());
                assertEquals(4, play.scanBytes());
                for (Block b : capture.allocate(4, 4096)) {
                    capture.enqueue(b);
                }
                capture.enable(); // listening before the DAC plays anything
                long adcBlockScans = 1024;
                long total = adcBlockScans * 1001; // not a whole number of the DAC's 2048-scan blocks
                FileIo f = FileIo.open(play, 4096);
                assertEquals(8192, f.blockSize());
                CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                    long[] chunks = {3, 1000, 1024, 1, 4097, 77, 2048};
                    MemorySegment src = MemorySegment.ofArray(new byte[4 * 4097]);
                    long written = 0;
                    int i = 0;
                    while (written < total) {
                        long scans = Math.min(chunks[i++ % chunks.length], total - written);
                        for (long s = 0; s < scans; s++) {
                            src.set(le32, 4 * s, counterScan(written + s));
                        }
                        int n = f.write(src.asSlice(0, 4 * scans));
                        assertEquals(4 * scans, n, "a blocking write takes everything");
                        written += scans;
                    }
                    f.close(); // flush the half block, wait for the DAC to play it, disable
                    return written;
                }, ASYNC);
                long seen = 0;
                while (seen < total) {
                    Block b = capture.dequeue(10, TimeUnit.SECONDS);
                    long scans = b.bytesUsed() / 4;
                    assertEquals(adcBlockScans, scans, "loopback blocks complete full");
                    MemorySegment m = b.segment();
                    for (long s = 0; s < scans; s++) {
                        int got = m.get(le32, 4 * s);
                        int want = counterScan(seen + s);
                        if (got != want) {
                            fail("scan " + (seen + s) + ": ADC saw 0x" + Integer.toHexString(got)
                                    + ", the DAC was given 0x" + Integer.toHexString(want));
                        }
                    }
                    seen += scans;
                    capture.enqueue(b);
                }
                assertEquals(total, writer.get(30, TimeUnit.SECONDS));
                assertFalse(f.isOpen());
                assertTrue(play.blocks().isEmpty(), "closed: blocks freed");
                assertFalse(play.isEnabled());
                assertEquals(total * 4, play.stats().bytesCompleted(), "the DAC played every byte written, once");
                assertEquals(0, play.stats().blocksAborted(), "close drained, it did not abort");
                assertEquals(0, capture.stats().overruns(), "lossless loopback");
                assertEquals(0, capture.blocksReady(), "nothing more than was written arrived");
            }
        }
    }
}
