package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The doorbell's wake-up protocol on its own: no ring is lost, a waiter woken for a publish it had
 * already seen waits on and is woken by the next one, and several waiters all wake.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoorbellTest {
    private final AtomicLong progress = new AtomicLong();

    private static Thread.State parkedState(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return s;
            }
            Thread.sleep(1);
        }
        return t.getState();
    }

    private Thread waiter(Doorbell bell, long seen, CompletableFuture<Boolean> result) {
        return Thread.ofPlatform().start(() -> {
            try {
                result.complete(bell.await(seen, bell.epoch(), false, 0, true));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
    }

    /**
     * A ring for a publish the waiter had already seen (a late ring) signals it, as the producer
     * cannot tell; the waiter must park again and still be counted, or the ring of the next, real
     * publish passes it by.
     */
    @ParameterizedTest
    @EnumSource(value = WaitStrategy.class, names = {"BLOCKING", "SPIN_THEN_PARK"})
    void aWaiterWokenForNothingIsWokenByTheNextPublish(WaitStrategy w) throws Exception {
        Doorbell bell = new Doorbell(progress::get, w);
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread t = waiter(bell, 0, done);
        assertEquals(Thread.State.WAITING, parkedState(t));
        bell.ring(); // a late ring: progress has not moved past what the waiter saw
        Thread.sleep(20);
        assertFalse(done.isDone(), "nothing was published for it");
        assertEquals(Thread.State.WAITING, parkedState(t), "it parks again");
        publishAndExpectWake(bell, t, done);
    }

    /** Publishes the first block and rings: the waiter {@code t} returns true. */
    private void publishAndExpectWake(Doorbell bell, Thread t, CompletableFuture<Boolean> done) throws Exception {
        progress.set(1);
        bell.ring();
        assertTrue(done.get(5, TimeUnit.SECONDS));
        t.join();
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void everyWaiterWakesOnAPublishAndOnAnAlert(WaitStrategy w) throws Exception {
        Doorbell bell = new Doorbell(progress::get, w);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Boolean> r = new CompletableFuture<>();
            results.add(r);
            threads.add(waiter(bell, 0, r));
        }
        Thread.sleep(50);
        progress.set(1);
        bell.ring();
        for (CompletableFuture<Boolean> r : results) {
            assertTrue(r.get(5, TimeUnit.SECONDS), w.toString());
        }
        CompletableFuture<Boolean> alerted = new CompletableFuture<>();
        Thread t = waiter(bell, 1, alerted);
        Thread.sleep(50);
        bell.alert();
        assertTrue(alerted.get(5, TimeUnit.SECONDS), w + ": an alert ends the wait");
        threads.add(t);
        for (Thread x : threads) {
            x.join();
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void aTimedWaitEndsAtItsDeadlineAndStaysWakeable(WaitStrategy w) throws Exception {
        Doorbell bell = new Doorbell(progress::get, w);
        long t0 = System.nanoTime();
        assertFalse(bell.await(0, bell.epoch(), true, t0 + TimeUnit.MILLISECONDS.toNanos(30), true));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(30));
        // The timed-out waiter no longer counts; a later waiter is still woken.
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread t = waiter(bell, 0, done);
        Thread.sleep(20);
        publishAndExpectWake(bell, t, done);
    }

    /**
     * Two threads pass one token back and forth through two doorbells, each waiting for the other's
     * publish: every hand-off waits on a parked or spinning thread, so a lost wake-up hangs the test.
     */
    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void noWakeUpIsLostInAPingPong(WaitStrategy w) throws Exception {
        AtomicLong pings = new AtomicLong();
        AtomicLong pongs = new AtomicLong();
        Doorbell pingBell = new Doorbell(pings::get, w);
        Doorbell pongBell = new Doorbell(pongs::get, w);
        int rounds = w == WaitStrategy.BUSY_SPIN ? 2_000 : 20_000;
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try {
                for (long i = 0; i < rounds; i++) {
                    while (pings.get() == i) {
                        pingBell.await(i, pingBell.epoch(), false, 0, false);
                    }
                    pongs.set(i + 1);
                    pongBell.ring();
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofPlatform().start(r));
        for (long i = 0; i < rounds; i++) {
            pings.set(i + 1);
            pingBell.ring();
            while (pongs.get() == i) {
                pongBell.await(i, pongBell.epoch(), false, 0, true);
            }
        }
        other.get(30, TimeUnit.SECONDS);
        assertEquals(rounds, pongs.get());
    }
}
