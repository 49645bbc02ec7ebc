package io.jiio.bench;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.cli.bench.CaptureMode;
import io.jiio.cli.bench.InstantEngine;
import io.jiio.model.Context;
import io.jiio.model.Device;
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
 * The block cycle: dequeue the next filled block and enqueue it again.
 * <ul>
 *   <li>{@code oneThread}: an {@link InstantEngine} completes each block inside the enqueue, on
 *       this thread, so a cycle is the queue's own cost (locks, lists, state checks).</li>
 *   <li>{@code twoThreads}: the unthrottled {@code static} sim-adc's thread completes blocks (no
 *       fill: the stand-in for hardware DMA) while this thread consumes them: the hand-off.</li>
 * </ul>
 * 16 blocks of 4 KiB; the size does not matter, nothing touches the bytes.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BlockCycleBenchmark {
    private static final int BLOCKS = 16;
    private static final long BLOCK_BYTES = 4096;

    @State(Scope.Thread)
    public static class OneThread {
        BlockQueue queue;

        @Setup(Level.Trial)
        public void open() {
            queue = InstantEngine.queue(BLOCKS, BLOCK_BYTES);
        }

        @TearDown(Level.Trial)
        public void close() {
            queue.close();
        }
    }

    @State(Scope.Thread)
    public static class TwoThreads {
        Context ctx;
        BlockQueue queue;

        @Setup(Level.Trial)
        public void open() {
            ctx = Context.open(CaptureMode.STATIC_SIM);
            Device adc = ctx.requireDevice("sim-adc");
            queue = adc.openBuffer(0, adc.mask(), new QueueConfig(BLOCKS, BLOCK_BYTES));
            queue.allocate(BLOCKS, BLOCK_BYTES).forEach(queue::enqueue);
            queue.enable();
        }

        @TearDown(Level.Trial)
        public void close() {
            queue.close();
            ctx.close();
        }
    }

    @Benchmark
    public Block oneThread(OneThread s) {
        Block b = s.queue.dequeue();
        s.queue.enqueue(b);
        return b;
    }

    @Benchmark
    public Block twoThreads(TwoThreads s) {
        Block b = s.queue.dequeue();
        s.queue.enqueue(b);
        return b;
    }
}
