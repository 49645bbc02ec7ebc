package io.jiio.cli.bench;

import io.jiio.model.Context;

/** Unthrottled static sim-adc → one consumer, in one mode and block size: bytes per second. */
public final class CaptureBench {
    private CaptureBench() {
    }

    public static double bytesPerSecond(CaptureMode mode, long blockBytes, long durationNanos) {
        try (Context ctx = Context.open(CaptureMode.STATIC_SIM);
             CaptureLoop loop = mode.open(ctx, blockBytes)) {
            Timed.Result r = Timed.run(loop::next, durationNanos);
            Blackhole.consume(loop.checksum());
            return r.perSecond();
        }
    }
}
