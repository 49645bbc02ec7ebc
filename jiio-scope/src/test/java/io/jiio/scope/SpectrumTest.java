package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpectrumTest {
    private static float[] tone(int n, double cyclesPerScan, double amplitude, double dc) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (dc + amplitude * Math.sin(2 * Math.PI * cyclesPerScan * i + 0.3));
        }
        return v;
    }

    @Test
    void aToneOnABinPeaksThereAtItsAmplitudeInDb() {
        int n = 4096;
        double rate = 102_400;           // 25 Hz per bin
        double hz = 800;                 // bin 32
        Spectrum s = new Spectrum(1, n, 1);
        s.add(new float[][] {tone(n, hz / rate, 1000, 0)}, 0);
        assertEquals(32, s.peakBin(0));
        assertEquals(800, s.frequency(s.peakPosition(0), rate), 0.5);
        assertEquals(60.0, s.db(0, 32), 0.05, "amplitude 1000 is 60 dB re 1");
        assertTrue(s.db(0, 100) < -60, "far from the tone the Hann window leaves nothing: " + s.db(0, 100));
    }

    @Test
    void aToneBetweenBinsIsInterpolatedCloserThanABin() {
        int n = 4096;
        double rate = 100_000;                // 24.41 Hz per bin
        double hz = 1000;                     // bin 40.96
        Spectrum s = new Spectrum(1, n, 1);
        s.add(new float[][] {tone(n, hz / rate, 500, 0)}, 0);
        assertEquals(41, s.peakBin(0));
        double f = s.frequency(s.peakPosition(0), rate);
        assertEquals(1000, f, 24.41 / 4, "interpolated peak " + f);
    }

    @Test
    void dcIsNeverThePeak() {
        int n = 1024;
        Spectrum s = new Spectrum(1, n, 1);
        s.add(new float[][] {tone(n, 100.0 / n, 1, 5000)}, 0);
        assertEquals(100, s.peakBin(0));
        assertEquals(20 * Math.log10(5000), s.db(0, 0), 0.05, "DC reads its value");
    }

    @Test
    void powerIsAveragedOverTheLastFramesExponentially() {
        int n = 256;
        Spectrum s = new Spectrum(2, n, 4);
        float[][] loud = {tone(n, 16.0 / n, 100, 0), tone(n, 32.0 / n, 10, 0)};
        float[][] quiet = {tone(n, 16.0 / n, 0, 0), tone(n, 32.0 / n, 10, 0)};
        s.add(loud, 0);
        assertEquals(40, s.db(0, 16), 0.05);
        s.add(quiet, 0);
        // mean of 100² and 0 over two frames: 5000 → 36.99 dB
        assertEquals(10 * Math.log10(5000), s.db(0, 16), 0.05);
        assertEquals(2, s.frames());
        for (int i = 0; i < 10; i++) {
            s.add(quiet, 0);
        }
        assertEquals(4, s.frames(), "at most `averages` frames count");
        // frames 3 and 4 weigh 1/3 and 1/4, every later one 1/4: the loud frame fades exponentially
        double left = 5000 * (2.0 / 3) * (3.0 / 4) * Math.pow(3.0 / 4, 8);
        assertEquals(10 * Math.log10(left), s.db(0, 16), 0.05);
        assertEquals(20, s.db(1, 32), 0.05, "the second channel is its own");
    }

    @Test
    void readsFromAnOffsetInTheSnapshot() {
        int n = 512;
        float[] v = new float[n + 100];
        System.arraycopy(tone(n, 64.0 / n, 1, 0), 0, v, 100, n);
        Spectrum s = new Spectrum(1, n, 1);
        s.add(new float[][] {v}, 100);
        assertEquals(64, s.peakBin(0));
    }

    @Test
    void sizeMustBeAPowerOfTwoInRange() {
        for (int bad : new int[] {0, 100, 32, 1 << 17}) {
            assertTrue(assertThrowsIae(() -> new Spectrum(1, bad, 1)), "size " + bad);
        }
    }

    private static boolean assertThrowsIae(Runnable r) {
        try {
            r.run();
            return false;
        } catch (IllegalArgumentException expected) {
            return true;
        }
    }
}
