package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A page that does not take its frames loses frames — counted and told — and nothing else waits. */
@Timeout(60)
class ViewerTest {
    /** A link whose sends complete only when the test says so: a browser that stopped reading. */
    static final class StuckLink implements Viewer.Link {
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        final List<ByteBuffer> frames = new ArrayList<>();
        final List<String> texts = new ArrayList<>();

        @Override
        public synchronized void sendBinary(ByteBuffer frame, Consumer<Throwable> done) {
            frames.add(frame);
            pending.add(done);
        }

        @Override
        public synchronized void sendText(String message, Consumer<Throwable> done) {
            texts.add(message);
            pending.add(done);
        }

        synchronized void completeAll() {
            List<Consumer<Throwable>> p = new ArrayList<>(pending);
            pending.clear();
            p.forEach(d -> d.accept(null));
        }

        @Override
        public String remote() {
            return "test";
        }
    }

    @Test
    void aStuckPageHasTicksDroppedAndCountedWhileTheCaptureGoesOn() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=100000")) {
            CaptureTarget target = CaptureTarget.choose(ctx, "sim-adc", List.of("voltage0"));
            try (Capture capture = new Capture(target, 0, 0, l -> { }, () -> { })) {
                capture.viewerJoined();
                CaptureRun run = capture.run();
                StuckLink link = new StuckLink();
                Viewer v = new Viewer(link);
                v.settings(new ViewerSettings(true, 1000, 500, Trigger.FREE_RUN, 1024, 1));
                waitFor(() -> run.ring().written() > 5000);
                v.tick(run);
                assertEquals(2, link.frames.size(), "a trace and a spectrum");
                long scansBefore = run.stats().snapshot().scans();
                for (int i = 0; i < 20; i++) {
                    Thread.sleep(20);
                    v.tick(run);
                }
                assertEquals(2, link.frames.size(), "nothing more while the first frames are not out");
                assertEquals(20, v.framesDropped());
                assertTrue(run.stats().snapshot().scans() > scansBefore, "the capture went on");
                assertEquals(0, run.stats().snapshot().lostScans(), "and lost nothing for the stuck page");
                link.completeAll();
                assertEquals(2, v.framesSent());
                Thread.sleep(30);
                v.tick(run);
                assertEquals(4, link.frames.size(), "frames flow again once the page takes them");
                // a status is a snapshot too: one in flight at a time
                v.status("{}");
                v.status("{}");
                assertEquals(1, link.texts.size());
            }
        }
    }

    @Test
    void aStoppedPageGetsNoFramesAndDropsNone() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=100000")) {
            CaptureTarget target = CaptureTarget.choose(ctx, null, List.of());
            try (Capture capture = new Capture(target, 0, 0, l -> { }, () -> { })) {
                capture.viewerJoined();
                CaptureRun run = capture.run();
                StuckLink link = new StuckLink();
                Viewer v = new Viewer(link);
                v.settings(new ViewerSettings(false, 1000, 500, Trigger.FREE_RUN, 1024, 1));
                waitFor(() -> run.ring().written() > 5000);
                for (int i = 0; i < 5; i++) {
                    v.tick(run);
                }
                assertEquals(0, link.frames.size());
                assertEquals(0, v.framesDropped());
            }
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
