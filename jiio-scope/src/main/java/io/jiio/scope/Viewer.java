package io.jiio.scope;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connected page: its settings, its views, and the gate that keeps a slow page from holding
 * anything up.
 *
 * <p>Why a gate and not a queue: frames are snapshots, and a newer one makes an older one
 * worthless. So at most one tick's frames are on their way to a page at a time; when the next
 * tick comes and they have not been written out yet (the browser, or the network, is slow), that
 * tick's frames are not built at all and counted as dropped ({@link #framesDropped()}), which the
 * page is told and shows. Memory per page stays bounded, the frame builder never waits, and the
 * capture — on its own thread — never hears of it.
 */
final class Viewer {
    /**
     * Where frames go: a WebSocket session, or a test's stand-in. Sends are asynchronous: each
     * completes later, once written, by calling {@code done} (with the failure, if any, or null).
     */
    interface Link {
        void sendBinary(ByteBuffer frame, java.util.function.Consumer<Throwable> done);

        void sendText(String message, java.util.function.Consumer<Throwable> done);

        String remote();
    }

    private final Link link;
    private volatile ViewerSettings settings = ViewerSettings.DEFAULT;
    private final AtomicInteger framesInFlight = new AtomicInteger();
    private final AtomicBoolean statusInFlight = new AtomicBoolean();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final TraceView trace = new TraceView();
    private final SpectrumView spectrum = new SpectrumView();

    Viewer(Link link) {
        this.link = link;
    }

    Link link() {
        return link;
    }

    ViewerSettings settings() {
        return settings;
    }

    void settings(ViewerSettings s) {
        settings = s;
    }

    long framesSent() {
        return framesSent.get();
    }

    long framesDropped() {
        return framesDropped.get();
    }

    /**
     * A frame tick: builds and sends this page's frames for {@code run}, unless the last ones are
     * still on their way (then this tick is dropped). Frame builder thread only.
     */
    void tick(CaptureRun run) {
        ViewerSettings s = settings;
        if (run == null || !s.run()) {
            return;
        }
        if (framesInFlight.get() > 0) {
            framesDropped.incrementAndGet();
            return;
        }
        List<ByteBuffer> frames = new ArrayList<>(2);
        ByteBuffer t = trace.frame(run, s);
        if (t != null) {
            frames.add(t);
        }
        ByteBuffer f = spectrum.frame(run, s);
        if (f != null) {
            frames.add(f);
        }
        if (frames.isEmpty()) {
            return;
        }
        framesInFlight.set(frames.size());
        for (ByteBuffer frame : frames) {
            link.sendBinary(frame, failure -> {
                if (failure == null) {
                    framesSent.incrementAndGet();
                }
                framesInFlight.decrementAndGet();
            });
        }
    }

    /** Sends a status message unless the previous one is still on its way (it is a snapshot too). */
    void status(String json) {
        if (!statusInFlight.compareAndSet(false, true)) {
            return;
        }
        link.sendText(json, failure -> statusInFlight.set(false));
    }

    /** Sends a message that must arrive (the capture changed): queued behind whatever is in flight. */
    void announce(String json) {
        link.sendText(json, failure -> { });
    }
}
