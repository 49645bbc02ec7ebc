package io.jiio.bench;

import io.jiio.cli.bench.CaptureMode;
import io.jiio.cli.bench.ReadAll;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 * The limits a consumer of {@code blockBytes} blocks is measured against, on plain page-aligned
 * memory: {@code read} reads every byte ({@link ReadAll}, the read limit); {@code readRotating}
 * the same over four blocks in turn; {@code copy} is one
 * {@link MemorySegment#copy} of the block (the copy limit: what fileio's extra copy costs at best).
 * One op = one block.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LimitsBenchmark {
    @Param({"1048576"})
    public long blockBytes;

    /** As many as a capture cycles ({@code CaptureMode.BLOCKS}): the same cache footprint. */
    private static final int ROTATING = CaptureMode.BLOCKS;

    private Arena arena;
    private MemorySegment src;
    private MemorySegment dst;
    private MemorySegment[] rotating;
    private int next;

    @Setup(Level.Trial)
    public void allocate() {
        arena = Arena.ofShared();
        src = arena.allocate(blockBytes, 4096);
        dst = arena.allocate(blockBytes, 4096);
        src.fill((byte) 1);
        dst.fill((byte) 2);
        rotating = new MemorySegment[ROTATING];
        for (int i = 0; i < ROTATING; i++) {
            rotating[i] = arena.allocate(blockBytes, 4096);
            rotating[i].fill((byte) i);
        }
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }

    @Benchmark
    public long read() {
        return ReadAll.sum(src);
    }

    /**
     * The read limit with a capture's cache footprint: {@value #ROTATING} blocks read in turn, as
     * a consumer of {@value #ROTATING} circulating blocks does (the plain read limit rereads one
     * block, which may stay in a cache level the capture's four blocks do not fit in).
     */
    @Benchmark
    public long readRotating() {
        MemorySegment s = rotating[next];
        next = (next + 1) & (ROTATING - 1);
        return ReadAll.sum(s);
    }

    @Benchmark
    public MemorySegment copy() {
        MemorySegment.copy(src, 0, dst, 0, blockBytes);
        return dst;
    }
}
