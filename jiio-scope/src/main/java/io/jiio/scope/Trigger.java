package io.jiio.scope;

import java.util.Locale;

/**
 * Where a trace starts: the latest crossing of a level on one channel, like a scope's edge trigger.
 *
 * <p>Why on the server and at full rate: the page only ever sees decimated points, and an edge
 * found between two decimated points would land up to a bucket off, so the trace would jitter by
 * that much from frame to frame. Searching the captured scans themselves puts the crossing on the
 * same scan every time.
 *
 * @param edge     which crossing triggers; {@link Edge#NONE} shows the latest scans free-running
 * @param channel  the channel searched, as an index into the captured channels
 * @param level    the level in the channel's physical unit
 * @param position where in the window the trigger sits, 0 (left edge) .. 1 (right edge)
 * @param normal   with no crossing in sight: true shows nothing new (a scope's "normal" mode),
 *                 false shows the latest scans untriggered ("auto")
 */
record Trigger(Edge edge, int channel, double level, double position, boolean normal) {
    /** The kind of crossing. */
    enum Edge {
        NONE, RISING, FALLING;

        static Edge parse(String s) {
            return s == null ? NONE : valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    static final Trigger FREE_RUN = new Trigger(Edge.NONE, 0, 0, 0.5, false);

    Trigger {
        if (!(position >= 0 && position <= 1)) {
            position = 0.5;
        }
        if (!Double.isFinite(level)) {
            level = 0;
        }
        channel = Math.max(0, channel);
    }

    /**
     * The latest index {@code i} in {@code [from, to)} (and {@code i >= 1}) where {@code v} crosses
     * the level between {@code i - 1} and {@code i} in the edge's direction, or -1 when there is none.
     * Rising: {@code v[i-1] < level <= v[i]}; falling: {@code v[i-1] > level >= v[i]}.
     */
    static int latestCrossing(float[] v, int from, int to, double level, Edge edge) {
        for (int i = to - 1; i >= Math.max(1, from); i--) {
            float a = v[i - 1];
            float b = v[i];
            if (edge == Edge.RISING ? a < level && b >= level : edge == Edge.FALLING && a > level && b <= level) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where a window of {@code window} scans starts within {@code n} scans of {@code data}
     * (which hold at least the window): after the latest crossing that leaves a whole window
     * around it, or the latest scans when untriggered.
     */
    Placement place(float[][] data, int n, int window) {
        int latest = n - window;
        int pre = (int) Math.round(position * window);
        int post = window - pre;
        if (edge == Edge.NONE || channel >= data.length) {
            return new Placement(latest, latest + pre, false);
        }
        int t = latestCrossing(data[channel], pre, n - post + 1, level, edge);
        if (t < 0) {
            return normal ? null : new Placement(latest, latest + pre, false);
        }
        return new Placement(t - pre, t, true);
    }

    /**
     * A window's place in a snapshot.
     *
     * @param start     the window's first scan
     * @param origin    the scan at time 0 on the plot: the trigger, or where it would sit when untriggered
     * @param triggered whether a crossing was found
     */
    record Placement(int start, int origin, boolean triggered) {
    }
}
