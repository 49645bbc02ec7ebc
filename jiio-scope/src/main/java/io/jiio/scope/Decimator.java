package io.jiio.scope;

/**
 * Shrinks a window of scans to what a plot can show, keeping every peak: min/max decimation.
 *
 * <p>Why min/max and not every k-th sample: a browser plot has about a thousand pixels across,
 * while a window may hold hundreds of thousands of scans. Taking every k-th sample aliases — a
 * glitch one sample wide, or a tone above the new rate, disappears or turns into a slow wave
 * that is not there. Splitting the window into buckets and keeping each bucket's smallest and
 * largest value (in the order they occurred) draws the envelope a real scope draws: nothing
 * seen on the device is hidden on the page.
 *
 * <p>All channels share the x values (uPlot plots series over one x array), so each bucket gives
 * two points at fixed positions (its start and its middle); per channel, the first of the two is
 * whichever extreme came first.
 */
final class Decimator {
    private Decimator() {
    }

    /** Points {@link #decimate} makes from {@code n} scans with at most {@code maxPoints} points. */
    static int points(int n, int maxPoints) {
        if (n <= maxPoints) {
            return n;
        }
        return 2 * (maxPoints / 2);
    }

    /**
     * Decimates scans {@code [from, from + n)} of each channel of {@code y} to {@link #points} points.
     *
     * @param xOut receives each point's scan index relative to {@code origin} (the trigger)
     * @param yOut receives each channel's values, {@code yOut[c][point]}
     * @return the number of points written
     */
    static int decimate(float[][] y, int from, int n, int maxPoints, long origin, float[] xOut, float[][] yOut) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("at least 2 points, not " + maxPoints);
        }
        int p = points(n, maxPoints);
        if (p == n) {
            for (int i = 0; i < n; i++) {
                xOut[i] = from + i - origin;
            }
            for (int c = 0; c < y.length; c++) {
                System.arraycopy(y[c], from, yOut[c], 0, n);
            }
            return n;
        }
        int buckets = p / 2;
        for (int b = 0; b < buckets; b++) {
            int start = from + (int) ((long) b * n / buckets);
            int end = from + (int) ((long) (b + 1) * n / buckets);
            xOut[2 * b] = start - origin;
            xOut[2 * b + 1] = (start + end) / 2f - origin;
            for (int c = 0; c < y.length; c++) {
                float[] v = y[c];
                int iMin = start;
                int iMax = start;
                for (int i = start + 1; i < end; i++) {
                    if (v[i] < v[iMin]) {
                        iMin = i;
                    } else if (v[i] > v[iMax]) {
                        iMax = i;
                    }
                }
                boolean minFirst = iMin <= iMax;
                yOut[c][2 * b] = minFirst ? v[iMin] : v[iMax];
                yOut[c][2 * b + 1] = minFirst ? v[iMax] : v[iMin];
            }
        }
        return p;
    }

    /**
     * Shrinks {@code n} values to at most {@code maxPoints}, each the largest of its bucket: for a
     * spectrum, where the peaks are what matters (a tone must not vanish between two kept bins).
     *
     * @param indexOut receives each point's first index in {@code values}
     * @return the number of points written
     */
    static int bucketMax(double[] values, int n, int maxPoints, int[] indexOut, double[] out) {
        if (n <= maxPoints) {
            for (int i = 0; i < n; i++) {
                indexOut[i] = i;
                out[i] = values[i];
            }
            return n;
        }
        for (int b = 0; b < maxPoints; b++) {
            int start = (int) ((long) b * n / maxPoints);
            int end = (int) ((long) (b + 1) * n / maxPoints);
            double max = values[start];
            for (int i = start + 1; i < end; i++) {
                max = Math.max(max, values[i]);
            }
            indexOut[b] = start;
            out[b] = max;
        }
        return maxPoints;
    }
}
