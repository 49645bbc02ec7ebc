package io.jiio.scope;

import java.nio.ByteBuffer;

/**
 * One page's time-domain view: takes the latest scans from the ring, places the window on the
 * trigger, decimates it and encodes the frame.
 *
 * <p>Why per page and stateful: each page has its own window and trigger, and the buffers a
 * snapshot needs (the window plus as much again to search for a crossing) are kept and reused —
 * the frame builder runs twenty times a second per page and should not churn megabytes.
 * It also remembers what it last sent, so that a page is not sent the same trace again when no
 * scan arrived (a slow device) or, in normal trigger mode, no new crossing did.
 */
final class TraceView {
    private float[][] snapshot = new float[0][0];
    private float[] x = new float[0];
    private float[][] y = new float[0][0];
    private long lastWritten = -1;
    private long lastTrigger = -1;
    private CaptureRun lastRun;

    /** The next trace frame, or {@code null} when there is nothing new to show. */
    ByteBuffer frame(CaptureRun run, ViewerSettings s) {
        SampleRing ring = run.ring();
        long written = ring.written();
        if (run != lastRun) {
            lastRun = run;
            lastWritten = -1;
            lastTrigger = -1;
        }
        if (written == lastWritten || written < 2) {
            return null;
        }
        Trigger trigger = s.trigger();
        int window = (int) Math.min(Math.min(s.window(), run.maxWindow()), written);
        int span = trigger.edge() == Trigger.Edge.NONE ? window : (int) Math.min(2L * window, written);
        int channels = ring.channels();
        ensure(channels, span, s.points());
        long from = written - span;
        if (!ring.read(from, span, snapshot)) {
            return null; // the writer lapped this copy: the next tick reads newer scans
        }
        Trigger.Placement p = trigger.place(snapshot, span, window);
        if (p == null) {
            return null; // normal mode, no crossing: keep what the page shows
        }
        long triggerScan = from + p.origin();
        if (p.triggered() && trigger.normal() && triggerScan == lastTrigger) {
            return null;
        }
        lastWritten = written;
        lastTrigger = p.triggered() ? triggerScan : -1;
        int points = Decimator.decimate(snapshot, p.start(), window, s.points(), p.origin(), x, y);
        long[] gapScans = ring.gaps(from + p.start() + 1, from + p.start() + window - 1, null);
        float[] gaps = new float[gapScans.length];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = gapScans[i] - triggerScan - 0.5f; // between the last scan before and the first after
        }
        double rate = run.rateHz();
        return FrameEncoder.trace(p.triggered(), points < window, from + p.start(), rate > 0 ? 1 / rate : 0,
                window, x, y, points, gaps);
    }

    private void ensure(int channels, int span, int points) {
        if (snapshot.length != channels || snapshot[0].length < span) {
            snapshot = new float[channels][span];
        }
        if (x.length < points || y.length != channels) {
            x = new float[points];
            y = new float[channels][points];
        }
    }
}
