package io.jiio.cli.bench;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Context;
import io.jiio.model.Device;
import org.HdrHistogram.Histogram;

/**
 * The block cycle — dequeue the next filled block, enqueue it again — measured two ways:
 * <ul>
 *   <li>{@link Setup#ONE_THREAD}: an {@link InstantEngine}, so the cycle is the queue's own cost;</li>
 *   <li>{@link Setup#TWO_THREADS}: the unthrottled static sim-adc, whose thread completes blocks
 *       while this one consumes them (the hand-off between a producer and a consumer).</li>
 * </ul>
 * The rate runs untimed batches of {@value #BATCH} cycles; the latency run times every cycle
 * into an HdrHistogram (which adds two clock reads to each).
 */
public final class CycleBench {
    static final int BATCH = 1000;
    private static final int BLOCKS = 16;
    private static final long BLOCK_BYTES = 4096;

    private CycleBench() {
    }

    public enum Setup {
        ONE_THREAD("block cycle, 1 thread (instant engine)"),
        TWO_THREADS("block cycle, 2 threads (static sim-adc)");

        private final String label;

        Setup(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Cycles per second and the latency percentiles of one setup. */
    public static Rows.Cycle measure(Setup setup, long durationNanos) {
        try (Context ctx = setup == Setup.TWO_THREADS ? Context.open(CaptureMode.STATIC_SIM) : null;
             BlockQueue q = open(setup, ctx)) {
            Timed.Result rate = Timed.run(() -> {
                for (int i = 0; i < BATCH; i++) {
                    Block b = q.dequeue();
                    q.enqueue(b);
                }
                return BATCH;
            }, durationNanos);
            Histogram h = new Histogram(60_000_000_000L, 3);
            Timed.run(() -> cycleTimed(q, null), durationNanos / 2); // warm the timed loop
            Timed.run(() -> cycleTimed(q, h), durationNanos);
            return new Rows.Cycle(setup.label(), rate.perSecond(), h.getTotalCount(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                    h.getMaxValue());
        }
    }

    private static long cycleTimed(BlockQueue q, Histogram h) {
        for (int i = 0; i < BATCH; i++) {
            long t0 = System.nanoTime();
            Block b = q.dequeue();
            q.enqueue(b);
            long t = System.nanoTime() - t0;
            if (h != null) {
                h.recordValue(t);
            }
        }
        return BATCH;
    }

    private static BlockQueue open(Setup setup, Context ctx) {
        if (setup == Setup.ONE_THREAD) {
            return InstantEngine.queue(BLOCKS, BLOCK_BYTES);
        }
        Device adc = ctx.requireDevice("sim-adc");
        BlockQueue q = adc.openBuffer(0, adc.mask(), new QueueConfig(BLOCKS, BLOCK_BYTES));
        q.allocate(BLOCKS, BLOCK_BYTES).forEach(q::enqueue);
        q.enable();
        return q;
    }
}
