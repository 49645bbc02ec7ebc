package io.jiio.cli.bench;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.WaitStrategy;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The block cycle — take the next filled block, give it back — measured for jiio's queue and, in
 * the same run, for what a Java developer would otherwise use to pass block references between two
 * threads:
 * <ul>
 *   <li>1 thread: an {@link InstantEngine}, so the cycle is the queue's own cost;</li>
 *   <li>2 threads, once per {@link WaitStrategy}: the unthrottled static sim-adc, whose thread
 *       completes blocks while this one dequeues and enqueues them (the engine's thread waits with
 *       the same strategy), 16 blocks of 4 KiB; and blocking again with 64 blocks, the kernel's
 *       and {@code QueueConfig}'s default depth, since a parked side is woken once per batch of
 *       blocks and the batch is bounded by the depth;</li>
 *   <li>baselines: a pair of {@link ArrayBlockingQueue}s (full and empty), an LMAX Disruptor
 *       ring of 16 slots polled by the consumer, and a pair of Disruptor rings whose two threads
 *       wait with the Disruptor's {@link BlockingWaitStrategy}, each with a producer thread moving
 *       the same 16 block references;</li>
 *   <li>the floors of a hand-off on this machine: a bare {@link LockSupport#park()}/{@link
 *       LockSupport#unpark} ping-pong between two threads, one token, so each cycle is two
 *       wake-ups of a parked thread and nothing else (blocking); and a spinning ping-pong of two
 *       cache lines, each cycle two transfers of a line between the cores and nothing else
 *       (spinning).</li>
 * </ul>
 * The rate runs untimed batches of {@value #BATCH} cycles; the latency run times every cycle
 * into an HdrHistogram (which adds two clock reads to each). Each setup runs in a JVM of its own,
 * as JMH forks: one setup's type profiles otherwise slowed the next (the instant engine, measured
 * first, left the two-thread cycle at a third of its rate).
 */
public final class CycleBench {
    static final int BATCH = 1000;
    private static final int BLOCKS = 16;
    /** The kernel block API's limit and {@code QueueConfig}'s default: the blocking row's deeper twin. */
    private static final int DEEP = 64;
    private static final long BLOCK_BYTES = 4096;
    /** Labels the targets look for. */
    static final String ONE_THREAD = "block cycle, 1 thread (instant engine)";
    static final String TWO_THREADS = "block cycle, 2 threads (static sim-adc, ";
    static final String BLOCKING_DEEP = TWO_THREADS + "blocking, " + DEEP + " blocks)";
    static final String ABQ = "baseline: ArrayBlockingQueue pair, 2 threads";
    static final String DISRUPTOR = "baseline: LMAX Disruptor ring, 2 threads";
    static final String DISRUPTOR_BLOCKING = "baseline: LMAX Disruptor pair, BlockingWaitStrategy";
    static final String PARK = "floor: park/unpark ping-pong (2 wake-ups a cycle)";
    static final String LINE = "floor: cache-line ping-pong (2 line transfers a cycle)";

    private CycleBench() {
    }

    /** One take-and-give-back, and what to close after; the JMH module measures the same ones. */
    public interface Cycler extends AutoCloseable {
        /** Takes one block (or message) and gives it back: the unit a rate and a latency are measured in. */
        void cycle();

        @Override
        void close();
    }

    /**
     * The setup named as {@code jiio bench} and the JMH benchmark name them: {@code 1-thread}, a
     * {@link WaitStrategy#cliName()} (2 threads, static sim-adc), {@code blocking-64}, {@code abq}, {@code disruptor},
     * {@code disruptor-blocking}, {@code park} or {@code line}.
     *
     * @param setup the setup's name
     * @return the running setup, which the caller closes
     * @throws io.jiio.IioException EINVAL for an unknown name
     */
    public static Cycler open(String setup) {
        return switch (setup) {
            case "1-thread" -> queueCycler(InstantEngine.queue(BLOCKS, BLOCK_BYTES), null);
            case "abq" -> new AbqPair();
            case "blocking-" + DEEP -> sim(WaitStrategy.BLOCKING, DEEP);
            case "disruptor" -> new DisruptorRing();
            case "disruptor-blocking" -> new DisruptorBlockingPair();
            case "park" -> new ParkPingPong();
            case "line" -> new LinePingPong();
            default -> sim(WaitStrategy.parse(setup), BLOCKS);
        };
    }

    /**
     * Every setup in turn, each in a fresh JVM (so one's JIT profile does not slow the next): label
     * and rate/latency.
     *
     * @param durationNanos how long to measure each
     * @param each          told each row as it is measured, or {@code null}
     * @return the rows, in the order measured
     */
    public static List<Rows.Cycle> measureAll(long durationNanos, java.util.function.Consumer<Rows.Cycle> each) {
        java.util.Map<String, String> setups = new java.util.LinkedHashMap<>(); // setup → label
        setups.put("1-thread", ONE_THREAD);
        for (WaitStrategy w : WaitStrategy.values()) {
            setups.put(w.cliName(), TWO_THREADS + w.cliName() + ")");
        }
        setups.put("blocking-" + DEEP, BLOCKING_DEEP);
        setups.put("abq", ABQ);
        setups.put("disruptor", DISRUPTOR);
        setups.put("disruptor-blocking", DISRUPTOR_BLOCKING);
        setups.put("park", PARK);
        setups.put("line", LINE);
        List<Rows.Cycle> rows = new ArrayList<>();
        setups.forEach((setup, label) -> {
            Rows.Cycle row = forked(setup, label, durationNanos);
            if (each != null) {
                each.accept(row); // as each row is measured: a long bench says where it is
            }
            rows.add(row);
        });
        return rows;
    }

    /**
     * The child's side: {@code CycleBench SETUP LABEL NANOS} prints its row as one tab-separated line.
     *
     * @param args the setup's name, the row's label and the duration in ns
     */
    public static void main(String[] args) {
        Rows.Cycle r = measure(args[1], open(args[0]), Long.parseLong(args[2]));
        System.out.println(String.join("\t", r.name(), Double.toString(r.cyclesPerSecond()), Long.toString(r.samples()),
                Long.toString(r.p50Ns()), Long.toString(r.p99Ns()), Long.toString(r.p999Ns()), Long.toString(r.maxNs())));
    }

    private static Rows.Cycle forked(String setup, String label, long durationNanos) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CycleBench.class.getName(), setup, label,
                Long.toString(durationNanos)).redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException("the " + setup + " row's JVM exited " + p.exitValue());
            }
            String[] f = out.substring(out.lastIndexOf('\n') + 1).split("\t");
            return new Rows.Cycle(f[0], Double.parseDouble(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("starting the " + setup + " row's JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Rows.Cycle measure(String label, Cycler c, long durationNanos) {
        try (c) {
            Timed.Result rate = Timed.run(() -> {
                for (int i = 0; i < BATCH; i++) {
                    c.cycle();
                }
                return BATCH;
            }, durationNanos);
            Histogram h = new Histogram(60_000_000_000L, 3);
            Timed.run(() -> cycleTimed(c, null), durationNanos / 2); // warm the timed loop
            Timed.run(() -> cycleTimed(c, h), durationNanos);
            return new Rows.Cycle(label, rate.perSecond(), h.getTotalCount(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                    h.getMaxValue());
        }
    }

    private static long cycleTimed(Cycler c, Histogram h) {
        for (int i = 0; i < BATCH; i++) {
            long t0 = System.nanoTime();
            c.cycle();
            long t = System.nanoTime() - t0;
            if (h != null) {
                h.recordValue(t);
            }
        }
        return BATCH;
    }

    private static Cycler sim(WaitStrategy w, int blocks) {
        Context ctx = Context.open(CaptureMode.STATIC_SIM);
        try {
            Device adc = ctx.requireDevice("sim-adc");
            BlockQueue q = adc.openBuffer(0, adc.mask(),
                    new QueueConfig(blocks, BLOCK_BYTES).withWaitStrategy(w));
            q.allocate(blocks, BLOCK_BYTES).forEach(q::enqueue);
            q.enable();
            return queueCycler(q, ctx);
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    private static Cycler queueCycler(BlockQueue q, Context ctx) {
        return new Cycler() {
            @Override
            public void cycle() {
                q.enqueue(q.dequeue());
            }

            @Override
            public void close() {
                q.close();
                if (ctx != null) {
                    ctx.close();
                }
            }
        };
    }

    /** The baselines' 16 block references, from an idle queue, and their producer thread. */
    private abstract static class Baseline implements Cycler {
        final BlockQueue queue = InstantEngine.queue(BLOCKS, BLOCK_BYTES);
        final Block[] blocks = new Block[BLOCKS];
        volatile boolean running = true;
        Thread producer;

        Baseline() {
            for (int i = 0; i < BLOCKS; i++) {
                blocks[i] = queue.dequeue();
            }
        }

        void start(Runnable loop, String name) {
            producer = Thread.ofPlatform().daemon().name(name).start(loop);
        }

        @Override
        public void close() {
            running = false;
            producer.interrupt();
            try {
                producer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.close();
        }
    }

    /** Two ArrayBlockingQueues: the producer moves a block from empty to full, the consumer back. */
    private static final class AbqPair extends Baseline {
        private final ArrayBlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS);
        private final ArrayBlockingQueue<Block> empty = new ArrayBlockingQueue<>(BLOCKS);

        AbqPair() {
            for (Block b : blocks) {
                empty.add(b);
            }
            start(() -> {
                try {
                    while (running) {
                        full.put(empty.take());
                    }
                } catch (InterruptedException stopped) {
                    // end of the row
                }
            }, "bench-abq-producer");
        }

        @Override
        public void cycle() {
            try {
                empty.put(full.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** A ring slot: the block reference handed over. */
    private static final class Slot {
        Block block;
    }

    /**
     * A single-producer Disruptor ring of 16 slots; the consumer polls one event per cycle, which
     * frees its slot (the ring is the way back). Producer: {@code tryNext}, yielding when full;
     * consumer: spins 100 times, then yields.
     */
    private static final class DisruptorRing extends Baseline implements EventPoller.Handler<Slot> {
        private final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, BLOCKS,
                new YieldingWaitStrategy());
        private final EventPoller<Slot> poller = ring.newPoller();
        private Block got;
        private long sink;

        DisruptorRing() {
            ring.addGatingSequences(poller.getSequence());
            start(() -> {
                long n = 0;
                while (running) {
                    long seq;
                    try {
                        seq = ring.tryNext();
                    } catch (InsufficientCapacityException full) {
                        Thread.yield();
                        continue;
                    }
                    ring.get(seq).block = blocks[(int) (n++ & (BLOCKS - 1))];
                    ring.publish(seq);
                }
            }, "bench-disruptor-producer");
        }

        @Override
        public boolean onEvent(Slot event, long sequence, boolean endOfBatch) {
            got = event.block;
            return false; // one event per poll: one cycle
        }

        @Override
        public void cycle() {
            try {
                for (int spins = 0; ; spins++) {
                    got = null;
                    poller.poll(this);
                    if (got != null) {
                        sink += got.id();
                        return;
                    }
                    if (spins < 100) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("disruptor poll failed", e);
            }
        }
    }

    /**
     * Two single-producer Disruptor rings of 16 slots, full (producer → consumer) and empty (back),
     * each read through a {@link SequenceBarrier} with the Disruptor's {@link BlockingWaitStrategy}
     * (a monitor wait; every publish takes the monitor and notifies): what the Disruptor offers a
     * thread that must not spin, in the same shape as jiio's blocking cycle. The producer takes
     * what it is given back in batches, as a {@code BatchEventProcessor} does.
     */
    private static final class DisruptorBlockingPair extends Baseline {
        private final RingBuffer<Slot> full = RingBuffer.createSingleProducer(Slot::new, BLOCKS,
                new BlockingWaitStrategy());
        private final RingBuffer<Slot> empty = RingBuffer.createSingleProducer(Slot::new, BLOCKS,
                new BlockingWaitStrategy());
        private final SequenceBarrier fullBarrier = full.newBarrier();
        private final SequenceBarrier emptyBarrier = empty.newBarrier();
        private final Sequence fullRead = new Sequence();
        private final Sequence emptyRead = new Sequence();
        private long fullAvailable = -1;

        DisruptorBlockingPair() {
            full.addGatingSequences(fullRead);
            empty.addGatingSequences(emptyRead);
            for (Block b : blocks) {
                long seq = empty.next();
                empty.get(seq).block = b;
                empty.publish(seq);
            }
            start(() -> {
                try {
                    while (running) {
                        long next = emptyRead.get() + 1;
                        long available = emptyBarrier.waitFor(next);
                        for (long s = next; s <= available; s++) {
                            Block b = empty.get(s).block;
                            emptyRead.set(s); // the slot is free before the block can come back to it
                            long seq = full.next();
                            full.get(seq).block = b;
                            full.publish(seq);
                        }
                    }
                } catch (AlertException | InterruptedException | com.lmax.disruptor.TimeoutException stopped) {
                    // end of the row
                }
            }, "bench-disruptor-blocking-producer");
        }

        @Override
        public void cycle() {
            long next = fullRead.get() + 1;
            try {
                if (next > fullAvailable) {
                    fullAvailable = fullBarrier.waitFor(next);
                }
            } catch (AlertException | InterruptedException | com.lmax.disruptor.TimeoutException e) {
                throw new IllegalStateException("disruptor wait failed", e);
            }
            Block b = full.get(next).block;
            fullRead.set(next); // as above: free the slot before handing the block on
            long seq = empty.next();
            empty.get(seq).block = b;
            empty.publish(seq);
        }

        @Override
        public void close() {
            running = false;
            emptyBarrier.alert();
            super.close();
        }
    }

    /**
     * One token between two threads that only park: the consumer hands it over and unparks the
     * producer, which hands it back and unparks the consumer. Each cycle is two wake-ups of a
     * thread that parked (unless the token is back before the other parks), the least a blocking
     * hand-off can cost per round trip: what jiio's blocking cycle is measured against.
     */
    private static final class ParkPingPong extends Baseline {
        private static final int CONSUMER = 0;
        private static final int PRODUCER = 1;
        /** The measuring thread, set before each hand-over (JMH may set up on another thread). */
        private Thread consumer;
        private volatile int turn = CONSUMER;

        ParkPingPong() {
            start(() -> {
                while (running) {
                    while (turn != PRODUCER) {
                        LockSupport.park(this);
                        if (!running) {
                            return;
                        }
                    }
                    turn = CONSUMER;
                    LockSupport.unpark(consumer);
                }
            }, "bench-park-producer");
        }

        @Override
        public void cycle() {
            Thread me = Thread.currentThread();
            if (consumer != me) {
                consumer = me;
            }
            turn = PRODUCER;
            LockSupport.unpark(producer);
            while (turn != CONSUMER) {
                LockSupport.park(this);
            }
        }

        @Override
        public void close() {
            running = false;
            LockSupport.unpark(producer);
            super.close();
        }
    }

    /**
     * Two threads spinning on each other's cache line: the consumer stores n in its line and waits
     * for the producer to store n in the other. Each cycle is two transfers of a line between the
     * cores, the least a spinning hand-off costs per round trip; a block cycle moves its ring
     * indexes, ring slots and the block's own fields, several lines each way.
     */
    private static final class LinePingPong extends Baseline {
        private static final java.lang.invoke.VarHandle SEQ =
                java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);
        /** Two lines of their own, 128 bytes apart: the consumer's at PING, the producer's at PONG. */
        private static final int PING = 16;
        private static final int PONG = 32;
        private final long[] lines = new long[48];

        LinePingPong() {
            start(() -> {
                long seen = 0;
                while (running) {
                    long v = (long) SEQ.getAcquire(lines, PING);
                    if (v != seen) {
                        seen = v;
                        SEQ.setRelease(lines, PONG, v);
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }, "bench-line-producer");
        }

        @Override
        public void cycle() {
            // The count lives in the consumer's own line: a field of this object would share a line
            // with the producer's running flag, which it reads on every spin.
            long next = (long) SEQ.get(lines, PING) + 1;
            SEQ.setRelease(lines, PING, next);
            while ((long) SEQ.getAcquire(lines, PONG) != next) {
                Thread.onSpinWait();
            }
        }
    }
}
