package io.jiio.bench;

import io.jiio.cli.bench.CaptureLoop;
import io.jiio.cli.bench.CaptureMode;
import io.jiio.model.Context;
import java.util.Locale;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * A consumer of the unthrottled {@code static} sim-adc reading every byte of each block, in each
 * transfer mode; one op = one block. Bytes/s = ops/s × blockBytes. Compare with
 * {@link LimitsBenchmark} at the same size (the same bytes read from plain memory).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ConsumerBenchmark {
    @Param({"block", "dmabuf", "fileio"})
    public String mode;

    @Param({"1048576"})
    public long blockBytes;

    private Context ctx;
    private CaptureLoop loop;

    @Setup(Level.Trial)
    public void open() {
        ctx = Context.open(CaptureMode.STATIC_SIM);
        loop = CaptureMode.valueOf(mode.toUpperCase(Locale.ROOT)).open(ctx, blockBytes);
    }

    @TearDown(Level.Trial)
    public void close(Blackhole bh) {
        bh.consume(loop.checksum());
        loop.close();
        ctx.close();
    }

    @Benchmark
    public long consume() {
        return loop.next();
    }
}
