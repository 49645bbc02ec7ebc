package io.jiio.cli.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A step run over and over for a while: first a warm-up of half the time (the JIT compiles, the
 * pages are touched), then the measured part in {@value #SLICES} equal slices, of which the
 * median counts. On a shared, noisy machine one stall (another process, the hypervisor) then
 * spoils one slice, not the figure. The clock is read once per step, so a step must be much
 * longer than {@link System#nanoTime()} (a block, not a byte).
 */
public final class Timed {
    static final int SLICES = 5;

    private Timed() {
    }

    /**
     * What a run measured: units (bytes, cycles) done in {@code nanos}.
     *
     * @param units what the steps returned, summed
     * @param nanos the time they took
     */
    public record Result(long units, long nanos) {
        /** {@return units per second, 0 for an empty slice} */
        public double perSecond() {
            return nanos == 0 ? 0 : units * 1e9 / nanos;
        }
    }

    /**
     * Warm-up for {@code durationNanos / 2}, then runs {@code step} for {@code durationNanos} in
     * slices.
     *
     * @param step          one unit of work, returning how many units (bytes, cycles) it did
     * @param durationNanos measured time, after the warm-up
     * @return the median slice
     */
    public static Result run(LongSupplier step, long durationNanos) {
        loop(step, Math.max(1, durationNanos / 2));
        Result[] slices = new Result[SLICES];
        for (int i = 0; i < SLICES; i++) {
            slices[i] = loop(step, Math.max(1, durationNanos / SLICES));
        }
        return median(slices);
    }

    /** The slice with the median rate: one stalled (or lucky) slice does not move it. */
    static Result median(Result[] slices) {
        Result[] sorted = slices.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(Result::perSecond));
        return sorted[sorted.length / 2];
    }

    /**
     * Several steps measured side by side, for ratios on a machine whose speed drifts: each warms
     * up for {@code durationNanos / 2}, then the slices take turns (A B C, A B C, …), so a change
     * of load hits all of them alike.
     *
     * @param steps         the steps, each returning how many units it did
     * @param durationNanos measured time of each, after its warm-up
     * @return each step's median slice, in order
     */
    public static Result[] interleaved(List<LongSupplier> steps, long durationNanos) {
        int n = steps.size();
        for (LongSupplier step : steps) {
            loop(step, Math.max(1, durationNanos / 2));
        }
        Result[][] slices = new Result[n][SLICES];
        for (int i = 0; i < SLICES; i++) {
            for (int k = 0; k < n; k++) {
                slices[k][i] = loop(steps.get(k), Math.max(1, durationNanos / SLICES));
            }
        }
        Result[] medians = new Result[n];
        for (int k = 0; k < n; k++) {
            medians[k] = median(slices[k]);
        }
        return medians;
    }

    private static Result loop(LongSupplier step, long nanos) {
        long start = System.nanoTime();
        long end = start + nanos;
        long units = 0;
        long now;
        do {
            units += step.getAsLong();
            now = System.nanoTime();
        } while (now < end);
        return new Result(units, now - start);
    }
}
