package io.jiio.scope;

import java.util.function.Consumer;

/**
 * Says on the terminal when the capture lost scans: at most one line per check (the status tick,
 * twice a second), with what was lost since the previous line and the run's totals.
 *
 * <p>Why here and not in the capture thread: printing can block (a terminal, a pipe), and the
 * capture thread must never wait; the counts are read from {@link CaptureStats} instead. Why
 * rate-limited: a device that overruns continuously would otherwise flood the terminal.
 */
final class LossLog {
    private final Consumer<String> log;
    private CaptureRun run;
    private long reportedLost;
    private long reportedGaps;
    private boolean reportedUnknown;

    LossLog(Consumer<String> log) {
        this.log = log;
    }

    void check(CaptureRun r, CaptureStats.Snapshot s) {
        if (r != run) {
            run = r;
            reportedLost = 0;
            reportedGaps = 0;
            reportedUnknown = false;
        }
        if (!s.lossKnown() && !reportedUnknown) {
            reportedUnknown = true;
            log.accept(r.target().device().displayName() + ": loss unknown: the device does not say what it lost");
        }
        if (s.lostScans() > reportedLost) {
            log.accept(r.target().device().displayName() + ": " + (s.lostScans() - reportedLost) + " scans lost in "
                    + (s.gaps() - reportedGaps) + " gaps (last before scan " + s.lastGapScan() + "); " + s.lostScans()
                    + " scans in " + s.gaps() + " gaps since the capture started");
            reportedLost = s.lostScans();
            reportedGaps = s.gaps();
        }
    }
}
