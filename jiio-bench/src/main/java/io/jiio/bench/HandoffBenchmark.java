package io.jiio.bench;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.cli.bench.InstantEngine;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a Java developer would reach for instead of a block queue to hand block references from a
 * producer thread to a consumer and back: one op = the consumer takes one reference (and the
 * reference becomes free for the producer again). Compare with
 * {@code BlockCycleBenchmark.twoThreads}, where the producer is the sim's DMA thread.
 * <ul>
 *   <li>{@code arrayBlockingQueue}: two {@link ArrayBlockingQueue}s, full and empty; the producer
 *       moves a block from empty to full, the consumer from full back to empty.</li>
 *   <li>{@code disruptor}: an LMAX Disruptor ring of 16 slots each carrying a block; the consumer
 *       polls one event at a time, which frees its slot (the ring is the way back). Producer:
 *       {@code tryNext} + yield when full; consumer: spin 100 times, then yield.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HandoffBenchmark {
    private static final int BLOCKS = 16;
    private static final int SPINS_BEFORE_YIELD = 100;

    /** Sixteen real block references, from a queue that is otherwise idle. */
    abstract static class Blocks {
        BlockQueue queue;
        Block[] blocks;
        Thread producer;
        volatile boolean running;

        void openBlocks() {
            queue = InstantEngine.queue(BLOCKS, 4096);
            blocks = new Block[BLOCKS];
            for (int i = 0; i < BLOCKS; i++) {
                blocks[i] = queue.dequeue();
            }
        }

        void start(Runnable loop, String name) {
            running = true;
            producer = Thread.ofPlatform().daemon().name(name).start(loop);
        }

        void stop() throws InterruptedException {
            running = false;
            producer.interrupt();
            producer.join(5000);
            queue.close();
        }
    }

    @State(Scope.Thread)
    public static class Abq extends Blocks {
        ArrayBlockingQueue<Block> full;
        ArrayBlockingQueue<Block> empty;

        @Setup(Level.Trial)
        public void open() {
            openBlocks();
            full = new ArrayBlockingQueue<>(BLOCKS);
            empty = new ArrayBlockingQueue<>(BLOCKS);
            for (Block b : blocks) {
                empty.add(b);
            }
            start(this::produce, "abq-producer");
        }

        private void produce() {
            try {
                while (running) {
                    full.put(empty.take());
                }
            } catch (InterruptedException stopped) {
                // end of the trial
            }
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** A ring slot: the block reference being handed over. */
    static final class Slot {
        Block block;
    }

    @State(Scope.Thread)
    public static class Ring extends Blocks implements EventPoller.Handler<Slot> {
        RingBuffer<Slot> ring;
        EventPoller<Slot> poller;
        Block got;

        @Setup(Level.Trial)
        public void open() {
            openBlocks();
            ring = RingBuffer.createSingleProducer(Slot::new, BLOCKS, new YieldingWaitStrategy());
            poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            start(this::produce, "disruptor-producer");
        }

        private void produce() {
            long n = 0;
            while (running) {
                long seq;
                try {
                    seq = ring.tryNext();
                } catch (InsufficientCapacityException full) {
                    Thread.yield(); // the consumer is behind; let it run (2 cores)
                    continue;
                }
                ring.get(seq).block = blocks[(int) (n++ & (BLOCKS - 1))];
                ring.publish(seq);
            }
        }

        @Override
        public boolean onEvent(Slot event, long sequence, boolean endOfBatch) {
            got = event.block;
            return false; // one event per poll: one hand-off per op
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            stop();
        }
    }

    @Benchmark
    public Block arrayBlockingQueue(Abq s) throws InterruptedException {
        Block b = s.full.take();
        s.empty.put(b);
        return b;
    }

    @Benchmark
    public Block disruptor(Ring s) throws Exception {
        s.got = null;
        int spins = 0;
        while (true) {
            s.poller.poll(s);
            if (s.got != null) {
                return s.got;
            }
            // The Disruptor's YieldingWaitStrategy: spin a little, then yield. A pure spin starves
            // the producer whenever both threads share one CPU (2 cores, other load): measured
            // hundreds of microseconds per hand-off.
            if (++spins > SPINS_BEFORE_YIELD) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
