package io.jiio.scope;

/**
 * The discrete Fourier transform of real data whose length is a power of two: a radix-2 FFT of the
 * n/2 complex points that the even and odd samples make, then split into the n/2 + 1 bins of the
 * real signal. The result's layout is JTransforms' {@code realForward}: {@code a[0]} and
 * {@code a[1]} are the real parts of bin 0 and bin n/2, {@code a[2k]} and {@code a[2k + 1]} the
 * real and imaginary parts of bin k.
 *
 * <p>Why its own: it is all the scope's spectrum needs (about as many lines as a dependency's
 * set-up), and it keeps jiio-scope free of libraries without a module name. Tables are made once
 * per size; a transform allocates nothing and runs on the caller's thread.
 */
final class RealFft {
    private final int n;
    private final int half;
    /** e^(-2πij/n) for j in 0..n/2: the complex FFT's twiddles (at stride) and the split's. */
    private final double[] cos;
    private final double[] sin;
    private final int[] reverse;
    private final double[] re;
    private final double[] im;

    RealFft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size " + n + ": a power of two, at least 4");
        }
        this.n = n;
        this.half = n / 2;
        this.cos = new double[half];
        this.sin = new double[half];
        for (int j = 0; j < half; j++) {
            double angle = 2 * Math.PI * j / n;
            cos[j] = Math.cos(angle);
            sin[j] = -Math.sin(angle);
        }
        int bits = Integer.numberOfTrailingZeros(half);
        this.reverse = new int[half];
        for (int i = 0; i < half; i++) {
            reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        this.re = new double[half];
        this.im = new double[half];
    }

    int size() {
        return n;
    }

    /** Transforms {@code a[0 .. n)} in place (layout in the class comment). */
    void realForward(double[] a) {
        // Even samples as real parts, odd as imaginary, in bit-reversed order for the butterflies.
        for (int i = 0; i < half; i++) {
            re[reverse[i]] = a[2 * i];
            im[reverse[i]] = a[2 * i + 1];
        }
        for (int size = 2; size <= half; size <<= 1) {
            int span = size / 2;
            int stride = n / size;
            for (int start = 0; start < half; start += size) {
                for (int j = 0; j < span; j++) {
                    double c = cos[j * stride];
                    double s = sin[j * stride];
                    int u = start + j;
                    int v = u + span;
                    double tr = re[v] * c - im[v] * s;
                    double ti = re[v] * s + im[v] * c;
                    re[v] = re[u] - tr;
                    im[v] = im[u] - ti;
                    re[u] += tr;
                    im[u] += ti;
                }
            }
        }
        // Z[k] = E[k] + i·O[k] (E, O: the spectra of the even and odd samples), so
        // E[k] = (Z[k] + conj Z[n/2 - k]) / 2, O[k] = (Z[k] - conj Z[n/2 - k]) / 2i, X[k] = E[k] + w^k·O[k].
        a[0] = re[0] + im[0];
        a[1] = re[0] - im[0];
        for (int k = 1; k < half; k++) {
            double zr = re[k];
            double zi = im[k];
            double cr = re[half - k];
            double ci = -im[half - k];
            double er = (zr + cr) / 2;
            double ei = (zi + ci) / 2;
            double or = (zi - ci) / 2;
            double oi = -(zr - cr) / 2;
            double c = cos[k];
            double s = sin[k];
            a[2 * k] = er + or * c - oi * s;
            a[2 * k + 1] = ei + or * s + oi * c;
        }
    }
}
