package io.jiio.scope;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary WebSocket frames the page plots: little-endian, every array 4-byte aligned so the
 * page reads it as a {@code Float32Array} view without copying (scope.js decodes exactly this).
 *
 * <p>Why binary: a frame is thousands of numbers twenty times a second per page; as JSON text
 * each would cost a dozen bytes and a parse, as float32 four bytes and nothing. Float32 keeps 24
 * bits of mantissa — more than any ADC's samples, so scaled values lose nothing visible.
 *
 * <pre>
 * TRACE (type 1)                               SPECTRUM (type 2)
 *  0 u8  type = 1                               0 u8  type = 2
 *  1 u8  flags: 1 triggered, 2 decimated        1 u8  flags: 1 rate known (x in Hz, else cycles/scan)
 *  2 u16 channels C                             2 u16 channels C
 *  4 u32 points P                               4 u32 points P
 *  8 f64 first scan of the window               8 f64 sampling rate (Hz; 0 unknown)
 * 16 f64 seconds per scan (0: rate unknown)    16 u32 FFT size
 * 24 u32 scans in the window                   20 u32 frames averaged
 * 28 u32 gaps G                                24 C × (f32 peak frequency, f32 peak level dB)
 * 32 f32[P] x: scans from the trigger          24+8C f32[P] x: frequency
 *    C × f32[P] y: physical values                C × f32[P] level, dB re 1 unit
 *    G × f32 gap positions, scans from trigger
 * </pre>
 */
final class FrameEncoder {
    static final byte TRACE = 1;
    static final byte SPECTRUM = 2;
    static final int FLAG_TRIGGERED = 1;
    static final int FLAG_DECIMATED = 2;
    static final int FLAG_RATE_KNOWN = 1;
    static final int TRACE_HEADER = 32;
    static final int SPECTRUM_HEADER = 24;

    private FrameEncoder() {
    }

    /** A trace frame of {@code points} points of {@code y.length} channels. */
    static ByteBuffer trace(boolean triggered, boolean decimated, long firstScan, double secondsPerScan,
                            int windowScans, float[] x, float[][] y, int points, float[] gaps) {
        int channels = y.length;
        ByteBuffer b = ByteBuffer.allocate(TRACE_HEADER + 4 * (points * (1 + channels) + gaps.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(TRACE)
                .put((byte) ((triggered ? FLAG_TRIGGERED : 0) | (decimated ? FLAG_DECIMATED : 0)))
                .putShort((short) channels)
                .putInt(points)
                .putDouble(firstScan)
                .putDouble(secondsPerScan)
                .putInt(windowScans)
                .putInt(gaps.length);
        putFloats(b, x, points);
        for (float[] channel : y) {
            putFloats(b, channel, points);
        }
        putFloats(b, gaps, gaps.length);
        return b.flip();
    }

    /**
     * A spectrum frame of {@code s}, shrunk to at most {@code maxPoints} points (each the largest
     * level of its bins), frequencies at {@code rateHz} (0: unknown, in cycles per scan).
     */
    static ByteBuffer spectrum(Spectrum s, double rateHz, int maxPoints) {
        int channels = s.channelCount();
        int bins = s.bins();
        double[] levels = new double[bins];
        double[] shrunk = new double[Math.min(bins, maxPoints)];
        int[] index = new int[shrunk.length];
        int points = Math.min(bins, maxPoints);
        ByteBuffer b = ByteBuffer.allocate(SPECTRUM_HEADER + 8 * channels + 4 * points * (1 + channels))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(SPECTRUM)
                .put((byte) (rateHz > 0 ? FLAG_RATE_KNOWN : 0))
                .putShort((short) channels)
                .putInt(points)
                .putDouble(rateHz)
                .putInt(s.size())
                .putInt(s.frames());
        for (int c = 0; c < channels; c++) {
            double k = s.peakPosition(c);
            b.putFloat((float) s.frequency(k, rateHz));
            b.putFloat(Double.isNaN(k) ? Float.NaN : (float) s.db(c, s.peakBin(c)));
        }
        int xAt = b.position();
        b.position(xAt + 4 * points);
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < bins; k++) {
                levels[k] = s.db(c, k);
            }
            Decimator.bucketMax(levels, bins, maxPoints, index, shrunk);
            for (int i = 0; i < points; i++) {
                b.putFloat((float) shrunk[i]);
            }
        }
        int end = b.position();
        b.position(xAt);
        for (int i = 0; i < points; i++) {
            b.putFloat((float) s.frequency(index[i], rateHz));
        }
        return b.position(end).flip();
    }

    private static void putFloats(ByteBuffer b, float[] values, int n) {
        b.asFloatBuffer().put(values, 0, n);
        b.position(b.position() + 4 * n);
    }
}
