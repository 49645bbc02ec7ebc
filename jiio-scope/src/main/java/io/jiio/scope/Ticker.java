package io.jiio.scope;

import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The page clock: {@link #FPS} times a second every page gets its frames ({@link Viewer#tick}),
 * and every {@link #STATUS_EVERY}-th tick its figures; losses are reported to the terminal then too.
 *
 * <p>Why a fixed rate decoupled from the blocks: a device may deliver fifty blocks a second or
 * one every ten seconds; a screen wants a steady twenty frames at most, each from the latest
 * scans. One thread builds all pages' frames, so their cost is bounded by the tick rate, not by
 * the device's, and it runs next to the capture thread, never on it.
 */
final class Ticker implements AutoCloseable {
    static final int FPS = 20;
    static final int STATUS_EVERY = FPS / 2;

    private final Capture capture;
    private final Collection<Viewer> viewers;
    private final LossLog lossLog;
    private final ScheduledExecutorService clock;
    private long ticks;
    private CaptureRun statusRun;
    private CaptureStats.Snapshot earlier;

    Ticker(Capture capture, Collection<Viewer> viewers, LossLog lossLog) {
        this.capture = capture;
        this.viewers = viewers;
        this.lossLog = lossLog;
        this.clock = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("jiio-scope-frames").daemon().factory());
    }

    void start() {
        clock.scheduleAtFixedRate(this::tick, 0, 1000 / FPS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            CaptureRun run = capture.run();
            for (Viewer v : viewers) {
                v.tick(run);
            }
            if (ticks++ % STATUS_EVERY == 0) {
                status(run);
            }
        } catch (RuntimeException | Error e) {
            // a bug in one tick must not stop the clock for good (a scheduled task that throws is cancelled)
            System.getLogger(Ticker.class.getName()).log(System.Logger.Level.ERROR, "frame tick failed", e);
        }
    }

    private void status(CaptureRun run) {
        CaptureStats.Snapshot now = run == null ? null : run.stats().snapshot();
        if (run != statusRun) {
            statusRun = run;
            earlier = null;
        }
        if (run != null) {
            lossLog.check(run, now);
        }
        int n = viewers.size();
        for (Viewer v : viewers) {
            v.status(Messages.status(run, now, earlier, v, n, capture));
        }
        earlier = now;
    }

    @Override
    public void close() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
