package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiio.buffer.Block;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LossReportTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private String printed() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void gapsAreCountedAndTheFirstIsPlacedInTheStreamAndTheOutput() {
        LossReport r = new LossReport("jiio read", true);
        r.block(0, 0, 0);
        r.block(4096, 3072, 4096);       // scans 1024..4095 lost, after 1024 scans (4096 bytes) out
        r.block(5120, 0, 8192);
        r.block(6000, 107, 12288);

        assertEquals(ExitCodes.DATA_LOST, r.finish(errStream, "sim-adc/buffer0", false));
        assertEquals("jiio read: 3179 scans lost in 2 gaps (first at scan 1024, output byte 4096); the data has gaps"
                + System.lineSeparator(), printed());
        assertEquals("3179 scans lost in 2 gaps", r.totals());
    }

    @Test
    void allowLossExitsZeroButStillSaysIt() {
        LossReport r = new LossReport("jiio read", true);
        r.block(10, 10, 0);

        assertEquals(ExitCodes.OK, r.finish(errStream, "sim-adc/buffer0", true));
        assertEquals("jiio read: 10 scans lost in 1 gap (first at scan 0, output byte 0); the data has gaps"
                + System.lineSeparator(), printed());
    }

    @Test
    void nothingLostPrintsNothing() {
        LossReport r = new LossReport("jiio write", false);
        r.block(0, 0, 0);
        r.block(Block.UNKNOWN, Block.UNKNOWN, 0);

        assertEquals(ExitCodes.OK, r.finish(errStream, "sim-dac/buffer0", false));
        assertEquals("", printed());
        assertEquals("0 scans of silence in 0 gaps", r.totals());
    }

    @Test
    void writeTakesTheQueuesTotalsAndPlacesWhatItSaw() {
        LossReport r = new LossReport("jiio write", false);
        r.block(2500, 500, 0);
        r.atLeast(2, 800);               // a second gap came back after the last look

        assertEquals(ExitCodes.DATA_LOST, r.finish(errStream, "sim-dac/buffer0", false));
        assertEquals("jiio write: 800 scans of silence in 2 gaps (first at scan 2000); the output has gaps"
                + System.lineSeparator(), printed());
    }

    @Test
    void aDeviceThatCannotTellIsSaidOnceAndIsNoFailure() {
        LossReport r = new LossReport("jiio read", true);
        r.block(Block.UNKNOWN, Block.UNKNOWN, 0);
        r.unknown();

        assertEquals(ExitCodes.OK, r.finish(errStream, "adc/buffer0", false));
        assertEquals("jiio read: loss unknown: adc/buffer0 does not report lost scans (e.g. an ip: server without "
                + "jiio's loss extension, or a local: device without timestamps); the data may have gaps"
                + System.lineSeparator(), printed());
        assertEquals("loss unknown", r.totals());
    }

    /** A capture that failed before its first block moved no data: no "may have gaps" before its error. */
    @Test
    void nothingIsSaidOfLossWhenNoBlockMoved() {
        LossReport r = new LossReport("jiio read", true);
        r.unknown();

        assertEquals(ExitCodes.OK, r.finish(errStream, "d0/buffer0", false));
        assertEquals("", printed());
    }
}
