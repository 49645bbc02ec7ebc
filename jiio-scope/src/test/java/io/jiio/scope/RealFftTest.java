package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The FFT against the transform's definition, bin by bin, in JTransforms' realForward layout. */
class RealFftTest {
    @Test
    void everyBinIsTheDiscreteFourierTransformsOwn() {
        Random random = new Random(42);
        for (int n : new int[] {4, 8, 16, 64, 256, 2048}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextGaussian() * 100 + (i % 7);
            }
            double[] a = x.clone();
            new RealFft(n).realForward(a);
            double tolerance = 1e-9 * n * 100;
            for (int k = 0; k <= n / 2; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < n; i++) {
                    double angle = -2 * Math.PI * (long) k * i / n;
                    re += x[i] * Math.cos(angle);
                    im += x[i] * Math.sin(angle);
                }
                if (k == 0) {
                    assertEquals(re, a[0], tolerance, "n " + n + ", bin 0");
                } else if (k == n / 2) {
                    assertEquals(re, a[1], tolerance, "n " + n + ", bin n/2");
                } else {
                    assertEquals(re, a[2 * k], tolerance, "n " + n + ", bin " + k + " (real)");
                    assertEquals(im, a[2 * k + 1], tolerance, "n " + n + ", bin " + k + " (imaginary)");
                }
            }
        }
    }

    @Test
    void aTransformCanBeRepeatedOnTheSameTables() {
        RealFft fft = new RealFft(64);
        double[] x = new double[64];
        x[3] = 1;
        double[] first = x.clone();
        fft.realForward(first);
        double[] second = x.clone();
        fft.realForward(second);
        for (int i = 0; i < 64; i++) {
            assertEquals(first[i], second[i], 0);
        }
    }

    @Test
    void onlyPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RealFft(48));
        assertThrows(IllegalArgumentException.class, () -> new RealFft(2));
    }
}
