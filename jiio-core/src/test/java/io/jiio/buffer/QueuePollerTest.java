package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Direction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class QueuePollerTest {
    private final ManualEngine engineA = new ManualEngine();
    private final ManualEngine engineB = new ManualEngine();

    @Test
    void reportsOnlyTheQueuesThatAreReady() throws Exception {
        try (BlockQueue a = new BlockQueue("a", Direction.INPUT, engineA, QueueConfig.defaults(), 4);
             BlockQueue b = new BlockQueue("b", Direction.INPUT, engineB, QueueConfig.defaults(), 4);
             QueuePoller poller = new QueuePoller(a, b)) {
            a.allocate(2, 4096).forEach(a::enqueue);
            b.allocate(2, 4096).forEach(b::enqueue);
            a.enable();
            b.enable();
            long t0 = System.nanoTime();
            assertEquals(List.of(), poller.poll(30, TimeUnit.MILLISECONDS), "nothing ready: times out empty");
            assertTrue(System.nanoTime() - t0 >= 25_000_000L, "and waited for the timeout");
            assertEquals(List.of(), poller.poll(0, TimeUnit.MILLISECONDS), "0 = just look");

            Thread device = Thread.ofPlatform().start(() -> {
                sleep(30);
                engineB.completeNext();
            });
            assertEquals(List.of(b), poller.poll(-1, TimeUnit.MILLISECONDS), "woken by b's completion");
            device.join();
            engineA.completeNext();
            assertEquals(List.of(a, b), poller.poll(0, TimeUnit.MILLISECONDS));
            b.tryDequeue();
            assertEquals(List.of(a), poller.poll(0, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void watermarkHoldsBackReadinessUntilEnoughBytes() {
        try (BlockQueue a = new BlockQueue("a", Direction.INPUT, engineA, QueueConfig.defaults(), 4);
             QueuePoller poller = new QueuePoller(a)) {
            a.allocate(3, 4096).forEach(a::enqueue);
            a.setWatermark(2 * 4096);
            a.enable();
            engineA.completeNext();
            assertEquals(List.of(), poller.poll(10, TimeUnit.MILLISECONDS));
            engineA.completeNext();
            assertEquals(List.of(a), poller.poll(10, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aClosedQueueIsReadySoTheWaiterLearnsOfIt() throws Exception {
        BlockQueue a = new BlockQueue("a", Direction.INPUT, engineA, QueueConfig.defaults(), 4);
        try (QueuePoller poller = new QueuePoller(a)) {
            a.allocate(1, 4096).forEach(a::enqueue);
            a.enable();
            Thread closer = Thread.ofPlatform().start(() -> {
                sleep(30);
                a.close();
            });
            assertEquals(List.of(a), poller.poll(5, TimeUnit.SECONDS));
            closer.join();
            assertTrue(a.isClosed());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
