package io.jiio.cli;

import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.SamplingRate;

/**
 * How many blocks of how many scans {@code read} and {@code write} use when {@code -b} and
 * {@code --blocks} are not given: enough for the device's rate that the tool can be late without
 * a loss.
 *
 * <p>The rate is the {@code sampling_frequency} of the device's trigger when it has one (a
 * triggered device samples at the trigger's pace), else the device's own, else the first chosen
 * channel's. Then {@link #BLOCKS} blocks of {@link #BLOCK_MS} ms each: about a second of data in
 * flight, of which a stalled reader (holding one block) still has ~990 ms of room before the
 * device overruns. Why that much: 256 ms (8 blocks) survived every run on an idle machine, but
 * with four other builds on its two cores a reader writing to a file was once held up 260 ms, and
 * in {@code read | write} the reader must hold out while the writer's JVM starts (half a second
 * and more under load). A block every 32 ms keeps the per-block cost negligible at any rate and
 * the latency low. The whole buffer is kept within {@link #MAX_TOTAL_BYTES} (so far below the
 * queue caps of {@link StreamOptions#MAX_BLOCKS} blocks and 4 GiB per block): above 256 MB/s of
 * samples a default buffer holds less than a second.
 * Without a rate (no such attribute, unreadable, or 0 — unthrottled), the old default stays:
 * {@link #FALLBACK_BLOCKS} blocks of {@link #FALLBACK_SCANS} scans, small enough that a slow
 * device without a rate attribute still delivers its first block soon.
 *
 * @param blocks the number of blocks
 * @param scans  scans per block
 * @param rateHz the rate they were sized for, 0 when there was none
 */
record DefaultBuffering(int blocks, long scans, double rateHz) {
    static final int BLOCKS = 32;
    static final long BLOCK_MS = 32;
    static final int FALLBACK_BLOCKS = 4;
    static final long FALLBACK_SCANS = 256;
    /** The largest default buffer, whatever the rate: a second of samples up to 256 MB/s. */
    static final long MAX_TOTAL_BYTES = 256L << 20;

    static DefaultBuffering forDevice(Device device, ChannelMask mask, long scanBytes) {
        return forRate(rateOf(device, mask), scanBytes);
    }

    static DefaultBuffering forRate(double rateHz, long scanBytes) {
        if (!(rateHz > 0) || Double.isInfinite(rateHz)) {
            return new DefaultBuffering(FALLBACK_BLOCKS, FALLBACK_SCANS, 0);
        }
        double perBlock = Math.ceil(rateHz * BLOCK_MS / 1000.0);
        // MAX_TOTAL_BYTES / BLOCKS is far below the 4 GiB block limit: the cap is the only bound
        long scans = (long) Math.max(1, Math.min(perBlock, MAX_TOTAL_BYTES / BLOCKS / scanBytes));
        return new DefaultBuffering(BLOCKS, scans, rateHz);
    }

    /** The device's sampling rate in Hz, or 0 when it has none that can be read. */
    static double rateOf(Device device, ChannelMask mask) {
        return SamplingRate.of(device, mask);
    }
}
