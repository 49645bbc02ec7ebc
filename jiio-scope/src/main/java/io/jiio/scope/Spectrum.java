package io.jiio.scope;

import org.jtransforms.fft.DoubleFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * The spectrum of each captured channel: a Hann-windowed FFT of the latest scans, its power
 * averaged over successive frames, in dB.
 *
 * <p>Why these choices. The Hann window keeps a tone that does not fall exactly on a bin from
 * smearing over the whole spectrum (leakage) at the price of a main lobe four bins wide. Values are
 * scaled by the window's sum so that a sine of amplitude A reads 20·log10(A) dB at its peak whatever
 * the FFT size and window — dB relative to one physical unit (1 mV for a voltage), so the page
 * can say what a level means. Power, not magnitude, is averaged (exponentially, over the last
 * {@code averages} frames), which steadies the noise floor without biasing it. The peak frequency
 * is interpolated between bins (a parabola through the peak bin and its neighbours in dB), so it
 * is finer than the bin spacing.
 *
 * <p>One per page: each page has its own size and averaging. The FFT itself is JTransforms',
 * single-threaded on purpose — the capture thread must keep its core.
 */
final class Spectrum {
    static final int MIN_SIZE = 64;
    static final int MAX_SIZE = 1 << 16;
    /** Bins this close to 0 Hz are DC (and the window's spread of it) and never the peak. */
    static final int DC_BINS = 2;
    /** The lowest level shown, -160 dB: below any converter's noise, and it keeps an exact signal's empty bins on the plot. */
    static final double FLOOR = 1e-16;

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final int size;
    private final int averages;
    private final double[] window;
    private final double gain;
    private final DoubleFFT_1D fft;
    private final double[] work;
    private final double[][] power;
    private int frames;

    /**
     * @param size     scans per FFT, a power of two in {@link #MIN_SIZE}..{@link #MAX_SIZE}
     * @param averages frames averaged (1: none)
     */
    Spectrum(int channels, int size, int averages) {
        if (Integer.bitCount(size) != 1 || size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("FFT size " + size + ": a power of two in " + MIN_SIZE + ".." + MAX_SIZE);
        }
        this.size = size;
        this.averages = Math.max(1, averages);
        this.window = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / size); // periodic Hann
            sum += window[i];
        }
        this.gain = sum;
        this.fft = new DoubleFFT_1D(size);
        this.work = new double[size];
        this.power = new double[channels][size / 2 + 1];
    }

    int size() {
        return size;
    }

    int channelCount() {
        return power.length;
    }

    int averages() {
        return averages;
    }

    int bins() {
        return size / 2 + 1;
    }

    /** Frames in the average so far (at most {@link #averages()}). */
    int frames() {
        return Math.min(frames, averages);
    }

    /** Adds the spectrum of {@code data[c][from .. from + size)} of every channel to the average. */
    void add(float[][] data, int from) {
        frames++;
        double weight = 1.0 / Math.min(frames, averages);
        for (int c = 0; c < power.length; c++) {
            float[] v = data[c];
            for (int i = 0; i < size; i++) {
                work[i] = v[from + i] * window[i];
            }
            fft.realForward(work);
            double[] p = power[c];
            int half = size / 2;
            for (int k = 0; k <= half; k++) {
                double re;
                double im;
                if (k == 0) {
                    re = work[0];
                    im = 0;
                } else if (k == half) {
                    re = work[1];
                    im = 0;
                } else {
                    re = work[2 * k];
                    im = work[2 * k + 1];
                }
                // single-sided amplitude: a sine of amplitude A gives A at its bin
                double amp = (k == 0 || k == half ? 1 : 2) * Math.hypot(re, im) / gain;
                p[k] += (amp * amp - p[k]) * weight;
            }
        }
    }

    /** The averaged level of bin {@code k} of channel {@code c}, in dB relative to one unit. */
    double db(int c, int k) {
        return 10 * Math.log10(Math.max(power[c][k], FLOOR));
    }

    /** The bin with the most power above DC, or -1 when there are not enough bins. */
    int peakBin(int c) {
        int best = -1;
        double[] p = power[c];
        for (int k = DC_BINS; k < p.length; k++) {
            if (best < 0 || p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The peak's position in bins, interpolated between its neighbours (a parabola in dB). */
    double peakPosition(int c) {
        int k = peakBin(c);
        if (k < 0) {
            return Double.NaN;
        }
        if (k == 0 || k == power[c].length - 1) {
            return k;
        }
        double a = db(c, k - 1);
        double b = db(c, k);
        double g = db(c, k + 1);
        double denominator = a - 2 * b + g;
        double delta = denominator == 0 ? 0 : 0.5 * (a - g) / denominator;
        return k + Math.max(-0.5, Math.min(0.5, delta));
    }

    /** The frequency of bin position {@code k} at {@code rateHz}; cycles per scan when the rate is unknown (0). */
    double frequency(double k, double rateHz) {
        return k * (rateHz > 0 ? rateHz : 1) / size;
    }
}
