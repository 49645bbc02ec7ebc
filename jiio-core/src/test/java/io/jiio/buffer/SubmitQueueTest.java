package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Direction;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubmitQueueTest {
    private final BlockQueue owner = new BlockQueue("adc/buffer0", Direction.INPUT, new ManualEngine(),
            QueueConfig.defaults(), 4);
    private final List<Block> blocks = owner.allocate(3, 64);
    private final SubmitQueue q = new SubmitQueue();

    @AfterEach
    void closeOwner() {
        owner.close();
    }

    @Test
    void takesBlocksWithTheirMemoryInSubmitOrder() {
        MemorySegment m0 = owner.map(blocks.get(0));
        MemorySegment m1 = owner.map(blocks.get(1));
        q.submit(blocks.get(0));
        q.submit(blocks.get(1));
        assertSame(blocks.get(0), q.take());
        assertSame(m0, q.takenMemory());
        assertSame(blocks.get(1), q.take());
        assertSame(m1, q.takenMemory());
    }

    @Test
    void takeWaitsForASubmit() throws Exception {
        CompletableFuture<Block> taken = CompletableFuture.supplyAsync(q::take);
        Thread.sleep(20);
        assertFalse(taken.isDone());
        q.submit(blocks.get(2));
        assertSame(blocks.get(2), taken.get(5, TimeUnit.SECONDS));
    }

    @Test
    void stopWakesTheTakerAndWinsOverBlocksLeft() throws Exception {
        CompletableFuture<Block> waiting = CompletableFuture.supplyAsync(q::take);
        CompletableFuture<Void> cyclic = CompletableFuture.runAsync(q::awaitStop);
        Thread.sleep(20);
        assertFalse(waiting.isDone());
        assertFalse(cyclic.isDone());
        q.stop();
        assertTrue(q.stopping());
        assertNull(waiting.get(5, TimeUnit.SECONDS));
        cyclic.get(5, TimeUnit.SECONDS);
        q.submit(blocks.get(0));
        assertNull(q.take(), "stopped: no block is taken even with one queued");
    }

    @Test
    void pollTakesWhatIsThereOrWaitsUntilCancelled() throws Exception {
        assertNull(q.poll(false, () -> false), "nothing queued, no wait");
        MemorySegment m = owner.map(blocks.get(0));
        q.submit(blocks.get(0));
        assertNull(q.poll(true, () -> true), "cancelled: nothing taken");
        assertSame(blocks.get(0), q.poll(false, () -> false));
        assertSame(m, q.takenMemory());
        AtomicBoolean cancel = new AtomicBoolean();
        CompletableFuture<Block> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return q.poll(true, cancel::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(20);
        assertFalse(waiting.isDone());
        cancel.set(true);
        assertNull(waiting.get(5, TimeUnit.SECONDS));
        q.submit(blocks.get(1));
        q.stop();
        assertNull(q.poll(true, () -> false), "stopped: nothing taken");
    }

    @Test
    void clearAndRestartBeginAFreshSession() {
        q.submit(blocks.get(0));
        q.stop();
        q.clear();
        assertNull(q.takenMemory());
        q.restart(WaitStrategy.BLOCKING);
        assertFalse(q.stopping());
        MemorySegment m = owner.map(blocks.get(1));
        q.submit(blocks.get(1));
        assertSame(blocks.get(1), q.take(), "the block from before the abort is gone");
        assertSame(m, q.takenMemory());
    }

    @Test
    void moreBlocksThanTheRingHoldsKeepTheirOrderThroughTheOverflow() throws Exception {
        int n = 1000; // the ring holds 256: the rest waits in the overflow, and the ring is used again after
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                q.submit(blocks.get(i % 3));
            }
            for (int i = 0; i < n; i++) {
                assertSame(blocks.get(i % 3), q.take(), "take " + i + " of round " + round);
            }
            assertNull(q.poll(false, () -> false), "all taken");
        }
    }

    @Test
    void everyWaitStrategyWakesATakerAndAStop() throws Exception {
        for (WaitStrategy w : WaitStrategy.values()) {
            SubmitQueue sq = new SubmitQueue();
            sq.restart(w);
            CompletableFuture<Block> taken = CompletableFuture.supplyAsync(sq::take);
            Thread.sleep(30);
            assertFalse(taken.isDone(), w + ": nothing submitted yet");
            sq.submit(blocks.get(1));
            assertSame(blocks.get(1), taken.get(5, TimeUnit.SECONDS), w.toString());
            CompletableFuture<Block> stopped = CompletableFuture.supplyAsync(sq::take);
            Thread.sleep(30);
            sq.stop();
            assertNull(stopped.get(5, TimeUnit.SECONDS), w + ": stop ends the wait");
        }
    }
}
