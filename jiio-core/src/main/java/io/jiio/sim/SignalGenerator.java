package io.jiio.sim;

import io.jiio.model.ScanFormat;
import io.jiio.model.ScanLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Writes the simulated ADC's samples into a block, scan by scan, in the layout of the enabled
 * channels. Per-element facts are flattened into arrays up front so that filling allocates nothing.
 */
final class SignalGenerator {
    private final Waveform waveform;
    private final long period;
    private final long scanBytes;
    private final int[] offsets;
    private final ScanFormat[] formats;
    /** Scan index of a voltage element, or -1 for the timestamp. */
    private final int[] scanIndex;
    /** One period of the waveform per element (null for counter and timestamp). */
    private final long[][] tables;

    SignalGenerator(ScanLayout layout, Waveform waveform, long period) {
        this.waveform = waveform;
        this.period = period;
        this.scanBytes = layout.scanBytes();
        int n = layout.elements().size();
        offsets = new int[n];
        formats = new ScanFormat[n];
        scanIndex = new int[n];
        tables = new long[n][];
        for (int i = 0; i < n; i++) {
            ScanLayout.Element e = layout.elements().get(i);
            offsets[i] = e.offset();
            formats[i] = e.format();
            boolean timestamp = SimAdc.TIMESTAMP.equals(e.channel().id());
            scanIndex[i] = timestamp ? -1 : e.channel().scanIndex();
            if (!timestamp && waveform.isPeriodic()) {
                tables[i] = table(waveform, period, scanIndex[i], e.format());
            }
        }
    }

    private static long[] table(Waveform w, long period, int k, ScanFormat f) {
        long[] t = new long[(int) period];
        long phase = k * period / 4;
        for (int i = 0; i < period; i++) {
            t[i] = w.periodic(i + phase, period, f.bits(), f.signed());
        }
        return t;
    }

    /** The value channel {@code k} carries at sample {@code n} (what its {@code raw} attribute reads). */
    static long valueAt(Waveform w, long period, int k, ScanFormat f, long n) {
        return switch (w) {
            case COUNTER, STATIC -> (n + k) & ((1L << f.bits()) - 1);
            case LOOPBACK -> 0;
            default -> w.periodic(n + k * period / 4, period, f.bits(), f.signed());
        };
    }

    /** Scans per warm-up fill, and how many fills: see {@link #warmUp()}. */
    private static final int WARM_UP_SCANS = 1024;
    private static final int WARM_UP_FILLS = 8;

    /**
     * Runs the fill code on scratch memory. Its first runs are slow — classes to load and link,
     * then interpreted code, ~15 ms for the first block and milliseconds for the next ones on a
     * 2-core machine — and a paced device must not spend that against its sample clock: real DMA
     * has no such start-up, and a device late with its first blocks makes every consumer lose
     * the scans it could not give back in time. So the engine warms up before its clock starts.
     */
    void warmUp() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(WARM_UP_SCANS * scanBytes, 8);
            for (int i = 0; i < WARM_UP_FILLS; i++) {
                fill(scratch, WARM_UP_SCANS, (long) i * WARM_UP_SCANS, 0, 1);
            }
        }
    }

    /**
     * Fills {@code scans} scans with samples {@code n0 ..}; the timestamp of scan s is
     * {@code t0 + s × nanosPerSample} (0 ns per sample when the device runs unthrottled).
     */
    void fill(MemorySegment block, long scans, long n0, long t0, double nanosPerSample) {
        for (int e = 0; e < offsets.length; e++) {
            ScanFormat f = formats[e];
            int k = scanIndex[e];
            long pos = offsets[e];
            if (k < 0) {
                for (long s = 0; s < scans; s++, pos += scanBytes) {
                    f.store(block, pos, t0 + (long) (s * nanosPerSample));
                }
            } else if (waveform == Waveform.COUNTER || waveform == Waveform.STATIC) {
                long v = n0 + k;
                for (long s = 0; s < scans; s++, pos += scanBytes) {
                    f.store(block, pos, v + s);
                }
            } else {
                long[] t = tables[e];
                int i = (int) Math.floorMod(n0, period);
                for (long s = 0; s < scans; s++, pos += scanBytes) {
                    f.store(block, pos, t[i]);
                    if (++i == t.length) {
                        i = 0;
                    }
                }
            }
        }
    }
}
