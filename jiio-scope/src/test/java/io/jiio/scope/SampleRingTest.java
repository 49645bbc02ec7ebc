package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SampleRingTest {
    private static double[][] scans(int channels, long first, int n) {
        double[][] v = new double[channels][n];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                v[c][i] = (first + i) * 10 + c;
            }
        }
        return v;
    }

    @Test
    void readsBackWhatWasWrittenAcrossTheWrap() {
        SampleRing r = new SampleRing(2, 16, 5);
        for (int k = 0; k < 7; k++) {
            r.write(scans(2, 5L * k, 5), 5);
        }
        assertEquals(35, r.written());
        float[][] out = new float[2][8];
        assertTrue(r.read(27, 8, out));
        for (int i = 0; i < 8; i++) {
            assertEquals((27 + i) * 10, out[0][i]);
            assertEquals((27 + i) * 10 + 1, out[1][i]);
        }
    }

    @Test
    void refusesWhatIsNotThereOrMayBeBeingOverwritten() {
        SampleRing r = new SampleRing(1, 16, 4);
        r.write(scans(1, 0, 4), 4);
        float[][] out = new float[1][16];
        assertFalse(r.read(2, 4, out), "scan 5 is not written yet");
        assertTrue(r.read(0, 4, out));
        for (int k = 1; k < 5; k++) {
            r.write(scans(1, 4L * k, 4), 4);
        }
        // written 20: slots of scans < 20 + 4 - 16 = 8 may be in the next write's way
        assertFalse(r.read(7, 4, out));
        assertTrue(r.read(8, 12, out));
        assertEquals(12, r.readable());
    }

    @Test
    void gapsAreMarkedAtTheScanThatFollowsThem() {
        SampleRing r = new SampleRing(1, 64, 8);
        r.write(scans(1, 0, 8), 8);
        r.gap(100);
        r.write(scans(1, 8, 8), 8);
        r.gap(7);
        long[][] lost = new long[1][];
        assertArrayEquals(new long[] {8, 16}, r.gaps(0, 20, lost));
        assertArrayEquals(new long[] {100, 7}, lost[0]);
        assertArrayEquals(new long[] {16}, r.gaps(9, 16, null));
        assertArrayEquals(new long[0], r.gaps(9, 15, null));
    }

    @Test
    void tooBigAWriteIsABug() {
        SampleRing r = new SampleRing(1, 16, 4);
        assertThrows(IllegalArgumentException.class, () -> r.write(scans(1, 0, 5), 5));
        assertThrows(IllegalArgumentException.class, () -> new SampleRing(1, 15, 4));
    }

    /** A reader racing the writer never accepts a torn copy: every accepted copy is consecutive scans. */
    @Test
    @Timeout(30)
    void concurrentReadsAreConsistentOrRefused() throws Exception {
        SampleRing r = new SampleRing(1, 1024, 64);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            long n = 0;
            while (!stop.get()) {
                r.write(scans(1, n, 64), 64);
                n += 64;
            }
        });
        float[][] out = new float[1][900];
        int accepted = 0;
        long deadline = System.nanoTime() + 1_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                long w = r.written();
                // float holds scan*10 exactly below 2^24: keep within that
                if (w * 10 > (1 << 24)) {
                    break;
                }
                long from = Math.max(0, w - 900);
                int n = (int) Math.min(900, w);
                if (r.read(from, n, out)) {
                    accepted++;
                    for (int i = 0; i < n; i++) {
                        assertEquals((from + i) * 10f, out[0][i], "scan " + (from + i));
                    }
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertTrue(accepted > 0);
    }
}
