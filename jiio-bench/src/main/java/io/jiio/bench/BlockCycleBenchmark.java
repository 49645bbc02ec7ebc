package io.jiio.bench;

import io.jiio.cli.bench.CycleBench;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The block cycle — take the next filled block, give it back — for each setup {@code jiio bench}
 * measures, side by side in one run (see {@link CycleBench#open} for what each is):
 * <ul>
 *   <li>{@code 1-thread}: an instant engine completes each block inside the enqueue: the queue's
 *       own cost;</li>
 *   <li>{@code blocking}, {@code spin-then-park}, {@code yielding}, {@code busy-spin}: the
 *       unthrottled static sim-adc's thread completes blocks while this one consumes them, both
 *       waiting with that strategy: the hand-off; {@code blocking-64} the same with 64 blocks, the
 *       kernel's default depth;</li>
 *   <li>{@code abq}, {@code disruptor}, {@code disruptor-blocking}: the same 16 block references
 *       passed between two threads by an ArrayBlockingQueue pair, by an LMAX Disruptor ring, and
 *       by two Disruptor rings waiting with its BlockingWaitStrategy;</li>
 *   <li>{@code park}, {@code line}: a bare park/unpark ping-pong (two wake-ups per cycle) and a
 *       spinning ping-pong of two cache lines (two line transfers per cycle): the floors of a
 *       blocking and of a spinning hand-off on this machine.</li>
 * </ul>
 * Each fork gets a fresh JVM, so one setup's JIT profile does not slow the next.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BlockCycleBenchmark {
    @Param({"1-thread", "blocking", "spin-then-park", "yielding", "busy-spin", "blocking-64", "abq", "disruptor",
            "disruptor-blocking", "park", "line"})
    public String setup;

    private CycleBench.Cycler cycler;

    @Setup(Level.Trial)
    public void open() {
        cycler = CycleBench.open(setup);
    }

    @TearDown(Level.Trial)
    public void close() {
        cycler.close();
    }

    @Benchmark
    public void cycle() {
        cycler.cycle();
    }
}
