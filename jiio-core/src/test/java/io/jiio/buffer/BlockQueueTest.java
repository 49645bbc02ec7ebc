package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Direction;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BlockQueueTest {
    private final ManualEngine engine = new ManualEngine();
    private BlockQueue in = new BlockQueue("adc/buffer0", Direction.INPUT, engine, QueueConfig.defaults(), 4);

    @AfterEach
    void closeQueue() {
        in.close();
    }

    private static void assertErrno(Errno expected, String fragment, Executable op) {
        IioException e = assertThrows(IioException.class, op);
        assertEquals(expected, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void allocateGivesApplicationOwnedPageAlignedBlocksThatNeverOverlapOrMove() {
        List<Block> blocks = in.allocate(3, 1000);
        assertEquals(3, blocks.size());
        long page = BlockMapping.pageSize();
        for (int i = 0; i < 3; i++) {
            Block b = blocks.get(i);
            assertEquals(i, b.id());
            assertEquals(BlockState.DEQUEUED, b.state());
            assertEquals(1000, b.size());
            assertEquals(i * page, b.offset(), "offsets are cumulative page-aligned sizes");
            assertEquals(1000, in.map(b).byteSize());
            assertEquals(0, in.map(b).address() % page, "block memory is page aligned");
        }
        List<Block> more = in.allocate(2, 5000);
        assertEquals(3, more.get(0).id(), "a second allocate continues the ids");
        assertEquals(3 * page, more.get(0).offset());
        assertEquals(3 * page + BlockMapping.pageAlign(5000), more.get(1).offset());
        // Each block's memory is its own allocation now (no native mmap at start-up): what matters
        // is that blocks never overlap and never move when more are allocated.
        List<Block> all = new java.util.ArrayList<>(blocks);
        all.addAll(more);
        long firstAddress = in.map(blocks.get(0)).address();
        for (int i = 0; i < all.size(); i++) {
            MemorySegment a = in.map(all.get(i));
            for (int j = i + 1; j < all.size(); j++) {
                MemorySegment b = in.map(all.get(j));
                assertTrue(a.address() + a.byteSize() <= b.address() || b.address() + b.byteSize() <= a.address(),
                        "blocks " + i + " and " + j + " overlap");
            }
        }
        assertEquals(firstAddress, in.map(blocks.get(0)).address(), "a block stays where it was");
    }

    @Test
    void allocateRejectsBadCountsAndSizesAndLimits() {
        assertErrno(Errno.EINVAL, "block count 0", () -> in.allocate(0, 4096));
        assertErrno(Errno.EINVAL, "cannot hold one scan", () -> in.allocate(1, 3));
        assertErrno(Errno.EINVAL, "exceeds the limit of 16777216", () -> in.allocate(1, (16 << 20) + 1));
        assertErrno(Errno.EINVAL, "over the limit of 64", () -> in.allocate(65, 4096));
        in.allocate(60, 4096);
        assertErrno(Errno.EINVAL, "would make 65", () -> in.allocate(5, 4096));
        assertEquals(60, in.blocks().size(), "a refused allocate adds nothing");
    }

    @Test
    void limitsAreConfigurable() {
        try (BlockQueue q = new BlockQueue("q", Direction.INPUT, new ManualEngine(),
                QueueConfig.defaults().withMaxBlocks(2).withMaxBlockSize(8192), 4)) {
            q.allocate(2, 8192);
            assertErrno(Errno.EINVAL, "limit of 2", () -> q.allocate(1, 16));
        }
        assertErrno(Errno.EINVAL, "maxBlocks 0", () -> new QueueConfig(0, 4096));
    }

    @Test
    void queryFillsEveryField() {
        Block b = in.allocate(2, 4096).get(1);
        BlockInfo info = in.query(1);
        assertEquals(new BlockInfo(1, 4096, 0, 0, 0, b.offset(), BlockState.DEQUEUED, Block.UNKNOWN, Block.UNKNOWN),
                info);
        assertErrno(Errno.EINVAL, "no block 2", () -> in.query(2));
        assertErrno(Errno.EINVAL, "no block -1", () -> in.query(-1));
    }

    @Test
    void inputCycleDequeuedQueuedActiveDoneDequeued() {
        Block b = in.allocate(1, 4098).get(0);
        in.enqueue(b);
        assertEquals(BlockState.QUEUED, b.state(), "disabled: waits on the incoming queue");
        assertEquals(0, engine.inFlightCount());
        in.enable();
        assertEquals(BlockState.ACTIVE, b.state());
        assertEquals(4096, b.bytesUsed(), "input blocks are filled in whole scans");
        assertNull(in.tryDequeue(), "nothing done yet: would block");
        engine.completeNext(4096, 777);
        assertEquals(BlockState.DONE, b.state());
        assertEquals(4096, in.bytesAvailable());
        assertEquals(1, in.blocksReady());
        assertSame(b, in.tryDequeue());
        assertEquals(BlockState.DEQUEUED, b.state());
        assertEquals(777, b.timestampNs());
        assertEquals(0, in.bytesAvailable());
        assertEquals(1, in.stats().blocksCompleted());
        assertEquals(4096, in.stats().bytesCompleted());
    }

    @Test
    void enqueueOfActiveBlockIsBusyAndNamesIt() {
        Block b = in.allocate(1, 4096).get(0);
        in.enable();
        in.enqueue(b);
        assertErrno(Errno.EBUSY, "block 0 is ACTIVE", () -> in.enqueue(b));
    }

    @Test
    void enqueueOfQueuedBlockIsANoOpAsInTheKernel() {
        Block b = in.allocate(1, 4096).get(0);
        in.enqueue(b);
        in.enqueue(b);
        in.enable();
        assertEquals(1, engine.inFlightCount(), "submitted once");
    }

    @Test
    void enqueueOfDoneBlockTakesItOffTheOutgoingQueueAndResubmits() {
        List<Block> bs = in.allocate(2, 4096);
        in.enable();
        in.enqueue(bs.get(0));
        in.enqueue(bs.get(1));
        engine.completeNext();
        engine.completeNext();
        in.enqueue(bs.get(0));
        assertEquals(BlockState.ACTIVE, bs.get(0).state());
        assertEquals(4096, in.bytesAvailable(), "only block 1 is still available");
        assertSame(bs.get(1), in.tryDequeue());
        assertNull(in.tryDequeue());
    }

    @Test
    void flagsAreChecked() {
        Block b = in.allocate(1, 4096).get(0);
        assertErrno(Errno.EINVAL, "bit 0 is reserved", () -> in.enqueue(b, 4096, BlockFlags.RESERVED_0));
        assertErrno(Errno.EINVAL, "unknown flags 0x10", () -> in.enqueue(b, 4096, 0x10));
        assertErrno(Errno.EINVAL, "CYCLIC is for output", () -> in.enqueue(b, 4096, BlockFlags.CYCLIC));
        assertEquals(BlockState.DEQUEUED, b.state(), "a refused enqueue changes nothing");
    }

    @Test
    void outputBytesUsedMustBeWholeScansWithinTheBlock() {
        try (BlockQueue out = new BlockQueue("dac/buffer0", Direction.OUTPUT, new ManualEngine(), QueueConfig.defaults(), 4)) {
            Block b = out.allocate(1, 4096).get(0);
            assertErrno(Errno.EINVAL, "bytesUsed 0 is out of range 1..4096", () -> out.enqueue(b, 0, 0));
            assertErrno(Errno.EINVAL, "bytesUsed 4100 is out of range", () -> out.enqueue(b, 4100, 0));
            assertErrno(Errno.EINVAL, "not a whole number of 4-byte scans", () -> out.enqueue(b, 6, 0));
            out.enqueue(b, 8, BlockFlags.CYCLIC);
            assertEquals(8, b.bytesUsed());
            assertTrue(b.isCyclic());
        }
    }

    @Test
    void outputBlocksDrainAndComeBack() {
        ManualEngine dac = new ManualEngine();
        try (BlockQueue out = new BlockQueue("dac/buffer0", Direction.OUTPUT, dac, QueueConfig.defaults(), 4)) {
            Block b = out.allocate(1, 4096).get(0);
            MemorySegment m = out.map(b);
            m.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 42);
            out.enqueue(b);
            assertEquals(4096, b.bytesUsed(), "enqueue(block) plays the whole block");
            out.enable();
            assertFalse(out.isReady());
            dac.completeNext(4096, 5);
            assertTrue(out.isReady());
            assertSame(b, out.dequeue(1, TimeUnit.SECONDS));
            assertEquals(42, out.map(b).get(ValueLayout.JAVA_INT_UNALIGNED, 0));
        }
    }

    @Test
    void mapIsRefusedWhileTheDeviceOwnsTheBlock() {
        Block b = in.allocate(1, 4096).get(0);
        in.enqueue(b);
        assertErrno(Errno.EBUSY, "block 0 is QUEUED", () -> in.map(b));
        in.enable();
        assertErrno(Errno.EBUSY, "block 0 is ACTIVE", b::segment);
        engine.completeNext();
        assertErrno(Errno.EBUSY, "block 0 is DONE", () -> in.map(b));
        in.dequeue();
        assertEquals(4096, in.map(b).byteSize());
    }

    @Test
    void dequeueWaysWhenEmpty() {
        in.allocate(1, 4096);
        assertNull(in.tryDequeue(), "non-blocking: the would-block result");
        assertErrno(Errno.ETIMEDOUT, "within 20 ms", () -> in.dequeue(20, TimeUnit.MILLISECONDS));
        Thread.currentThread().interrupt();
        assertErrno(Errno.EINTR, "interrupted", () -> in.dequeue());
        assertTrue(Thread.interrupted(), "the interrupt status is kept for the caller, as j.u.c does");
    }

    @Test
    void blockingDequeueWakesOnCompletionFromAnotherThread() throws Exception {
        Block b = in.allocate(1, 4096).get(0);
        in.enable();
        in.enqueue(b);
        Thread device = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.completeNext();
        });
        assertSame(b, in.dequeue());
        device.join();
    }

    @Test
    void disableAbortsActiveBlocksWithZeroBytesAndKeepsQueuedOnes() {
        List<Block> bs = in.allocate(3, 4096);
        in.enable();
        in.enqueue(bs.get(0));
        in.enqueue(bs.get(1));
        in.disable();
        in.enqueue(bs.get(2));
        assertEquals(BlockState.DONE, bs.get(0).state());
        assertEquals(BlockState.DONE, bs.get(1).state());
        assertEquals(BlockState.QUEUED, bs.get(2).state(), "queued after disable: waits for the next enable");
        Block first = in.tryDequeue();
        assertSame(bs.get(0), first, "aborted blocks come back in submit order");
        assertEquals(0, first.bytesUsed());
        assertEquals(0, in.tryDequeue().bytesUsed());
        assertEquals(2, in.stats().blocksAborted());
        assertEquals(0, in.stats().blocksCompleted());
        in.enable();
        assertEquals(BlockState.ACTIVE, bs.get(2).state());
        assertEquals(List.of("start", "submit 0", "submit 1", "abort", "start", "submit 2"), engine.calls);
    }

    @Test
    void enableAndDisableAreIdempotent() {
        in.disable();
        in.enable();
        in.enable();
        in.disable();
        in.disable();
        assertEquals(List.of("start", "abort"), engine.calls);
    }

    @Test
    void freeKillsEveryBlockAndUseAfterFreeIsRefused() {
        Block b = in.allocate(2, 4096).get(0);
        MemorySegment stale = in.map(b);
        in.free();
        assertEquals(BlockState.DEAD, b.state());
        assertErrno(Errno.EINVAL, "block 0 is DEAD", () -> in.enqueue(b));
        assertErrno(Errno.EINVAL, "block 0 is DEAD", () -> in.map(b));
        assertErrno(Errno.EINVAL, "no blocks are allocated", () -> in.tryDequeue());
        assertErrno(Errno.EINVAL, "no blocks are allocated", () -> in.dequeue());
        assertErrno(Errno.EINVAL, "already freed", () -> in.free());
        assertThrows(IllegalStateException.class, () -> stale.get(ValueLayout.JAVA_BYTE, 0),
                "a stale segment fails instead of touching unmapped memory");
        Block fresh = in.allocate(1, 4096).get(0);
        assertEquals(0, fresh.id(), "ids start again after free");
        assertErrno(Errno.EINVAL, "block 0 is DEAD", () -> in.enqueue(b));
    }

    @Test
    void freeWhileTheDeviceWritesKeepsTheMemoryUntilItIsDone() {
        Block b = in.allocate(1, 4096).get(0);
        in.enable();
        in.enqueue(b);
        in.free();
        assertEquals(BlockState.DEAD, b.state());
        MemorySegment deviceView = b.memory;
        deviceView.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 7);
        assertEquals(7, deviceView.get(ValueLayout.JAVA_INT_UNALIGNED, 0), "still mapped while the DMA runs");
        engine.completeNext(4096, 1);
        assertTrue(b.mapping.isUnmapped(), "released once the device completed it");
        assertEquals(0, in.stats().blocksCompleted(), "a dead block's completion is not data");
    }

    @Test
    void freeWhileActiveThenDisableReleasesTheMemory() {
        Block b = in.allocate(1, 4096).get(0);
        in.enable();
        in.enqueue(b);
        in.free();
        assertFalse(b.mapping.isUnmapped());
        in.disable();
        assertTrue(b.mapping.isUnmapped());
    }

    @Test
    void blocksOfAnotherQueueAreRefused() {
        try (BlockQueue other = new BlockQueue("other", Direction.INPUT, new ManualEngine(), QueueConfig.defaults(), 4)) {
            Block foreign = other.allocate(1, 4096).get(0);
            in.allocate(1, 4096);
            assertErrno(Errno.EINVAL, "belongs to other", () -> in.enqueue(foreign));
            assertErrno(Errno.EINVAL, "belongs to other", () -> in.map(foreign));
        }
    }

    @Test
    void closeAbortsFreesAndRefusesEverythingAfter() {
        Block b = in.allocate(2, 4096).get(0);
        in.enable();
        in.enqueue(b);
        in.close();
        in.close();
        assertTrue(engine.closed);
        assertEquals(BlockState.DEAD, b.state());
        assertTrue(b.mapping.isUnmapped());
        assertErrno(Errno.ENODEV, "is closed", () -> in.enqueue(b));
        assertErrno(Errno.ENODEV, "is closed", () -> in.allocate(1, 4096));
        assertErrno(Errno.ENODEV, "is closed", () -> in.tryDequeue());
        assertErrno(Errno.ENODEV, "is closed", () -> in.enable());
    }

    /** What a dequeue blocked on an empty queue throws once {@code ending} runs on this thread. */
    private IioException failureOfABlockedDequeue(Runnable ending) throws InterruptedException {
        in.allocate(1, 4096);
        var failure = new java.util.concurrent.atomic.AtomicReference<IioException>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                in.dequeue();
            } catch (IioException e) {
                failure.set(e);
            }
        });
        Thread.sleep(30);
        ending.run();
        waiter.join(2000);
        assertFalse(waiter.isAlive());
        return failure.get();
    }

    @Test
    void closeWakesABlockedDequeue() throws Exception {
        assertEquals(Errno.ENODEV, failureOfABlockedDequeue(in::close).errno());
    }

    @Test
    void aFailedQueueReportsWhyToWaitersAndLaterCalls() throws Exception {
        IioException failure = failureOfABlockedDequeue(
                () -> in.fail(new IioException(Errno.EBUSY, "OPEN_BUFFER on sim-adc: Device or resource busy")));
        assertEquals(Errno.EBUSY, failure.errno());
        assertTrue(failure.getMessage().contains("stopped: OPEN_BUFFER on sim-adc"), failure.getMessage());
        assertErrno(Errno.EBUSY, "Device or resource busy", () -> in.tryDequeue());
        assertTrue(in.isClosed());
    }

    @Test
    void lossesArePlacedOnTheNextBlockAndCountedOncePerGap() {
        List<Block> bs = in.allocate(3, 4096);
        bs.forEach(in::enqueue);
        in.enable();
        engine.completeNext();
        engine.completion.overrun(100);
        engine.completion.overrun(5);
        engine.completeNext();
        engine.completion.overrun(7);
        QueueStats s = in.stats();
        assertEquals(1, s.overruns(), "two reports before one block are one gap");
        assertEquals(105, s.overrunScans());
        assertEquals(7, s.pendingLostScans(), "not yet followed by a block");
        assertTrue(s.lossKnown());
        Block first = in.dequeue();
        Block second = in.dequeue();
        long scans = 4096 / 4;
        assertEquals(0, first.firstScan());
        assertEquals(0, first.lostBefore());
        assertEquals(scans + 105, second.firstScan());
        assertEquals(105, second.lostBefore());
        engine.completeNext();
        Block third = in.dequeue();
        assertEquals(2 * scans + 112, third.firstScan());
        assertEquals(7, third.lostBefore());
        assertEquals(new QueueStats(3, 3 * 4096, 0, 2, 112, 0, 0, true, 0), in.stats());
    }

    @Test
    void anOutputQueuePlacesUnderrunsTheSameWay() {
        try (BlockQueue q = new BlockQueue("out", Direction.OUTPUT, engine, new QueueConfig(2, 4096), 4)) {
            Block b = q.allocate(1, 4096).getFirst();
            q.enqueue(b, 4096, 0);
            q.enable();
            engine.completion.underrun(9);
            engine.completeNext(4096, 1);
            assertEquals(9, q.dequeue().lostBefore());
            assertEquals(9, b.firstScan());
            QueueStats s = q.stats();
            assertEquals(1, s.underruns());
            assertEquals(9, s.underrunScans());
            assertEquals(0, s.overrunScans());
        }
    }

    @Test
    void anEngineThatCannotTellSaysUnknownNotZero() {
        engine.tracksLoss = false;
        Block b = in.allocate(1, 4096).getFirst();
        in.enqueue(b);
        in.enable();
        engine.completeNext();
        Block back = in.dequeue();
        assertEquals(Block.UNKNOWN, back.firstScan());
        assertEquals(Block.UNKNOWN, back.lostBefore());
        assertFalse(in.stats().lossKnown());
    }

    @Test
    void aNewEnableCountsPositionsFromZeroAgain() {
        Block b = in.allocate(1, 4096).getFirst();
        in.enqueue(b);
        in.enable();
        engine.completion.overrun(3);
        engine.completeNext();
        assertEquals(3, in.dequeue().firstScan());
        in.disable();
        in.enqueue(b);
        in.enable();
        engine.completeNext();
        assertEquals(0, in.dequeue().firstScan());
        assertEquals(3, in.stats().overrunScans(), "the stats count since the queue was opened");
    }

    @Test
    void watermarkDecidesReadinessOfInputQueues() {
        List<Block> bs = in.allocate(3, 4096);
        in.setWatermark(8192);
        in.enable();
        bs.forEach(in::enqueue);
        engine.completeNext();
        assertFalse(in.isReady(), "4096 of 8192 bytes");
        engine.completeNext();
        assertTrue(in.isReady());
        assertErrno(Errno.EINVAL, "watermark 0", () -> in.setWatermark(0));
    }

    @Test
    void aDeviceCompletingABlockItWasNotGivenIsAnEngineBug() {
        Block b = in.allocate(1, 4096).get(0);
        in.enable();
        assertThrows(IllegalStateException.class, () -> engine.completion.blockDone(b, 4096, 0));
        in.enqueue(b);
        assertThrows(IllegalStateException.class, () -> engine.completion.blockDone(b, 5000, 0));
    }
}
