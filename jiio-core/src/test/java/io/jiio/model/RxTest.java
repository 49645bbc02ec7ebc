package io.jiio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Rx}: arrays per channel, consecutive calls continue the capture, loss accounted, units applied. */
@Timeout(60)
class RxTest {
    /** Paced, so a test thread keeps up; an overrun would still be counted, never hidden. */
    private static final String COUNTER = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000";

    @Test
    void consecutiveCallsContinueTheCounterAndAccountForEveryScan() {
        try (Context ctx = Context.open(COUNTER);
             Rx rx = Rx.open(ctx.requireDevice("sim-adc"), 4, 1000, "voltage0", "voltage1")) {
            long returned = 0;
            long lost = 0;
            Rx.Samples last = null;
            for (int call = 0; call < 20; call++) {
                Rx.Samples s = rx.rx(777); // not a multiple of the block: calls end inside blocks
                assertEquals(777, s.scans());
                assertEquals(777, s.raw("voltage0").length);
                long[] v0 = s.raw(0);
                long[] v1 = s.raw("voltage1");
                if (s.gaps() == 0) {
                    // No gap inside: the counter runs on from the first scan (sample k of scan n is n + k).
                    for (int k = 0; k < 777; k++) {
                        assertEquals((short) (s.firstScan() + k), (short) v0[k], "call " + call + " scan " + k);
                        assertEquals((short) (s.firstScan() + k + 1), (short) v1[k]);
                    }
                }
                if (last != null && s.gaps() == 0 && last.gaps() == 0) {
                    // (a gap inside the previous call moves where it ended, so only gap-free pairs)
                    assertEquals(last.firstScan() + last.scans(), s.firstScan(), "call " + call + " follows on");
                }
                returned += s.scans();
                lost += s.lostScans();
                last = s;
            }
            // Whatever happened on the way: returned + lost = the device's count up to the last scan.
            assertEquals(last.firstScan() + last.scans(), returned + lost);
        }
    }

    @Test
    void scaledSamplesUseTheChannelsScaleAndOffset() {
        try (Context ctx = Context.open(COUNTER + ",sim-adc.voltage0.scale=0.5");
             Rx rx = Rx.open(ctx.requireDevice("sim-adc"), "voltage0")) {
            Channel v0 = ctx.requireDevice("sim-adc").requireChannel("voltage0");
            Rx.Samples s = rx.rx(100);
            double[] mv = s.scaled("voltage0");
            for (int k = 0; k < 100; k++) {
                assertEquals((s.raw(0)[k] + v0.offset()) * 0.5, mv[k], 1e-9);
            }
            assertSame(rx.layout(), rx.queue().layout());
            assertEquals(1, s.channels().size());
        }
    }

    @Test
    void badRequestsNameTheThingAndTheReason() {
        try (Context ctx = Context.open(COUNTER)) {
            Device adc = ctx.requireDevice("sim-adc");
            IioException out = assertThrows(IioException.class,
                    () -> Rx.open(ctx.requireDevice("sim-dac"), "voltage0"));
            assertTrue(out.getMessage().contains("output channel"), out.getMessage());
            assertEquals(Errno.EINVAL, assertThrows(IioException.class, () -> Rx.open(adc, 4, 0, "voltage0")).errno());
            try (Rx rx = Rx.open(adc, "voltage1")) {
                IioException none = assertThrows(IioException.class, () -> rx.rx(10).raw("voltage0"));
                assertTrue(none.getMessage().contains("no channel 'voltage0'") && none.getMessage().contains("voltage1"),
                        none.getMessage());
                assertEquals(Errno.EINVAL, assertThrows(IioException.class, () -> rx.rx(0)).errno());
            }
        }
    }

    @Test
    void aBlockThatDoesNotComeInTimeIsETIMEDOUT() {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=1");
             Rx rx = Rx.open(ctx.requireDevice("sim-adc"), 2, 256, "voltage0")) {
            IioException e = assertThrows(IioException.class, () -> rx.rx(10, 50, TimeUnit.MILLISECONDS));
            assertEquals(Errno.ETIMEDOUT, e.errno());
        }
    }

    @Test
    void aDevicesQueueKnowsItsLayoutWhateverTheOrderOfNames() {
        try (Context ctx = Context.open(COUNTER)) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage1", "voltage0"))) {
                assertEquals(ScanLayout.of(adc, adc.mask("voltage0", "voltage1")).toString(), q.layout().toString());
            }
        }
    }
}
