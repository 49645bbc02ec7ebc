package io.jiio.scope;

import java.nio.ByteBuffer;

/**
 * One page's spectrum: the FFT of the latest scans of every channel, averaged over the frames of
 * one run, encoded for the page.
 *
 * <p>Why it restarts its average: an average across a change of run (a new rate, a new device)
 * or of FFT size would mix spectra with different frequency axes; it would show a peak where
 * none is. And it adds a spectrum only when new scans arrived, so that a slow device's one block
 * is not averaged in twenty times a second.
 */
final class SpectrumView {
    /** Points per spectrum sent to the page: about one per pixel of a wide plot. */
    static final int MAX_POINTS = 2048;

    private Spectrum spectrum;
    private float[][] snapshot = new float[0][0];
    private CaptureRun lastRun;
    private double lastRate = -1;
    private long lastWritten = -1;

    /** The next spectrum frame, or {@code null} when there is nothing new. */
    ByteBuffer frame(CaptureRun run, ViewerSettings s) {
        SampleRing ring = run.ring();
        long written = ring.written();
        int size = Math.min(s.fftSize(), run.maxFftSize());
        if (written < size || written == lastWritten) {
            return null;
        }
        int channels = ring.channels();
        double rate = run.rateHz();
        if (spectrum == null || run != lastRun || rate != lastRate || spectrum.size() != size
                || spectrum.averages() != s.averages() || spectrum.channelCount() != channels) {
            spectrum = new Spectrum(channels, size, s.averages());
            lastRun = run;
            lastRate = rate;
        }
        if (snapshot.length != channels || snapshot[0].length < size) {
            snapshot = new float[channels][size];
        }
        if (!ring.read(written - size, size, snapshot)) {
            return null;
        }
        lastWritten = written;
        spectrum.add(snapshot, 0);
        return FrameEncoder.spectrum(spectrum, rate, Math.min(MAX_POINTS, s.points() * 2));
    }
}
