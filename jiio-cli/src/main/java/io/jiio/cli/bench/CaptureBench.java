package io.jiio.cli.bench;

import io.jiio.model.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One block size: the read limit and an unthrottled static sim-adc → consumer per mode, measured
 * interleaved ({@link Timed#interleaved}). Each mode has a context of its own (an independent
 * sim-adc), so all are open at once; an idle one costs nothing (its device thread waits for
 * blocks).
 */
public final class CaptureBench {
    private CaptureBench() {
    }

    /**
     * Bytes per second: the read limit first, then the read limit over {@link CaptureMode#BLOCKS}
     * segments (a capture's cache footprint), then each of {@code modes} in order.
     *
     * @param modes         the consumers to measure
     * @param blockBytes    bytes per block
     * @param durationNanos how long to measure, all of them in turns
     * @param wait          how consumers and device threads wait for blocks
     * @return the rates in bytes per second, in the order above
     */
    public static double[] bytesPerSecond(List<CaptureMode> modes, long blockBytes, long durationNanos,
                                          io.jiio.buffer.WaitStrategy wait) {
        List<Context> contexts = new ArrayList<>();
        List<CaptureLoop> loops = new ArrayList<>();
        try (ReadLimit limit = new ReadLimit(blockBytes, 1);
             ReadLimit rotating = new ReadLimit(blockBytes, CaptureMode.BLOCKS)) {
            List<LongSupplier> steps = new ArrayList<>();
            steps.add(limit::step);
            steps.add(rotating::step);
            for (CaptureMode mode : modes) {
                Context ctx = Context.open(CaptureMode.STATIC_SIM);
                contexts.add(ctx);
                CaptureLoop loop = mode.open(ctx, blockBytes, wait);
                loops.add(loop);
                steps.add(loop::next);
            }
            Timed.Result[] r = Timed.interleaved(steps, durationNanos);
            double[] rates = new double[r.length];
            for (int i = 0; i < r.length; i++) {
                rates[i] = r[i].perSecond();
            }
            return rates;
        } finally {
            for (CaptureLoop loop : loops) {
                Blackhole.consume(loop.checksum());
                loop.close();
            }
            contexts.forEach(Context::close);
        }
    }
}
