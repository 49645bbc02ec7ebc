package io.jiio.sim;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;

/**
 * The wire from {@code sim-dac}'s output to {@code sim-adc}'s input when the ADC's waveform is
 * {@code loopback}: every scan the DAC plays is handed to the ADC, which then samples on the
 * DAC's clock (as a transceiver's digital loopback does). One listener at a time.
 */
final class LoopbackTap {
    /** What listens on the tap: the loopback ADC. */
    interface Sink {
        /**
         * Takes {@code scans} scans the DAC is playing, laid out as {@code layout}.
         *
         * @param lossless  the DAC runs unthrottled, so the sink waits for room instead of dropping
         * @param cancelled true once the DAC is aborting: a waiting sink must give up
         */
        void deliver(ScanLayout layout, MemorySegment scansData, long scans, long tsFirst,
                     double nanosPerScan, boolean lossless, BooleanSupplier cancelled);
    }

    private volatile Sink sink;

    synchronized void attach(Sink s) {
        if (sink != null && sink != s) {
            throw new IioException(Errno.EBUSY, "sim-dac loopback already has a listener");
        }
        sink = s;
    }

    synchronized void detach(Sink s) {
        if (sink == s) {
            sink = null;
        }
    }

    boolean hasSink() {
        return sink != null;
    }

    void deliver(ScanLayout layout, MemorySegment data, long scans, long tsFirst, double nanosPerScan,
                 boolean lossless, BooleanSupplier cancelled) {
        Sink s = sink;
        if (s != null) {
            s.deliver(layout, data, scans, tsFirst, nanosPerScan, lossless, cancelled);
        }
    }
}
