package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The DMABUF rules of {@code iio-buffer-abi.md} §2 on {@link BlockQueue}, {@link DmaBuf} and
 * {@link Fence}, each with its errno and message; then the memory-lifetime guarantees of
 * {@link DmaBuf#close()} while a device still works on the buffer (hand-driven device, then the
 * real sim ADC).
 */
@Timeout(60)
class DmaBufTest {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    private final CapturingEngine adcEngine = new CapturingEngine();
    private final CapturingEngine dacEngine = new CapturingEngine();
    private final BlockQueue in = new BlockQueue("adc/buffer0", Direction.INPUT, adcEngine, QueueConfig.defaults(), 4);
    private final BlockQueue out = new BlockQueue("dac/buffer0", Direction.OUTPUT, dacEngine, QueueConfig.defaults(), 4);
    private final List<DmaBuf> buffers = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        in.close();
        out.close();
        for (DmaBuf b : buffers) {
            b.close();
        }
    }

    private DmaBuf buf(long size) {
        DmaBuf b = DmaHeap.system().allocate(size);
        buffers.add(b);
        return b;
    }

    static void assertErrno(Errno expected, String fragment, Executable op) {
        IioException e = assertThrows(IioException.class, op, "expected " + expected + " containing '" + fragment + "'");
        assertEquals(expected, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    /**
     * A {@link ManualEngine} that also keeps the memory each submit handed over (what a DMA
     * controller would be programmed with) and can be told to refuse submits.
     */
    static final class CapturingEngine implements DmaEngine {
        final ManualEngine manual = new ManualEngine();
        final List<MemorySegment> memories = new CopyOnWriteArrayList<>();
        volatile Errno failSubmits;

        @Override
        public void start(DmaCompletion completion) {
            manual.start(completion);
        }

        @Override
        public void submit(Block block, MemorySegment memory) {
            Errno fail = failSubmits;
            if (fail != null) {
                throw new IioException(fail, "test engine: submit of " + block + " refused");
            }
            memories.add(memory);
            manual.submit(block, memory);
        }

        @Override
        public void abort() {
            manual.abort();
        }

        @Override
        public void close() {
            manual.close();
        }

        Block completeNext() {
            return manual.completeNext();
        }

        int inFlightCount() {
            return manual.inFlightCount();
        }

        MemorySegment lastMemory() {
            return memories.getLast();
        }
    }

    // ================================================================== enqueue rules

    @Test
    void aCompletedInputFenceCarriesTheDevicesTimestampOfItsFirstSample() {
        DmaBuf b = DmaHeap.system().allocate(4096);
        buffers.add(b);
        in.attach(b);
        in.enable();
        Fence f = in.enqueue(b);
        assertEquals(0, f.timestampNs(), "nothing captured yet");
        adcEngine.manual.completeNext(4096, 987_654_321L);
        assertTrue(f.isSignaled());
        assertEquals(987_654_321L, f.timestampNs());
        Fence aborted = in.enqueue(b);
        in.disable();
        assertEquals(Errno.EINTR, aborted.error());
        assertEquals(0, aborted.timestampNs(), "an aborted transfer captured nothing");
    }

    @Test
    void bytesUsedZeroOrLargerThanTheBufferIsInvalid() {
        DmaBuf b = buf(4096);
        out.attach(b);
        in.attach(b);
        assertErrno(Errno.EINVAL, "bytesUsed 0 is out of range 1..4096", () -> out.enqueue(b, 0, 0));
        assertErrno(Errno.EINVAL, "bytesUsed 4100 is out of range 1..4096", () -> out.enqueue(b, 4100, 0));
        assertErrno(Errno.EINVAL, "bytesUsed -4 is out of range", () -> out.enqueue(b, -4, 0));
        assertErrno(Errno.EINVAL, "bytesUsed 0 is out of range", () -> in.enqueue(b, 0, 0));
        assertErrno(Errno.EINVAL, "bytesUsed 8192 is out of range", () -> in.enqueue(b, 8192, 0));
        assertTrue(b.pendingFences().isEmpty(), "a refused enqueue creates no fence");
        assertEquals(1, out.enqueue(b, 4096, 0).seqno(), "the refused ones used no sequence number");
    }

    @Test
    void bytesUsedMustBeWholeScansOnBothDirections() {
        DmaBuf b = buf(4096);
        out.attach(b);
        in.attach(b);
        assertErrno(Errno.EINVAL, "bytesUsed 6 is not a whole number of 4-byte scans", () -> out.enqueue(b, 6, 0));
        assertErrno(Errno.EINVAL, "bytesUsed 4095 is not a whole number of 4-byte scans", () -> in.enqueue(b, 4095, 0));
        assertTrue(b.pendingFences().isEmpty());
    }

    @Test
    void cyclicIsInvalidOnInputAndFineOnOutput() {
        DmaBuf b = buf(4096);
        in.attach(b);
        out.attach(b);
        assertErrno(Errno.EINVAL, "CYCLIC is for output buffers only", () -> in.enqueue(b, 4096, BlockFlags.CYCLIC));
        assertErrno(Errno.EINVAL, "flag bit 0 is reserved", () -> out.enqueue(b, 4096, BlockFlags.RESERVED_0));
        assertErrno(Errno.EINVAL, "unknown flags 0x10", () -> out.enqueue(b, 4096, 0x10));
        Fence f = out.enqueue(b, 4096, BlockFlags.CYCLIC);
        assertFalse(f.isSignaled());
        assertEquals(List.of(f), b.pendingFences());
    }

    @Test
    void enqueueOfABufferNotAttachedIsNotPermitted() {
        DmaBuf b = buf(4096);
        out.attach(b);
        assertErrno(Errno.EPERM, "adc/buffer0: enqueue: dmabuf " + b.id() + " (4096 bytes) is not attached",
                () -> in.enqueue(b, 4096, 0));
        assertErrno(Errno.EPERM, "is not attached", () -> in.enqueue(b));
    }

    @Test
    void attachingTwiceIsBusyAndTooSmallIsInvalid() {
        DmaBuf b = buf(4096);
        in.attach(b);
        assertErrno(Errno.EBUSY, "attach: dmabuf " + b.id() + " (4096 bytes) is already attached", () -> in.attach(b));
        assertEquals(List.of(in), b.attachments(), "still attached once");
        DmaBuf tiny = buf(3);
        assertErrno(Errno.EINVAL, "cannot hold one scan of 4 bytes", () -> in.attach(tiny));
        assertTrue(tiny.attachments().isEmpty());
        out.attach(b);
        assertEquals(List.of(in, out), b.attachments(), "one buffer, several queues");
    }

    @Test
    void enqueueOfAnAlreadyQueuedBufferIsNotPermitted() {
        DmaBuf b = buf(4096);
        in.attach(b);
        Fence f = in.enqueue(b);
        assertErrno(Errno.EPERM, "enqueue: dmabuf " + b.id() + " (4096 bytes) is already queued", () -> in.enqueue(b));
        in.setNonBlocking(true);
        assertErrno(Errno.EPERM, "is already queued", () -> in.enqueue(b));
        assertEquals(List.of(f), b.pendingFences(), "the refused enqueue left the first fence alone");
        assertEquals(0, adcEngine.inFlightCount(), "disabled: nothing submitted");
        in.enable();
        assertEquals(1, adcEngine.inFlightCount(), "enable submits the queued buffer once");
    }

    @Test
    void nonBlockingEnqueueOfABufferInUseIsBusyAtOnce() {
        DmaBuf b = buf(4096);
        in.attach(b);
        out.attach(b);
        in.enable();
        in.setNonBlocking(true);
        out.setNonBlocking(true);
        assertTrue(in.isNonBlocking());
        Fence f = in.enqueue(b);
        long t0 = System.nanoTime();
        assertErrno(Errno.EBUSY, "waited 0 ms for an earlier transfer (fence 1 of dmabuf " + b.id(),
                () -> in.enqueue(b));
        // in use by another queue: the same rule
        assertErrno(Errno.EBUSY, "enqueue on dac/buffer0 waited 0 ms", () -> out.enqueue(b));
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(500), "non-blocking does not wait");
        adcEngine.completeNext();
        assertTrue(f.isSignaled());
        assertEquals(2, in.enqueue(b).seqno(), "free again once the fence signalled");
    }

    @Test
    void blockingEnqueueWaitsForTheEarlierFenceThenSucceeds() throws Exception {
        DmaBuf b = buf(4096);
        in.attach(b);
        out.attach(b);
        in.enable();
        out.enable();
        Fence fill = in.enqueue(b);
        CompletableFuture<Fence> play = CompletableFuture.supplyAsync(() -> out.enqueue(b, 4096, 0));
        Thread.sleep(50);
        assertFalse(play.isDone(), "the DAC enqueue waits while the ADC still fills the buffer");
        assertEquals(0, dacEngine.inFlightCount(), "the DAC was given nothing yet");
        adcEngine.completeNext();
        Fence played = play.get(5, TimeUnit.SECONDS);
        assertTrue(fill.isSignaled(), "the wait ended because the fill fence signalled");
        assertEquals(1, played.seqno(), "first fence of the DAC attachment");
        assertEquals(1, dacEngine.inFlightCount());
        assertEquals(List.of(played), b.pendingFences());
    }

    @Test
    void enqueueTimeoutIsBusyAfterTheTimeout() {
        DmaBuf b = buf(4096);
        in.attach(b);
        in.enable();
        in.setEnqueueTimeout(50, TimeUnit.MILLISECONDS);
        in.enqueue(b); // the hand-driven device never completes it
        long t0 = System.nanoTime();
        assertErrno(Errno.EBUSY, "enqueue on adc/buffer0 waited 50 ms for an earlier transfer", () -> in.enqueue(b));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 45 && ms < 3000, "waited about 50 ms, took " + ms);
        assertErrno(Errno.EINVAL, "must not be negative", () -> in.setEnqueueTimeout(-1, TimeUnit.SECONDS));
    }

    @Test
    void enqueueAfterDetachIsNotPermitted() {
        DmaBuf b = buf(4096);
        in.attach(b);
        in.enqueue(b).seqno();
        in.detach(b);
        assertFalse(in.isAttached(b));
        assertTrue(b.attachments().isEmpty());
        assertErrno(Errno.EPERM, "is not attached", () -> in.enqueue(b));
        assertErrno(Errno.EPERM, "detach: dmabuf " + b.id() + " (4096 bytes) is not attached", () -> in.detach(b));
        in.attach(b);
        assertEquals(1, in.enqueue(b).seqno(), "a new attachment numbers its fences from 1 again");
    }

    @Test
    void enqueueWhileACpuBracketIsOpenIsBusy() {
        DmaBuf b = buf(4096);
        in.attach(b);
        in.enable();
        b.beginCpuAccess(CpuAccess.READ);
        assertErrno(Errno.EBUSY, "CPU access (READ) is open; end it before enqueueing", () -> in.enqueue(b));
        in.setNonBlocking(true);
        assertErrno(Errno.EBUSY, "CPU access (READ) is open", () -> in.enqueue(b));
        assertTrue(b.pendingFences().isEmpty());
        assertEquals(0, adcEngine.inFlightCount());
        b.endCpuAccess();
        assertEquals(1, in.enqueue(b).seqno(), "the refused enqueues used no sequence number");
    }

    // ================================================================== fences

    @Test
    void fencesAreNumberedPerAttachmentAndSignalSuccessOnCompletion() {
        DmaBuf b = buf(4096);
        DmaBuf other = buf(4096);
        in.attach(b);
        in.attach(other);
        out.attach(b);
        in.enable();
        out.enable();
        List<Long> seen = new ArrayList<>();
        for (long n = 1; n <= 3; n++) {
            Fence f = in.enqueue(b);
            assertEquals(n, f.seqno());
            assertSame(b, f.buffer());
            assertFalse(f.isSignaled());
            assertNull(f.error(), "pending: no error");
            assertErrno(Errno.EAGAIN, "is not signalled yet", f::status);
            assertFalse(f.await(0, TimeUnit.MILLISECONDS));
            f.onComplete(done -> seen.add(done.seqno()));
            assertTrue(f.toString().contains("fence " + n + " of dmabuf " + b.id() + " (4096 bytes) on adc/buffer0 (pending)"),
                    f.toString());
            adcEngine.completeNext();
            assertTrue(f.isSignaled());
            assertEquals(0, f.status());
            assertNull(f.error());
            f.awaitSuccess(0, TimeUnit.MILLISECONDS);
            assertTrue(f.toString().endsWith("(done)"), f.toString());
        }
        assertEquals(List.of(1L, 2L, 3L), seen);
        assertEquals(1, in.enqueue(other).seqno(), "another attachment on the same queue counts on its own");
        adcEngine.completeNext();
        assertEquals(1, out.enqueue(b).seqno(), "the same buffer on another queue counts on its own");
        assertEquals(4, in.stats().blocksCompleted(), "DMA buffer completions are counted in the queue's stats");
        AtomicInteger late = new AtomicInteger();
        Fence last = in.enqueue(other);
        dacEngine.completeNext();
        adcEngine.completeNext();
        last.onComplete(f -> late.incrementAndGet());
        assertEquals(1, late.get(), "a callback added to a signalled fence runs at once");
    }

    @Test
    void disableInterruptsTheActiveTransfer() {
        DmaBuf b = buf(4096);
        in.attach(b);
        in.enable();
        Fence f = in.enqueue(b);
        AtomicReference<Errno> cb = new AtomicReference<>();
        f.onComplete(x -> cb.set(x.error()));
        in.disable();
        assertTrue(f.isSignaled());
        assertEquals(Errno.EINTR, f.error());
        assertEquals(-Errno.EINTR.code(), f.status());
        assertEquals(Errno.EINTR, cb.get());
        assertErrno(Errno.EINTR, "failed: Interrupted system call", () -> f.awaitSuccess(0, TimeUnit.SECONDS));
        assertTrue(b.pendingFences().isEmpty());
        assertEquals(1, in.stats().blocksAborted());
        in.enable();
        Fence again = in.enqueue(b);
        assertEquals(2, again.seqno(), "an aborted buffer can be enqueued again");
        adcEngine.completeNext();
        assertNull(again.error());
    }

    @Test
    void disableKeepsAQueuedBufferQueuedAndItsFencePending() {
        DmaBuf b = buf(4096);
        in.attach(b);
        Fence f = in.enqueue(b);
        in.disable(); // disabled already: a no-op
        assertFalse(f.isSignaled());
        in.enable();
        assertEquals(1, adcEngine.inFlightCount());
        adcEngine.completeNext();
        assertNull(f.error());
        assertTrue(f.isSignaled());
    }

    @Test
    void detachOfAQueuedBufferInterruptsItsFence() {
        DmaBuf b = buf(4096);
        in.attach(b);
        Fence f = in.enqueue(b);
        in.detach(b);
        assertTrue(f.isSignaled());
        assertEquals(Errno.EINTR, f.error());
        assertTrue(b.pendingFences().isEmpty());
        assertFalse(in.isAttached(b));
        in.enable();
        assertEquals(0, adcEngine.inFlightCount(), "the cancelled transfer is never submitted");
        assertFalse(b.isUnmapped(), "the buffer still owns its memory");
    }

    @Test
    void aFailedSubmitSignalsTheReturnedFenceWithTheEnginesError() {
        DmaBuf b = buf(4096);
        in.attach(b);
        in.enable();
        adcEngine.failSubmits = Errno.EIO;
        Fence f = in.enqueue(b);
        assertTrue(f.isSignaled(), "the caller gets the fence, already signalled");
        assertEquals(Errno.EIO, f.error());
        assertEquals(-Errno.EIO.code(), f.status());
        assertErrno(Errno.EIO, "failed: I/O error", () -> f.awaitSuccess(1, TimeUnit.SECONDS));
        assertTrue(b.pendingFences().isEmpty(), "nothing is pending after a failed submit");
        adcEngine.failSubmits = null;
        Fence g = in.enqueue(b);
        assertEquals(2, g.seqno());
        adcEngine.completeNext();
        assertNull(g.error());
    }

    @Test
    void aSubmitFailingAtEnableSignalsTheQueuedFence() {
        DmaBuf b = buf(4096);
        in.attach(b);
        Fence f = in.enqueue(b);
        adcEngine.failSubmits = Errno.EIO;
        in.enable();
        assertTrue(f.isSignaled(), "signalled by the failed submit of enable");
        assertEquals(Errno.EIO, f.error());
        assertTrue(b.pendingFences().isEmpty());
    }

    /**
     * BUG (enable): a plain block and a DMA buffer are queued on a disabled queue whose engine
     * refuses submits. {@code enable()} rethrows the block's failure from inside its locked
     * section and skips {@code signalFailedSubmits()}, so the DMA buffer's fence — whose submit
     * failed just the same — stays pending (and the buffer busy) until some later enqueue or
     * enable happens to flush it. Fix: call {@code signalFailedSubmits()} in a {@code finally}.
     */
    @Test
    void aSubmitFailureOfAPlainBlockAtEnableDoesNotStrandTheDmaBufFence() {
        Block block = in.allocate(1, 4096).getFirst();
        in.enqueue(block);
        DmaBuf b = buf(4096);
        in.attach(b);
        Fence f = in.enqueue(b);
        adcEngine.failSubmits = Errno.EIO;
        assertErrno(Errno.EIO, "refused", in::enable);
        assertEquals(BlockState.DEQUEUED, block.state(), "the block came back to the application");
        assertTrue(f.isSignaled(), "the DMA buffer's submit failed too: its fence must be signalled (EIO), "
                + "not left pending; pending = " + b.pendingFences());
        assertEquals(Errno.EIO, f.error());
    }

    /**
     * BUG (Fence.signal): the fence's status is published (and waiters woken) before the fence
     * leaves its buffer's pending list, so for a moment a successfully signalled fence still makes
     * the buffer busy: {@code pendingFences()} lists it, {@code awaitIdle(0)} is false and a
     * non-blocking enqueue right after {@code await()} can fail with EBUSY — the kernel's fence
     * is signalled atomically with respect to the reservation check. Fix: signal under the
     * buffer's lock (DmaBuf lock → Fence monitor, the documented order): remove from
     * {@code pending} and set the status in one critical section, run callbacks afterwards.
     */
    @Test
    void aSignalledFenceNoLongerMakesItsBufferBusy() throws Exception {
        java.util.concurrent.BlockingQueue<Block> work = new java.util.concurrent.LinkedBlockingQueue<>();
        AtomicReference<DmaCompletion> completion = new AtomicReference<>();
        DmaEngine threaded = new DmaEngine() {
            @Override
            public void start(DmaCompletion c) {
                completion.set(c);
            }

            @Override
            public void submit(Block block, MemorySegment memory) {
                work.add(block);
            }

            @Override
            public void abort() {
                work.clear();
            }
        };
        Thread device = Thread.ofPlatform().daemon().name("test-device").start(() -> {
            try {
                while (true) {
                    Block blk = work.take();
                    completion.get().blockDone(blk, blk.size(), 1);
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        try (BlockQueue q = new BlockQueue("race/buffer0", Direction.INPUT, threaded, QueueConfig.defaults(), 4)) {
            DmaBuf b = buf(4096);
            q.attach(b);
            q.setNonBlocking(true);
            q.enable();
            int busyAfterSignal = 0;
            int stillPending = 0;
            for (int i = 0; i < 200_000 && busyAfterSignal + stillPending == 0; i++) {
                Fence f;
                try {
                    f = q.enqueue(b);
                } catch (IioException e) {
                    assertEquals(Errno.EBUSY, e.errno(), e.getMessage());
                    busyAfterSignal++;
                    break;
                }
                while (!f.isSignaled()) {
                    Thread.onSpinWait();
                }
                if (!b.pendingFences().isEmpty()) {
                    stillPending++;
                }
            }
            assertEquals(0, busyAfterSignal, "a non-blocking enqueue right after the previous fence signalled was EBUSY");
            assertEquals(0, stillPending, "pendingFences() listed a fence that was already signalled");
        } finally {
            device.interrupt();
        }
    }

    /**
     * BUG (Fence.signal): completion callbacks run on the device's thread without protection, so
     * one that throws kills the device: the remaining callbacks of that fence never run and no
     * later transfer ever completes. Fix: run each callback in its own try/catch and hand the
     * exception to the thread's uncaught-exception handler (or a logger) instead of propagating.
     */
    @Test
    void aThrowingCallbackDoesNotStopTheDevice() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"))) {
                DmaBuf b = buf(4096);
                q.attach(b);
                Fence f = q.enqueue(b); // disabled: QUEUED, so the callbacks are registered before it can complete
                AtomicInteger secondRan = new AtomicInteger();
                f.onComplete(x -> {
                    throw new IllegalStateException("application bug in a completion callback");
                });
                f.onComplete(x -> secondRan.incrementAndGet());
                Thread.UncaughtExceptionHandler old = Thread.getDefaultUncaughtExceptionHandler();
                Thread.setDefaultUncaughtExceptionHandler((t, e) -> { });
                try {
                    q.enable();
                    assertTrue(f.await(5, TimeUnit.SECONDS));
                    Fence next = q.enqueue(b);
                    assertTrue(next.await(2, TimeUnit.SECONDS), "the device stopped after a callback threw");
                    assertNull(next.error());
                    assertEquals(1, secondRan.get(), "the fence's other callback must still run");
                } finally {
                    Thread.setDefaultUncaughtExceptionHandler(old);
                }
            }
        }
    }

    @Test
    void waitsForFencesAreInterruptible() throws Exception {
        DmaBuf b = buf(4096);
        in.attach(b);
        out.attach(b);
        in.enable();
        Fence f = in.enqueue(b);
        for (Executable wait : List.<Executable>of(
                () -> out.enqueue(b),
                () -> b.beginCpuAccess(CpuAccess.READ, 5, TimeUnit.SECONDS),
                () -> f.await(5, TimeUnit.SECONDS))) {
            AtomicReference<Thread> waiter = new AtomicReference<>();
            CompletableFuture<IioException> result = CompletableFuture.supplyAsync(() -> {
                waiter.set(Thread.currentThread());
                IioException e = assertThrows(IioException.class, wait);
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
                Thread.interrupted();
                return e;
            });
            while (waiter.get() == null) {
                Thread.onSpinWait();
            }
            Thread.sleep(30);
            waiter.get().interrupt();
            IioException e = result.get(5, TimeUnit.SECONDS);
            assertEquals(Errno.EINTR, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        }
        assertEquals(List.of(f), b.pendingFences(), "the interrupted waits changed nothing");
        assertNull(b.cpuAccess());
        assertEquals(0, dacEngine.inFlightCount());
    }

    // ================================================================== CPU access

    @Test
    void segmentIsOnlyReachableInsideABracket() {
        DmaBuf b = buf(4096);
        assertNull(b.cpuAccess());
        assertErrno(Errno.EPERM, "dmabuf " + b.id() + " (4096 bytes): memory accessed outside a CPU access bracket",
                b::segment);
        MemorySegment seg = b.beginCpuAccess(CpuAccess.WRITE);
        assertEquals(CpuAccess.WRITE, b.cpuAccess());
        assertEquals(4096, seg.byteSize());
        assertSame(seg, b.segment());
        assertEquals(0, seg.address() % BlockMapping.pageSize(), "page aligned");
        seg.set(I32, 100, 0x1234_5678);
        b.endCpuAccess();
        assertNull(b.cpuAccess());
        assertThrows(IllegalStateException.class, () -> seg.get(I32, 100), "a stale bracket segment is dead");
        assertThrows(IllegalStateException.class, () -> seg.set(I32, 0, 1));
        assertErrno(Errno.EPERM, "outside a CPU access bracket", b::segment);
        MemorySegment again = b.beginCpuAccess(CpuAccess.READ, 0, TimeUnit.MILLISECONDS);
        assertEquals(0x1234_5678, again.get(I32, 100), "the next bracket sees what the last one wrote");
        assertEquals(seg.address(), again.address(), "same memory every time");
        b.endCpuAccess();
        assertEquals(3, CpuAccess.RW.syncFlags());
    }

    @Test
    void beginCpuAccessWaitsForPendingFencesOrTimesOut() throws Exception {
        DmaBuf b = buf(4096);
        in.attach(b);
        in.enable();
        Fence f = in.enqueue(b);
        long t0 = System.nanoTime();
        assertErrno(Errno.ETIMEDOUT, "beginCpuAccess waited 30 ms for an earlier transfer (fence 1 of dmabuf",
                () -> b.beginCpuAccess(CpuAccess.READ, 30, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(25));
        assertNull(b.cpuAccess(), "a timed-out begin opens nothing");
        assertFalse(b.awaitIdle(10, TimeUnit.MILLISECONDS));
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            MemorySegment seg = b.beginCpuAccess(CpuAccess.READ, 5, TimeUnit.SECONDS);
            try {
                assertTrue(f.isSignaled(), "the bracket opened only after the transfer finished");
                return seg.byteSize();
            } finally {
                b.endCpuAccess();
            }
        });
        Thread.sleep(50);
        assertFalse(reader.isDone(), "beginCpuAccess waits while the device fills the buffer");
        adcEngine.completeNext();
        assertEquals(4096L, reader.get(5, TimeUnit.SECONDS));
        assertTrue(b.awaitIdle(0, TimeUnit.MILLISECONDS));
    }

    @Test
    void bracketsDoNotNestAndEndOnlyOnTheirOwnThread() throws Exception {
        DmaBuf b = buf(4096);
        assertErrno(Errno.EPERM, "no CPU access to end", b::endCpuAccess);
        b.beginCpuAccess(CpuAccess.RW);
        assertErrno(Errno.EBUSY, "CPU access (RW) is already open", () -> b.beginCpuAccess(CpuAccess.READ));
        CompletableFuture<IioException> other = CompletableFuture.supplyAsync(
                () -> assertThrows(IioException.class, b::endCpuAccess));
        IioException e = other.get(5, TimeUnit.SECONDS);
        assertEquals(Errno.EPERM, e.errno());
        assertTrue(e.getMessage().contains("CPU access must end on the thread that began it"), e.getMessage());
        assertEquals(CpuAccess.RW, b.cpuAccess(), "the failed end left the bracket open");
        b.segment().set(I32, 0, 7);
        b.endCpuAccess();
        assertErrno(Errno.EPERM, "no CPU access to end", b::endCpuAccess);
    }

    // ================================================================== close, heaps

    @Test
    void closeDetachesEverywhereAndLaterOpsAreBadFd() {
        DmaBuf b = buf(4096);
        in.attach(b);
        out.attach(b);
        b.close();
        assertTrue(b.isClosed());
        assertTrue(b.attachments().isEmpty());
        assertFalse(in.isAttached(b));
        assertFalse(out.isAttached(b));
        assertTrue(b.isUnmapped(), "nothing in flight: the memory goes at once");
        assertErrno(Errno.EBADF, "beginCpuAccess: dmabuf " + b.id() + " (4096 bytes) is closed",
                () -> b.beginCpuAccess(CpuAccess.READ));
        assertErrno(Errno.EBADF, "attach: dmabuf " + b.id() + " (4096 bytes) is closed", () -> in.attach(b));
        assertFalse(in.isAttached(b), "a refused attach leaves nothing behind");
        b.close(); // idempotent
        IioException seg = assertThrows(IioException.class, b::segment);
        assertTrue(seg.errno() == Errno.EPERM || seg.errno() == Errno.EBADF, seg.getMessage());
        assertTrue(b.awaitIdle(0, TimeUnit.SECONDS));
    }

    /**
     * A closed DMA buffer is a closed descriptor: the kernel's ATTACH/DETACH/ENQUEUE resolve the
     * fd first ({@code dma_buf_get}) and fail with EBADF. jiio answers "not attached" (EPERM for
     * enqueue, EINVAL for detach), which hides the real mistake (use after close).
     * Suggested fix: check {@code buf.isClosed()} first in {@code enqueue}/{@code detach}.
     */
    @Test
    void enqueueAndDetachOfAClosedBufferAreBadFd() {
        DmaBuf b = buf(4096);
        in.attach(b);
        b.close();
        assertErrno(Errno.EBADF, "is closed", () -> in.enqueue(b));
        assertErrno(Errno.EBADF, "is closed", () -> in.detach(b));
    }

    @Test
    void closeWithAQueuedTransferInterruptsItsFence() {
        DmaBuf b = buf(4096);
        in.attach(b);
        Fence f = in.enqueue(b);
        b.close();
        assertEquals(Errno.EINTR, f.error());
        assertTrue(b.isUnmapped());
        in.enable();
        assertEquals(0, adcEngine.inFlightCount());
    }

    @Test
    void closeEndsAnOpenBracketOfTheClosingThread() {
        DmaBuf b = buf(4096);
        MemorySegment seg = b.beginCpuAccess(CpuAccess.WRITE);
        b.close();
        assertNull(b.cpuAccess());
        assertThrows(IllegalStateException.class, () -> seg.get(I32, 0));
    }

    /**
     * BUG (DmaBuf.close): a bracket opened by another thread cannot be closed by {@code close()}
     * (its arena is confined), so close() skips it — but then unmaps the memory anyway. The
     * bracket's segment is scoped to the bracket's arena only (reinterpret drops the mapping's
     * scope), so it still looks alive and the owning thread's next access hits unmapped memory:
     * the JVM dies with SIGSEGV. Runs in a child JVM so that the crash cannot take the test run
     * down. Fix: let a bracket hold a mapping reference ({@code mapping.retain()} in
     * beginCpuAccess, {@code release()} in endCpuAccess) and have close() leave another
     * thread's bracket to its owner (endCpuAccess must still work after close to let it go).
     */
    @Test
    @Timeout(120)
    void closeFromAnotherThreadNeverLeavesALiveSegmentOverFreedMemory() throws Exception {
        Path log = Files.createTempFile("jiio-dmabuf-crash", ".log");
        Path errorFile = Files.createTempFile("jiio-hs_err", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:ErrorFile=" + errorFile, "-XX:-CreateCoredumpOnCrash",
                "-cp", System.getProperty("java.class.path"), CrossThreadClose.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM hung");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        Files.deleteIfExists(errorFile);
        assertEquals(0, p.exitValue(), "child JVM died (exit " + p.exitValue() + "):\n" + output);
        // Either the stale segment is refused, or the memory it names is still mapped and intact.
        assertTrue(output.contains("stale segment refused") || output.contains("stale segment read 42"), output);
    }

    /** The child JVM of the test above: thread A opens a bracket, main closes, A reads. */
    static final class CrossThreadClose {
        public static void main(String[] args) throws Exception {
            DmaBuf b = DmaHeap.system().allocate(1 << 20);
            AtomicReference<MemorySegment> seg = new AtomicReference<>();
            CountDownLatch began = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(1);
            AtomicReference<String> result = new AtomicReference<>("nothing");
            Thread a = Thread.ofPlatform().start(() -> {
                seg.set(b.beginCpuAccess(CpuAccess.RW));
                seg.get().set(I32, 0, 42);
                began.countDown();
                try {
                    closed.await();
                    result.set("stale segment read " + seg.get().get(I32, 0));
                } catch (IllegalStateException e) {
                    result.set("stale segment refused: " + e.getMessage());
                } catch (InterruptedException e) {
                    result.set("interrupted");
                }
            });
            began.await();
            b.close();
            closed.countDown();
            a.join();
            System.out.println(result.get());
        }
    }

    @Test
    void sharedHeapBuffersAreReachableThroughTheirPath() throws IOException {
        DmaBuf b = DmaHeap.shared().allocate(10_000);
        buffers.add(b);
        assertSame(DmaHeap.shared(), b.heap());
        assertTrue(b.fd() >= 0, "backed by a memfd");
        Path path = b.path();
        assertTrue(path.toString().matches("/proc/\\d+/fd/\\d+"), path.toString());
        MemorySegment mine = b.beginCpuAccess(CpuAccess.WRITE);
        for (int i = 0; i < 2500; i++) {
            mine.set(I32, i * 4L, i * 7919);
        }
        b.endCpuAccess();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofConfined()) {
            assertTrue(ch.size() >= 10_000, "the memfd holds the buffer: " + ch.size());
            MemorySegment theirs = ch.map(FileChannel.MapMode.READ_WRITE, 0, 10_000, arena);
            for (int i = 0; i < 2500; i++) {
                assertEquals(i * 7919, theirs.get(I32, i * 4L), "word " + i + " through the other mapping");
            }
            theirs.set(I32, 4, -1);
            MemorySegment again = b.beginCpuAccess(CpuAccess.READ);
            assertEquals(-1, again.get(I32, 4), "written through the other mapping, seen through the buffer");
            assertTrue(again.address() != theirs.address(), "two mappings of the same pages");
            b.endCpuAccess();
        }
        DmaBuf priv = buf(4096);
        assertSame(DmaHeap.system(), priv.heap());
        assertEquals(-1, priv.fd());
        assertErrno(Errno.EOPNOTSUPP, "is not shared (allocate it from DmaHeap.shared())", priv::path);
    }

    @Test
    void heapsRefuseBadSizes() {
        assertErrno(Errno.EINVAL, "dma heap system: size 0 is out of range 1..4294967296",
                () -> DmaHeap.system().allocate(0));
        assertErrno(Errno.EINVAL, "dma heap memfd: size 4294967297 is out of range",
                () -> DmaHeap.shared().allocate(DmaHeap.MAX_SIZE + 1));
        DmaBuf a = buf(1);
        DmaBuf c = buf(1);
        assertTrue(c.id() != a.id(), "ids are unique");
    }

    @Test
    void aQueueAllocatedBufferIsClosedWithTheQueue() {
        BlockQueue q = new BlockQueue("q", Direction.OUTPUT, new ManualEngine(), QueueConfig.defaults(), 4);
        DmaBuf b = q.allocateDmaBuf(8192);
        DmaBuf shared = buf(8192);
        q.attach(shared);
        out.attach(b);
        assertTrue(q.isAttached(b));
        assertSame(DmaHeap.system(), b.heap());
        assertEquals(List.of(q, out), b.attachments());
        Fence f = q.enqueue(b);
        q.close();
        assertTrue(b.isClosed(), "owned by the queue: closed with it");
        assertTrue(b.isUnmapped());
        assertFalse(out.isAttached(b), "closing it detached it from the other queue too");
        assertEquals(Errno.EINTR, f.error(), "its queued transfer was cancelled");
        assertFalse(shared.isClosed(), "an attached, not owned, buffer survives the queue");
        assertTrue(shared.attachments().isEmpty());
        assertErrno(Errno.ENODEV, "attach: q is closed", () -> q.attach(shared));
        assertErrno(Errno.ENODEV, "is closed", () -> q.allocateDmaBuf(4096));
        assertErrno(Errno.EINVAL, "cannot hold one scan", () -> out.allocateDmaBuf(2));
    }

    // ================================================================== close while in flight

    @Test
    void closeWhileTheDeviceWorksKeepsTheMemoryUntilItCompletes() {
        DmaBuf b = buf(8192);
        in.attach(b);
        in.enable();
        Fence f = in.enqueue(b);
        MemorySegment engineSide = adcEngine.lastMemory();
        assertEquals(8192, engineSide.byteSize());
        b.close();
        assertTrue(b.isClosed());
        assertFalse(in.isAttached(b));
        assertFalse(b.isUnmapped(), "the device still has the buffer: the memory must stay mapped");
        assertFalse(f.isSignaled());
        for (long i = 0; i < 8192; i += 4) {
            engineSide.set(I32, i, (int) i); // the device keeps writing, into live memory
        }
        assertEquals(8188, engineSide.get(I32, 8188));
        adcEngine.completeNext();
        assertTrue(f.isSignaled(), "the fence of a closed buffer still signals");
        assertNull(f.error(), "the device completed it");
        assertTrue(b.isUnmapped(), "released once the device let go");
        assertThrows(IllegalStateException.class, () -> engineSide.get(I32, 0),
                "a late access through the device's segment is refused, not a crash");
        assertEquals(0, in.stats().blocksCompleted(), "a dead attachment's completion is not counted as data");
    }

    @Test
    void detachWhileTheDeviceWorksKeepsTheMemoryUntilItCompletes() {
        DmaBuf b = buf(4096);
        in.attach(b);
        in.enable();
        Fence f = in.enqueue(b);
        MemorySegment engineSide = adcEngine.lastMemory();
        in.detach(b);
        assertFalse(in.isAttached(b));
        assertTrue(b.attachments().isEmpty());
        assertFalse(f.isSignaled(), "a transfer in progress is not cancelled by detach");
        assertEquals(List.of(f), b.pendingFences());
        b.close();
        assertFalse(b.isUnmapped(), "detached and closed, but the device still has it");
        engineSide.set(I32, 0, 99);
        assertEquals(99, engineSide.get(I32, 0));
        adcEngine.completeNext();
        assertNull(f.error());
        assertTrue(b.isUnmapped());
        assertEquals(0, in.stats().blocksCompleted(), "a dead attachment's completion is not counted as data");
    }

    @Test
    void disableAfterCloseReleasesThroughTheAbortPath() {
        DmaBuf b = buf(4096);
        out.attach(b);
        out.enable();
        Fence f = out.enqueue(b, 4096, BlockFlags.CYCLIC);
        MemorySegment engineSide = dacEngine.lastMemory();
        b.close();
        assertFalse(b.isUnmapped());
        assertEquals(0, engineSide.get(I32, 0), "the cyclic block is still played from live memory");
        out.disable();
        assertEquals(Errno.EINTR, f.error(), "aborted");
        assertTrue(b.isUnmapped(), "released by the abort");
        assertThrows(IllegalStateException.class, () -> engineSide.get(I32, 0));
        assertEquals(0, out.stats().blocksAborted(), "a dead attachment is released, not counted as aborted data");
    }

    @Test
    void queueCloseAfterBufferCloseReleasesTooAndTheBufferOutlivesTheQueue() {
        DmaBuf b = buf(4096);
        DmaBuf survivor = buf(4096);
        in.attach(b);
        in.attach(survivor);
        in.enable();
        Fence f = in.enqueue(b);
        b.close();
        in.close();
        assertEquals(Errno.EINTR, f.error());
        assertTrue(b.isUnmapped());
        assertFalse(survivor.isUnmapped(), "the queue let go of its attachment only");
        MemorySegment seg = survivor.beginCpuAccess(CpuAccess.RW);
        seg.set(I32, 0, 5);
        survivor.endCpuAccess();
        assertErrno(Errno.ENODEV, "adc/buffer0 is closed", () -> in.enqueue(survivor));
        assertErrno(Errno.ENODEV, "adc/buffer0 is closed", () -> in.detach(survivor));
    }

    /**
     * The real thing: the sim ADC (unthrottled) fills an 8 MiB buffer on its own thread while the
     * test closes the buffer, 200 times. No crash, every fence ends signalled, every mapping is
     * released once the device is done, and most closes really hit a transfer in flight.
     */
    @Test
    void closingWhileTheSimAdcFillsNeverCrashesAndEveryFenceSignals() {
        long size = 8L << 20;
        int rounds = 200;
        int closedInFlight = 0;
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"))) {
                q.enable();
                for (int i = 0; i < rounds; i++) {
                    DmaBuf b = DmaHeap.system().allocate(size);
                    q.attach(b);
                    Fence f = q.enqueue(b);
                    switch (i % 4) {
                        case 1 -> Thread.onSpinWait();
                        case 2 -> {
                            long until = System.nanoTime() + 200_000;
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        }
                        case 3 -> Thread.yield();
                        default -> {
                        }
                    }
                    if (!f.isSignaled()) {
                        closedInFlight++;
                    }
                    b.close();
                    assertFalse(q.isAttached(b));
                    assertTrue(f.await(10, TimeUnit.SECONDS), "round " + i + ": fence never signalled");
                    assertNull(f.error(), "round " + i + ": the device completes the transfer: " + f);
                    assertTrue(b.isUnmapped(), "round " + i + ": memory released after the device was done");
                }
                assertTrue(q.isEnabled());
            }
        }
        assertTrue(closedInFlight >= rounds / 2, "only " + closedInFlight + " of " + rounds
                + " closes hit a transfer in flight");
    }

    @Test
    void disablingWhileTheSimAdcFillsAClosedBufferReleasesIt() {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"))) {
                q.enable();
                for (int i = 0; i < 50; i++) {
                    DmaBuf b = DmaHeap.system().allocate(8L << 20);
                    q.attach(b);
                    Fence f = q.enqueue(b);
                    b.close();
                    q.disable();
                    assertTrue(f.isSignaled(), "signalled by the device or by the abort");
                    assertTrue(f.error() == null || f.error() == Errno.EINTR, f.toString());
                    assertTrue(b.isUnmapped());
                    q.enable();
                }
            }
        }
    }

    @Test
    void fenceToStringNamesTheFailure() {
        DmaBuf b = buf(4096);
        in.attach(b);
        Fence f = in.enqueue(b);
        in.detach(b);
        assertNotNull(f.error());
        assertTrue(f.toString().endsWith("(EINTR)"), f.toString());
    }
}
