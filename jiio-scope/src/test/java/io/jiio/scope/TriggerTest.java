package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.scope.Trigger.Edge;
import org.junit.jupiter.api.Test;

class TriggerTest {
    /** A sine of {@code period} samples, starting at phase 0 (rising through 0 at 0, period, 2·period …). */
    private static float[] sine(int n, int period) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(2 * Math.PI * i / period);
        }
        return v;
    }

    @Test
    void findsTheLatestCrossingInTheEdgesDirection() {
        float[] v = {0, 1, 2, 3, 2, 1, 0, 1, 2, 3};
        assertEquals(8, Trigger.latestCrossing(v, 0, v.length, 1.5, Edge.RISING));
        assertEquals(4, Trigger.latestCrossing(v, 0, v.length, 2.5, Edge.FALLING)); // 3 -> 2 crosses 2.5
        assertEquals(2, Trigger.latestCrossing(v, 0, 8, 1.5, Edge.RISING)); // the one at 8 is out of range
        assertEquals(-1, Trigger.latestCrossing(v, 0, v.length, 5, Edge.RISING));
    }

    @Test
    void theLevelItselfCountsAsReachedButNotAsCrossedTwice() {
        float[] v = {0, 1, 1, 2};
        // rising through 1: v[0] < 1 <= v[1] only
        assertEquals(1, Trigger.latestCrossing(v, 0, v.length, 1, Edge.RISING));
    }

    @Test
    void placesTheCrossingAtTheChosenPositionOfTheWindow() {
        int period = 100;
        float[][] data = {sine(1000, period)};
        Trigger t = new Trigger(Edge.RISING, 0, -0.01, 0.25, false);
        Trigger.Placement p = t.place(data, 1000, 200);
        assertTrue(p.triggered());
        assertEquals(p.start() + 50, p.origin(), "a quarter of 200 scans before the trigger");
        assertEquals(0, p.origin() % period, "rising zero crossings of this sine are at multiples of the period: " + p.origin());
        assertTrue(p.start() + 200 <= 1000);
        // the latest such crossing leaving room for the rest of the window: 800 (850 would need scans up to 1000)
        assertEquals(800, p.origin());
    }

    @Test
    void autoShowsTheLatestScansWithoutACrossingAndNormalShowsNothing() {
        float[][] flat = {new float[500]};
        Trigger auto = new Trigger(Edge.RISING, 0, 0.5, 0.5, false);
        Trigger.Placement p = auto.place(flat, 500, 100);
        assertFalse(p.triggered());
        assertEquals(400, p.start());
        assertEquals(450, p.origin());
        assertNull(new Trigger(Edge.RISING, 0, 0.5, 0.5, true).place(flat, 500, 100));
    }

    @Test
    void freeRunIsTheLatestWindow() {
        float[][] data = {sine(300, 40)};
        Trigger.Placement p = Trigger.FREE_RUN.place(data, 300, 100);
        assertFalse(p.triggered());
        assertEquals(200, p.start());
    }

    @Test
    void fallingEdgeOnTheSecondChannel() {
        float[][] data = {new float[400], sine(400, 100)};
        Trigger t = new Trigger(Edge.FALLING, 1, 0.01, 0.5, false);
        Trigger.Placement p = t.place(data, 400, 100);
        assertTrue(p.triggered());
        // sin falls through 0.01 just before 50, 150, 250, 350
        assertEquals(50, Math.floorMod(p.origin(), 100), "origin " + p.origin());
        assertTrue(p.origin() + 50 <= 400);
    }

    @Test
    void nonsenseSettingsFallBackToSafeOnes() {
        Trigger t = new Trigger(Edge.RISING, -3, Double.NaN, 7, false);
        assertEquals(0, t.channel());
        assertEquals(0, t.level());
        assertEquals(0.5, t.position());
        assertEquals(Edge.NONE, Edge.parse(null));
        assertEquals(Edge.FALLING, Edge.parse("falling"));
    }
}
