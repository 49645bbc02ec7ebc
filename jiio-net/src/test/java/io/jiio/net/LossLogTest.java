package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every loss reaches the server's log, at least as a total when its source ends: never only counted. */
class LossLogTest {
    @Test
    void episodesTooCloseToLogAreTotalledWhenTheSourceCloses() {
        try (LogCapture log = new LogCapture(LossLog.class)) {
            LossLog l = new LossLog("capture of test", "overran: lost", "no longer overruns: lost", "gap");
            long total = 0;
            long gapsAfterFirst = 0;
            for (int i = 0; i < 20; i++) { // 20 episodes well inside QUIET_MS: one line, the rest counted
                l.lost(1, 10 + i, 1000L * i);
                total += 10 + i;
                if (i % 2 == 0) { // an episode of two gaps: the gaps are counted, not only the episodes
                    l.lost(1, 1, 1000L * i + 500);
                    total += 1;
                }
                gapsAfterFirst += i == 0 ? 0 : i % 2 == 0 ? 2 : 1;
                l.ended();
            }
            l.close();
            List<String> lines = log.lines();
            long logged = 0;
            Pattern scans = Pattern.compile("(\\d+) scans\\)");
            for (String line : lines) {
                if (line.contains("no longer overruns") || line.contains("ended having lost")) {
                    Matcher m = scans.matcher(line);
                    assertTrue(m.find(), line);
                    logged += Long.parseLong(m.group(1));
                }
            }
            assertEquals(total, logged, "every lost scan is in a closing line: " + lines);
            assertTrue(lines.getLast().contains("ended having lost another 19 times (" + gapsAfterFirst + " gaps, "
                    + (total - 11) + " scans)"), lines.toString());
            assertTrue(lines.size() <= 3, "no flood: " + lines);
        }
    }
}
