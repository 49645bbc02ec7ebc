package io.jiio.scope;

import io.jiio.model.Device;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one capture all pages share: which device and channels ({@link CaptureTarget}), and the
 * {@link CaptureRun} currently taking their blocks.
 *
 * <p>Why shared and on demand: a device's buffer can be open only once, and every page wants
 * the same samples, so there is one capture however many pages watch; it runs while at least one
 * page is connected and closes the device's buffer when the last leaves (so that {@code jiio
 * serve --http} leaves the device to iiod's clients when nobody looks).
 *
 * <p>Every change of run (start, stop, a new target, a restart around an attribute write) is
 * announced to {@code onChange}, which tells the pages: their axes, units and rates come from it.
 */
final class Capture implements AutoCloseable {
    private final int blocks;
    private final int blockScans;
    private final Consumer<String> log;
    private final Runnable onChange;
    private CaptureTarget target;
    private volatile CaptureRun run;
    private long runs;
    private int viewers;
    private boolean closed;

    /**
     * @param blocks     blocks in circulation (0: chosen per run)
     * @param blockScans scans per block (0: chosen from the device's rate per run)
     */
    Capture(CaptureTarget target, int blocks, int blockScans, Consumer<String> log, Runnable onChange) {
        this.target = target;
        this.blocks = blocks;
        this.blockScans = blockScans;
        this.log = log;
        this.onChange = onChange;
    }

    /** The run now (or the last one, stopped), or {@code null} before the first. */
    CaptureRun run() {
        return run;
    }

    synchronized CaptureTarget target() {
        return target;
    }

    /** A page connected: the first one starts the capture. */
    void viewerJoined() {
        boolean changed;
        synchronized (this) {
            viewers++;
            changed = viewers == 1 && startLocked();
        }
        if (changed) {
            onChange.run();
        }
    }

    /** A page left: the last one stops the capture. */
    void viewerLeft() {
        boolean changed;
        synchronized (this) {
            viewers = Math.max(0, viewers - 1);
            changed = viewers == 0 && stopLocked();
        }
        if (changed) {
            onChange.run();
        }
    }

    synchronized int viewers() {
        return viewers;
    }

    /** Captures {@code next} from now on (stopping the current run); pages are told. */
    void retarget(CaptureTarget next) {
        synchronized (this) {
            stopLocked();
            target = next;
            run = null;
            if (viewers > 0) {
                startLocked();
            }
        }
        onChange.run();
    }

    /** Starts a new run of the same target (after a failure, or on request). */
    void restart() {
        retarget(target());
    }

    /**
     * Runs {@code action} with the device's buffer closed, then captures again: for attribute
     * writes a driver refuses while its buffer is enabled (EBUSY), such as a new sampling rate.
     */
    <T> T pausedWhile(Supplier<T> action) {
        boolean resume;
        synchronized (this) {
            resume = stopLocked();
        }
        try {
            return action.get();
        } finally {
            synchronized (this) {
                if (resume && viewers > 0) {
                    startLocked();
                }
            }
            onChange.run();
        }
    }

    /** Whether {@code device} is the one being captured. */
    synchronized boolean captures(Device device) {
        return target.device() == device;
    }

    /** After an attribute write: re-reads the rate, scales and offsets the run uses; pages are told. */
    void refresh() {
        CaptureRun r = run;
        if (r != null) {
            r.refresh();
        }
        onChange.run();
    }

    private boolean startLocked() {
        if (closed || !target.capturable() || (run != null && run.state().ordinal() <= CaptureRun.State.RUNNING.ordinal())) {
            return false;
        }
        CaptureRun r = new CaptureRun(++runs, target, blocks, blockScans, log);
        run = r;
        r.start();
        return true;
    }

    private boolean stopLocked() {
        CaptureRun r = run;
        if (r == null || r.state().ordinal() > CaptureRun.State.RUNNING.ordinal()) {
            return false;
        }
        r.stop();
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            stopLocked();
        }
    }
}
