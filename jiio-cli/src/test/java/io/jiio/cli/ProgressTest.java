package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiio.buffer.QueueStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void ratesGetAnSiPrefix() {
        assertEquals("999", Progress.si(999));
        assertEquals("1.2 k", Progress.si(1234));
        assertEquals("1.50 M", Progress.si(1.5e6));
        assertEquals("2.00 G", Progress.si(2e9));
    }

    @Test
    void hiddenMeterPrintsNothing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), false,
                () -> new QueueStats(0, 0, 0, 0, 0, 0, 0, true, 0), "block");

        p.add(1000, 2000);
        p.finish();

        assertEquals(0, err.size());
    }

    @Test
    void finalLineReportsOverrunsAndLostScans() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), true,
                () -> new QueueStats(10, 20_000, 0, 2, 300, 0, 0, true, 0), "dmabuf");

        p.add(10_000, 20_000);
        p.finish();

        String line = err.toString(StandardCharsets.UTF_8);
        assertEquals(true, line.startsWith("\r[dmabuf] 10000 scans in "), line);
        assertEquals(true, line.endsWith(" blocks/s, lost: 300 scans in 2 gaps" + System.lineSeparator()), line);
        assertEquals(true, line.contains(" scans/s, "), line);
    }

    @Test
    void lostFiguresCountAReportedLossBeforeABlockPlacesIt() {
        assertEquals("0", Progress.lost(new QueueStats(3, 300, 0, 0, 0, 0, 0, true, 0)));
        assertEquals("1 scans in 1 gap", Progress.lost(new QueueStats(3, 300, 0, 1, 1, 0, 0, true, 0)));
        assertEquals("250 scans in 2 gaps", Progress.lost(new QueueStats(3, 300, 0, 1, 50, 0, 0, true, 200)),
                "a loss in progress is a gap already");
        assertEquals("7 scans in 1 gap", Progress.lost(new QueueStats(3, 300, 0, 0, 0, 1, 7, true, 0)), "underruns");
        assertEquals("unknown", Progress.lost(new QueueStats(3, 300, 0, 0, 0, 0, 0, false, 0)));
    }
}
