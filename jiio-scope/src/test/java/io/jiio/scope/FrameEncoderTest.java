package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The frame layouts scope.js decodes: field by field, little-endian, arrays 4-byte aligned. */
class FrameEncoderTest {
    @Test
    void traceFrameLayout() {
        float[] x = {-1, 0, 1, 99};
        float[][] y = {{10, 20, 30, 99}, {-1, -2, -3, 99}};
        ByteBuffer b = FrameEncoder.trace(true, false, 12345, 1e-5, 3, x, y, 3, new float[] {0.5f});
        assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
        assertEquals(32 + 4 * (3 * 3 + 1), b.remaining());
        assertEquals(1, b.get(0));
        assertEquals(FrameEncoder.FLAG_TRIGGERED, b.get(1));
        assertEquals(2, b.getShort(2));
        assertEquals(3, b.getInt(4));
        assertEquals(12345.0, b.getDouble(8));
        assertEquals(1e-5, b.getDouble(16));
        assertEquals(3, b.getInt(24));
        assertEquals(1, b.getInt(28));
        assertEquals(-1f, b.getFloat(32));
        assertEquals(1f, b.getFloat(40));
        assertEquals(10f, b.getFloat(44));
        assertEquals(30f, b.getFloat(52));
        assertEquals(-1f, b.getFloat(56));
        assertEquals(-3f, b.getFloat(64));
        assertEquals(0.5f, b.getFloat(68));
    }

    @Test
    void decimatedUntriggeredFlags() {
        ByteBuffer b = FrameEncoder.trace(false, true, 0, 0, 10, new float[2], new float[1][2], 2, new float[0]);
        assertEquals(FrameEncoder.FLAG_DECIMATED, b.get(1));
        assertEquals(32 + 4 * 4, b.remaining());
    }

    @Test
    void spectrumFrameLayout() {
        int n = 256;
        Spectrum s = new Spectrum(2, n, 1);
        float[][] data = new float[2][n];
        for (int i = 0; i < n; i++) {
            data[0][i] = (float) (100 * Math.sin(2 * Math.PI * 32 * i / n));
            data[1][i] = (float) (10 * Math.sin(2 * Math.PI * 64 * i / n));
        }
        s.add(data, 0);
        double rate = 25600; // 100 Hz per bin
        ByteBuffer b = FrameEncoder.spectrum(s, rate, 1000);
        int points = n / 2 + 1;
        assertEquals(24 + 8 * 2 + 4 * points * 3, b.remaining());
        assertEquals(2, b.get(0));
        assertEquals(FrameEncoder.FLAG_RATE_KNOWN, b.get(1));
        assertEquals(2, b.getShort(2));
        assertEquals(points, b.getInt(4));
        assertEquals(rate, b.getDouble(8));
        assertEquals(n, b.getInt(16));
        assertEquals(1, b.getInt(20));
        assertEquals(3200f, b.getFloat(24), 0.01f, "channel 0's peak frequency");
        assertEquals(40f, b.getFloat(28), 0.05f, "channel 0's peak level");
        assertEquals(6400f, b.getFloat(32), 0.01f);
        assertEquals(20f, b.getFloat(36), 0.05f);
        int x = 40;
        assertEquals(0f, b.getFloat(x));
        assertEquals(100f, b.getFloat(x + 4));
        int y0 = x + 4 * points;
        assertEquals(40f, b.getFloat(y0 + 4 * 32), 0.05f);
        int y1 = y0 + 4 * points;
        assertEquals(20f, b.getFloat(y1 + 4 * 64), 0.05f);
    }

    @Test
    void aLongSpectrumIsShrunkKeepingItsPeak() {
        int n = 8192;
        Spectrum s = new Spectrum(1, n, 1);
        float[][] data = new float[1][n];
        for (int i = 0; i < n; i++) {
            data[0][i] = (float) Math.sin(2 * Math.PI * 1001 * i / n);
        }
        s.add(data, 0);
        ByteBuffer b = FrameEncoder.spectrum(s, 0, 512);
        assertEquals(0, b.get(1), "no rate: x in cycles per scan");
        assertEquals(512, b.getInt(4));
        float max = Float.NEGATIVE_INFINITY;
        int y = 24 + 8 + 4 * 512;
        for (int i = 0; i < 512; i++) {
            max = Math.max(max, b.getFloat(y + 4 * i));
        }
        assertEquals(0f, max, 0.05f, "the tone's bin survives the shrink (amplitude 1: 0 dB)");
        assertEquals(1001.0 / n, b.getFloat(24), 1e-5);
    }
}
