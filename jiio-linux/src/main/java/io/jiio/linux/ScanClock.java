package io.jiio.linux;

/**
 * Turns the timestamps of one input session into counts of lost scans. Each stamp is compared with
 * the last one accepted; the difference, in scan periods, less the scans known to lie between the
 * two, is what the device took and never delivered:
 * <pre>
 *   lost = round(Δt / P) − steps       steps: 1 between consecutive scans,
 *                                      n between the stamps of two blocks (n = scans of the first)
 * </pre>
 * Rounding to the nearest period is the tolerance: as long as the two stamps together are off by
 * less than half a period, jitter changes nothing — it never invents a loss, never hides a whole
 * scan. A stamp that goes backwards (a clock stepped back) counts as no loss.
 *
 * <p>P is the nominal period, from the {@code sampling_frequency} read at enable. The converter's
 * clock and the clock that stamps (the CPU's) each drift by some ppm, so a gap of N scans is exact
 * while N × (their relative error) stays below half a period less the jitter: at 50 ppm, gaps up
 * to some thousands of scans; a longer one may be off by N × 50e-6. Not thread-safe: the engine
 * thread alone uses it.
 */
final class ScanClock {
    private final double periodNs;
    private long last;
    private boolean started;

    ScanClock(double periodNs) {
        if (!(periodNs > 0)) {
            throw new IllegalArgumentException("scan period " + periodNs + " ns");
        }
        this.periodNs = periodNs;
    }

    /** A new session: the next stamp has nothing before it. */
    void restart() {
        started = false;
    }

    /** Scans lost between the last accepted stamp and {@code stamp}, {@code steps} scans apart; 0 for the first. */
    long lost(long stamp, long steps) {
        if (!started) {
            return 0;
        }
        return Math.max(0, Math.round((stamp - last) / periodNs) - steps);
    }

    /** Makes {@code stamp} the one the next is measured from. */
    void accept(long stamp) {
        last = stamp;
        started = true;
    }
}
