package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecimatorTest {
    @Test
    void aWindowThatFitsIsSentAsItIsWithXFromTheOrigin() {
        float[][] y = {{1, 2, 3, 4, 5, 6}};
        float[] x = new float[10];
        float[][] out = new float[1][10];
        int n = Decimator.decimate(y, 1, 4, 10, 3, x, out);
        assertEquals(4, n);
        assertArrayEquals(new float[] {-2, -1, 0, 1}, java.util.Arrays.copyOf(x, 4));
        assertArrayEquals(new float[] {2, 3, 4, 5}, java.util.Arrays.copyOf(out[0], 4));
    }

    @Test
    void aOneSampleGlitchSurvivesDecimation() {
        int n = 100_000;
        float[][] y = new float[2][n];
        y[0][31_337] = 5f;   // a spike up
        y[1][77_777] = -3f;  // a spike down on the other channel
        float[] x = new float[1000];
        float[][] out = new float[2][1000];
        int p = Decimator.decimate(y, 0, n, 1000, 0, x, out);
        assertEquals(1000, p);
        float max0 = Float.NEGATIVE_INFINITY;
        float min1 = Float.POSITIVE_INFINITY;
        for (int i = 0; i < p; i++) {
            max0 = Math.max(max0, out[0][i]);
            min1 = Math.min(min1, out[1][i]);
        }
        assertEquals(5f, max0, "every-k-th sampling would have missed the spike");
        assertEquals(-3f, min1);
        // x rises through the window and stays within it
        for (int i = 1; i < p; i++) {
            assertTrue(x[i] > x[i - 1], "x ascending at " + i);
        }
        assertTrue(x[0] >= 0 && x[p - 1] < n);
    }

    @Test
    void eachBucketKeepsItsExtremesInTheOrderTheyCame() {
        // bucket 0: 0 1 9 2 (max 9 first, then min 0? min 0 at index 0 comes first)
        // bucket 1: 5 -4 3 8 (min -4 at 5, max 8 at 7: min first)
        // bucket 2: 7 6 -1 0  (max 7 first)
        float[][] y = {{0, 1, 9, 2, 5, -4, 3, 8, 7, 6, -1, 0}};
        float[] x = new float[6];
        float[][] out = new float[1][6];
        int p = Decimator.decimate(y, 0, 12, 6, 0, x, out);
        assertEquals(6, p);
        assertArrayEquals(new float[] {0, 9, -4, 8, 7, -1}, out[0]);
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10}, x);
    }

    @Test
    void bucketMaxKeepsTheHighestBinOfEachBucket() {
        double[] v = new double[1000];
        java.util.Arrays.fill(v, -100);
        v[501] = -3;
        int[] idx = new int[10];
        double[] out = new double[10];
        int p = Decimator.bucketMax(v, 1000, 10, idx, out);
        assertEquals(10, p);
        assertEquals(-3, out[5]);
        assertEquals(500, idx[5]);
        assertEquals(-100, out[4]);
    }
}
