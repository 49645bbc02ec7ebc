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
        MemorySegment m0 = MemorySegment.ofArray(new byte[8]);
        MemorySegment m1 = MemorySegment.ofArray(new byte[8]);
        q.submit(blocks.get(0), m0);
        q.submit(blocks.get(1), m1);
        assertSame(blocks.get(0), q.take());
        assertSame(m0, q.takenMemory());
        assertSame(blocks.get(1), q.take());
        assertSame(m1, q.takenMemory());
    }

    @Test
    void takeWaitsForASubmit() throws Exception {
        MemorySegment m = MemorySegment.ofArray(new byte[8]);
        CompletableFuture<Block> taken = CompletableFuture.supplyAsync(q::take);
        Thread.sleep(20);
        assertFalse(taken.isDone());
        q.submit(blocks.get(2), m);
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
        q.submit(blocks.get(0), MemorySegment.ofArray(new byte[8]));
        assertNull(q.take(), "stopped: no block is taken even with one queued");
    }

    @Test
    void pollTakesWhatIsThereOrWaitsUntilCancelled() throws Exception {
        assertNull(q.poll(false, () -> false), "nothing queued, no wait");
        MemorySegment m = MemorySegment.ofArray(new byte[8]);
        q.submit(blocks.get(0), m);
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
        q.submit(blocks.get(1), m);
        q.stop();
        assertNull(q.poll(true, () -> false), "stopped: nothing taken");
    }

    @Test
    void clearAndRestartBeginAFreshSession() {
        q.submit(blocks.get(0), MemorySegment.ofArray(new byte[8]));
        q.stop();
        q.clear();
        assertNull(q.takenMemory());
        q.restart();
        assertFalse(q.stopping());
        MemorySegment m = MemorySegment.ofArray(new byte[8]);
        q.submit(blocks.get(1), m);
        assertSame(blocks.get(1), q.take(), "the block from before the abort is gone");
        assertSame(m, q.takenMemory());
    }
}
