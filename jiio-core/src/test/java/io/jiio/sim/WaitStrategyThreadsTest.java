package io.jiio.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.Stream;
import io.jiio.buffer.WaitStrategy;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wait strategy chosen in {@link QueueConfig} is the one every thread of the hand-off waits
 * with: the sim ADC's and DAC's own threads waiting for a submit, and the application's thread in
 * {@code dequeue} and in a {@link Stream}. Seen from outside as the waiting thread's state: a
 * strategy that parks leaves it WAITING (or TIMED_WAITING), one that spins or yields keeps it
 * RUNNABLE for as long as it waits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitStrategyThreadsTest {
    private static final String UNTHROTTLED = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0,"
            + "sim-dac.sampling_frequency=0";

    /** The engine thread of that name that is waiting in its submit queue, once it is there. */
    private static Thread engineThread(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (var e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey().getName().equals(name) && Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().endsWith("SubmitQueue"))) {
                    return e.getKey();
                }
            }
            Thread.sleep(1);
        }
        fail("no " + name + " thread waiting for a submit");
        return null;
    }

    /**
     * Asserts how {@code t} waits under {@code w}: parked within a second for a parking strategy
     * (spin-then-park spins first), RUNNABLE at each of 20 looks over 100 ms for a spinning one.
     */
    static void assertWaitsAs(WaitStrategy w, Thread t, Predicate<StackTraceElement[]> stillWaiting)
            throws InterruptedException {
        if (w == WaitStrategy.BLOCKING || w == WaitStrategy.SPIN_THEN_PARK) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Thread.State s;
            while ((s = t.getState()) != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) {
                assertTrue(System.nanoTime() < deadline, t.getName() + " under " + w + " never parked: " + s);
                Thread.sleep(1);
            }
        } else {
            for (int i = 0; i < 20; i++) {
                Thread.State s = t.getState();
                assertEquals(Thread.State.RUNNABLE, s, t.getName() + " under " + w + " must spin, not park");
                Thread.sleep(5);
            }
        }
        assertTrue(stillWaiting.test(t.getStackTrace()), t.getName() + " stopped waiting");
    }

    private static boolean in(StackTraceElement[] stack, String className) {
        return Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith(className));
    }

    static java.util.stream.Stream<Arguments> devicesAndStrategies() {
        return java.util.stream.Stream.of("sim-adc", "sim-dac")
                .flatMap(d -> Arrays.stream(WaitStrategy.values()).map(w -> Arguments.of(d, w)));
    }

    /** The device's own thread, waiting for a submit on a started queue with nothing queued. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("devicesAndStrategies")
    void theDevicesThreadWaitsForSubmitsWithTheQueuesStrategy(String device, WaitStrategy w) throws Exception {
        try (Context ctx = Context.open(UNTHROTTLED)) {
            Device d = ctx.requireDevice(device);
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0"), QueueConfig.defaults().withWaitStrategy(w))) {
                List<Block> blocks = q.allocate(2, 1024);
                q.enable(); // nothing queued: the device's thread waits for a submit
                assertWaitsAs(w, engineThread("jiio-" + device), s -> in(s, "SubmitQueue"));
                q.enqueue(blocks.get(1)); // and a submit reaches it: filled (ADC) or played (DAC)
                assertSame(blocks.get(1), q.dequeue(5, TimeUnit.SECONDS));
                q.disable();
            }
        }
    }

    /** A thread running {@code body}, and what it returns. */
    private record Waiting<T>(Thread thread, CompletableFuture<T> result) {
        static <T> Waiting<T> start(Callable<T> body) throws Exception {
            CompletableFuture<Thread> who = new CompletableFuture<>();
            CompletableFuture<T> result = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                who.complete(Thread.currentThread());
                try {
                    result.complete(body.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            Thread t = who.get(5, TimeUnit.SECONDS);
            Thread.sleep(10);
            return new Waiting<>(t, result);
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void dequeueWaitsWithTheQueuesStrategy(WaitStrategy w) throws Exception {
        try (Context ctx = Context.open(UNTHROTTLED)) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0"), QueueConfig.defaults().withWaitStrategy(w))) {
                List<Block> blocks = q.allocate(2, 1024);
                q.enable();
                Waiting<Block> app = Waiting.start(() -> q.dequeue(20, TimeUnit.SECONDS)); // nothing is queued yet
                assertWaitsAs(w, app.thread(), s -> in(s, "BlockQueue"));
                q.enqueue(blocks.get(0));
                assertSame(blocks.get(0), app.result().get(5, TimeUnit.SECONDS));
                q.disable();
            }
        }
    }

    /** A {@link Stream} runs on its queue's strategy: it says which, and its {@code next()} waits that way. */
    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void aStreamWaitsWithItsQueuesStrategy(WaitStrategy w) throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=1000")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0"), QueueConfig.defaults().withWaitStrategy(w));
                 Stream s = Stream.ofBlocks(q, 2, 2000)) { // 1000 scans a block at 1 kHz: a second each
                assertSame(w, s.waitStrategy());
                Waiting<Stream.Chunk> app = Waiting.start(s::next);
                assertWaitsAs(w, app.thread(), st -> !app.result().isDone());
                Stream.Chunk c = app.result().get(5, TimeUnit.SECONDS);
                assertNotNull(c);
                assertEquals(2000, c.bytesUsed());
            }
        }
    }
}
