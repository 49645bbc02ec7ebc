package io.jiio.sim;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A device's sample clock: sample n of a stream started at {@code t0} is due at
 * {@code t0 + n / rate}. Devices pace whole blocks against it (one wait per block, never one per
 * sample), so pacing stays exact however coarse the scheduler's sleeps are.
 */
public final class SampleClock {
    private final long t0;
    private final double nanosPerSample;

    /**
     * A clock whose sample 0 is due at {@code t0}.
     *
     * @param t0     {@link System#nanoTime()} of sample 0
     * @param rateHz samples per second, at least 1
     */
    public SampleClock(long t0, long rateHz) {
        this.t0 = t0;
        this.nanosPerSample = 1e9 / rateHz;
    }

    /**
     * When a sample is due.
     *
     * @param n the sample's index since {@code t0}
     * @return {@link System#nanoTime()} at which sample {@code n} is (or was) taken
     */
    public long timeOf(long n) {
        return t0 + (long) (n * nanosPerSample);
    }

    /** {@return the sample period in ns (fractional: a rate need not divide a second)} */
    public double nanosPerSample() {
        return nanosPerSample;
    }

    /**
     * How far a device has fallen behind: what an overrun costs.
     *
     * @param n the sample the device is at
     * @param t now, in {@link System#nanoTime()}
     * @return samples wholly missed between sample {@code n}'s time and {@code t}; 0 if {@code t} is not later
     */
    public long samplesMissed(long n, long t) {
        long late = t - timeOf(n);
        return late <= 0 ? 0 : (long) Math.ceil(late / nanosPerSample);
    }

    /**
     * Parks until {@code deadline} unless {@code stop} turns true (the aborting thread unparks).
     *
     * @param deadline {@link System#nanoTime()} to wait for
     * @param stop     checked on every wake-up
     * @return false if stopped before the deadline
     */
    public static boolean waitUntil(long deadline, BooleanSupplier stop) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (stop.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(left);
        }
        return !stop.getAsBoolean();
    }
}
