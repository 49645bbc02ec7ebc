package io.jiio.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fence ordering under concurrency, on the real sim engines: one buffer handed back and forth
 * between the loopback ADC (fills it) and the DAC (plays it) by two threads, and several buffers
 * enqueued on one queue by four threads. Fences of one attachment must complete in seqno order,
 * an enqueue never overlaps an earlier pending fence of the same buffer, and nothing is lost.
 */
@Timeout(60)
class FenceOrderingTest {
    private static final String LOOPBACK = "sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0";
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** Seqnos of one attachment in the order their fences completed (recorded by onComplete). */
    static final class Order {
        final List<Long> completed = Collections.synchronizedList(new ArrayList<>());
        final List<Fence> fences = new CopyOnWriteArrayList<>();

        void track(Fence f) {
            fences.add(f);
            f.onComplete(done -> completed.add(done.seqno()));
        }

        void assertInOrder(String what, int n) throws InterruptedException {
            for (Fence f : fences) {
                assertTrue(f.await(10, TimeUnit.SECONDS), what + ": " + f + " never signalled");
                assertNull(f.error(), what + ": " + f);
            }
            assertEquals(n, fences.size(), what + ": enqueues");
            // Callbacks run on the signalling thread just after the waiters are woken: the last
            // one may still be on its way when await() has returned.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (completed.size() < n && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(LongStream.rangeClosed(1, n).boxed().toList(), List.copyOf(completed),
                    what + ": completion order");
        }
    }

    private static void take(Semaphore s) throws InterruptedException {
        assertTrue(s.tryAcquire(10, TimeUnit.SECONDS), "the other thread did not hand over (did it fail?)");
    }

    @Test
    void oneBufferAlternatesBetweenAdcAndDacThreads() throws Exception {
        int rounds = 1200;
        long scans = 64;
        long size = scans * 4;
        try (Context ctx = Context.open(LOOPBACK)) {
            Device adc = ctx.requireDevice("sim-adc");
            Device dac = ctx.requireDevice("sim-dac");
            try (BlockQueue in = adc.openBuffer(adc.mask("voltage0", "voltage1"));
                 BlockQueue out = dac.openBuffer(dac.mask("voltage0", "voltage1"));
                 DmaBuf z = DmaHeap.system().allocate(size);
                 DmaBuf filler = DmaHeap.system().allocate(size);
                 DmaBuf sink = DmaHeap.system().allocate(size)) {
                assertEquals(4, in.scanBytes());
                assertEquals(4, out.scanBytes());
                in.attach(z);
                out.attach(z);
                out.attach(filler); // the DAC plays it into z
                in.attach(sink);    // the ADC catches z played back
                MemorySegment f = filler.beginCpuAccess(CpuAccess.WRITE);
                for (int s = 0; s < scans; s++) {
                    f.set(S16, s * 4L, (short) (s * 3 + 1));
                    f.set(S16, s * 4L + 2, (short) -s);
                }
                filler.endCpuAccess();
                in.enable();
                out.enable();

                Order adcZ = new Order();
                Order dacZ = new Order();
                Order adcSink = new Order();
                Order dacFiller = new Order();
                Semaphore toDac = new Semaphore(0);
                Semaphore toAdc = new Semaphore(0);
                AtomicReference<Fence> lastFill = new AtomicReference<>();
                AtomicReference<Fence> lastPlay = new AtomicReference<>();
                AtomicInteger maxPending = new AtomicInteger();

                Future<?> adcThread = pool.submit(() -> {
                    for (int r = 1; r <= rounds; r++) {
                        Fence fill = in.enqueue(z); // waits for the DAC to finish playing z
                        Fence prev = lastPlay.get();
                        if (prev != null) {
                            assertTrue(prev.isSignaled() && prev.error() == null,
                                    "round " + r + ": ADC enqueue returned while the DAC fence was " + prev);
                        }
                        assertEquals(r, fill.seqno());
                        maxPending.accumulateAndGet(z.pendingFences().size(), Math::max);
                        adcZ.track(fill);
                        lastFill.set(fill);
                        toDac.release();
                        adcSink.track(in.enqueue(sink));
                        take(toAdc);
                    }
                    return null;
                });
                Future<?> dacThread = pool.submit(() -> {
                    for (int r = 1; r <= rounds; r++) {
                        take(toDac);
                        dacFiller.track(out.enqueue(filler));
                        Fence play = out.enqueue(z); // waits for the ADC to finish filling z
                        Fence prev = lastFill.get();
                        assertTrue(prev.isSignaled() && prev.error() == null,
                                "round " + r + ": DAC enqueue returned while the ADC fence was " + prev);
                        assertEquals(r, play.seqno());
                        maxPending.accumulateAndGet(z.pendingFences().size(), Math::max);
                        dacZ.track(play);
                        lastPlay.set(play);
                        toAdc.release();
                    }
                    return null;
                });
                join(adcThread);
                join(dacThread);

                adcZ.assertInOrder("ADC attachment of z", rounds);
                dacZ.assertInOrder("DAC attachment of z", rounds);
                adcSink.assertInOrder("ADC attachment of the sink", rounds);
                dacFiller.assertInOrder("DAC attachment of the filler", rounds);
                assertTrue(maxPending.get() <= 1, "z had " + maxPending.get() + " fences pending at once");
                assertTrue(z.awaitIdle(5, TimeUnit.SECONDS));
                assertEquals(2L * rounds, in.stats().blocksCompleted());
                assertEquals(2L * rounds, out.stats().blocksCompleted());
                assertEquals(0, in.stats().overruns(), "lossless loopback");

                // filler -> z -> sink, the last time round: the sink holds the filler's pattern.
                MemorySegment k = sink.beginCpuAccess(CpuAccess.READ);
                for (int s = 0; s < scans; s++) {
                    assertEquals((short) (s * 3 + 1), k.get(S16, s * 4L), "scan " + s + " voltage0");
                    assertEquals((short) -s, k.get(S16, s * 4L + 2), "scan " + s + " voltage1");
                }
                sink.endCpuAccess();
            }
        }
    }

    @Test
    void severalBuffersOnOneQueueFromFourThreads() throws Exception {
        int threads = 4;
        int perThread = 1500;
        int nBuffers = 6;
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            List<DmaBuf> bufs = new ArrayList<>();
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"))) {
                List<Map<Long, Fence>> bySeqno = new ArrayList<>();
                List<List<Long>> deviceOrder = new ArrayList<>();
                for (int i = 0; i < nBuffers; i++) {
                    DmaBuf b = DmaHeap.system().allocate(1024 + 512L * i);
                    bufs.add(b);
                    q.attach(b);
                    bySeqno.add(new ConcurrentHashMap<>());
                    deviceOrder.add(Collections.synchronizedList(new ArrayList<>()));
                }
                q.enable();
                AtomicInteger enqueues = new AtomicInteger();
                AtomicInteger completions = new AtomicInteger();
                Set<String> violations = ConcurrentHashMap.newKeySet();
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(() -> {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        for (int i = 0; i < perThread; i++) {
                            int k = rnd.nextInt(nBuffers);
                            DmaBuf b = bufs.get(k);
                            Fence f = q.enqueue(b); // blocking: waits for the buffer's earlier fence
                            enqueues.incrementAndGet();
                            Map<Long, Fence> mine = bySeqno.get(k);
                            if (mine.putIfAbsent(f.seqno(), f) != null) {
                                violations.add("buffer " + k + ": seqno " + f.seqno() + " handed out twice");
                            }
                            Fence before = mine.get(f.seqno() - 1);
                            if (before != null && !before.isSignaled()) {
                                violations.add("buffer " + k + ": fence " + f.seqno() + " enqueued while "
                                        + before + " was pending");
                            }
                            // Another thread may already have enqueued the buffer again (f done); never two.
                            List<Fence> pending = b.pendingFences();
                            if (pending.size() > 1 || pending.size() == 1 && pending.getFirst() != f
                                    && (!f.isSignaled() || pending.getFirst().seqno() <= f.seqno())) {
                                violations.add("buffer " + k + ": pending " + pending + " after enqueue of " + f);
                            }
                            f.onComplete(done -> {
                                completions.incrementAndGet();
                                Fence earlier = mine.get(done.seqno() - 1);
                                if (earlier != null && !earlier.isSignaled()) {
                                    violations.add("buffer " + k + ": " + done + " completed before " + earlier);
                                }
                                // A callback added after the fence signalled runs on the adding thread, at
                                // an arbitrary later time; only the device thread's calls show the order.
                                if (Thread.currentThread().getName().equals("jiio-sim-adc")) {
                                    deviceOrder.get(k).add(done.seqno());
                                }
                            });
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    join(w);
                }
                int total = 0;
                int seenOnDevice = 0;
                for (int k = 0; k < nBuffers; k++) {
                    Map<Long, Fence> mine = bySeqno.get(k);
                    int n = mine.size();
                    total += n;
                    assertEquals(LongStream.rangeClosed(1, n).boxed().collect(java.util.stream.Collectors.toSet()),
                            mine.keySet(), "buffer " + k + ": seqnos 1.." + n + " with no gap");
                    for (Fence f : mine.values()) {
                        assertTrue(f.await(10, TimeUnit.SECONDS), f + " never signalled");
                        assertNull(f.error(), f.toString());
                    }
                    List<Long> order = List.copyOf(deviceOrder.get(k));
                    for (int i = 1; i < order.size(); i++) {
                        assertTrue(order.get(i - 1) < order.get(i), "buffer " + k + ": completion order " + order);
                    }
                    seenOnDevice += order.size();
                    assertTrue(bufs.get(k).pendingFences().isEmpty());
                }
                assertEquals(threads * perThread, enqueues.get());
                assertEquals(enqueues.get(), total, "every enqueue made exactly one fence");
                assertEquals(total, completions.get(), "total completions = total enqueues");
                assertEquals(total, q.stats().blocksCompleted());
                assertTrue(seenOnDevice > 0, "no callback ran on the device thread: the order check saw nothing");
                assertEquals(Set.of(), violations);
            } finally {
                for (DmaBuf b : bufs) {
                    b.close();
                }
            }
        }
    }

    private static void join(Future<?> f) throws Exception {
        try {
            f.get(50, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (Exception) e.getCause();
        }
    }
}
