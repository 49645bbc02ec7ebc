package io.jiio.scope;

import static io.jiio.scope.ViewerTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared capture against the simulator: physical values, losses, on-demand runs, restarts. */
@Timeout(60)
class CaptureTest {
    @Test
    void ringHoldsPhysicalValuesOfTheChosenChannels() throws Exception {
        // counter: sample n of the channel with scan index k is (n + k) mod 2^16, as s16
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000,"
                + "sim-adc.voltage1.scale=0.5,sim-adc.voltage1.offset=10,sim-adc.voltage3.scale=2")) {
            CaptureTarget target = CaptureTarget.choose(ctx, "sim-adc", List.of("voltage3", "voltage1"));
            assertEquals(List.of("voltage1", "voltage3"), target.channels().stream().map(c -> c.id()).toList(),
                    "channels in scan order");
            try (Capture capture = new Capture(target, 4, 1000, l -> { }, () -> { })) {
                capture.viewerJoined();
                CaptureRun run = capture.run();
                waitFor(() -> run.ring().written() >= 5000);
                assertEquals(200_000, run.rateHz());
                float[][] out = new float[2][3000];
                assertTrue(run.ring().read(1000, 3000, out));
                for (int i = 0; i < 3000; i++) {
                    long n = 1000 + i;
                    assertEquals(((short) (n + 1) + 10) * 0.5, out[0][i], 1e-3, "voltage1 at " + n);
                    assertEquals(((short) (n + 3)) * 2.0, out[1][i], 1e-3, "voltage3 at " + n);
                }
                assertEquals(0, run.stats().snapshot().lostScans());
            }
        }
    }

    @Test
    void aCaptureThatCannotKeepUpCountsItsLossesAndMarksTheGaps() throws Exception {
        // 2 blocks of 16 scans at 10 MHz: 3.2 µs of buffering — the device overruns
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=10000000")) {
            CaptureTarget target = CaptureTarget.choose(ctx, null, List.of());
            List<String> log = new CopyOnWriteArrayList<>();
            try (Capture capture = new Capture(target, 2, 16, log::add, () -> { })) {
                capture.viewerJoined();
                CaptureRun run = capture.run();
                waitFor(() -> run.stats().snapshot().lostScans() > 0);
                CaptureStats.Snapshot s = run.stats().snapshot();
                assertTrue(s.gaps() > 0 && s.lossKnown());
                assertTrue(s.lastGapScan() > 0);
                assertTrue(run.ring().gaps(0, run.ring().written(), null).length > 0, "the ring marks where");
                new LossLog(log::add).check(run, s);
                assertTrue(log.stream().anyMatch(l -> l.contains("scans lost in")), log.toString());
            }
        }
    }

    @Test
    void runsWhilePagesWatchAndRestartsAroundAWriteTheDeviceRefusesWhileStreaming() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=100000")) {
            AtomicInteger changes = new AtomicInteger();
            CaptureTarget target = CaptureTarget.choose(ctx, null, List.of());
            List<String> log = new CopyOnWriteArrayList<>();
            try (Capture capture = new Capture(target, 0, 0, log::add, changes::incrementAndGet)) {
                assertNull(capture.run(), "nobody watches: nothing runs");
                capture.viewerJoined();
                capture.viewerJoined();
                CaptureRun first = capture.run();
                // RUNNING means the device is enabled (set after the first poll), so a rate write is EBUSY.
                waitFor(() -> first.state() == CaptureRun.State.RUNNING);
                assertEquals(2000, first.blockScans(), "20 ms blocks at 100 kHz");
                var rate = ctx.requireDevice("sim-adc").requireAttribute(io.jiio.model.AttributeKind.DEVICE,
                        "sampling_frequency");
                IioException busy = assertThrows(IioException.class, () -> rate.write("50000"));
                assertEquals(Errno.EBUSY, busy.errno());

                AttributeEditor editor = new AttributeEditor(ctx, capture, log::add);
                var reply = editor.write(new AttributeAddress("sim-adc", -1, io.jiio.model.AttributeKind.DEVICE,
                        "sampling_frequency"), "50000");
                assertTrue(reply.path("ok").asBoolean(), reply.toString());
                assertTrue(reply.path("restarted").asBoolean());
                assertEquals("50000", reply.path("value").asText());
                assertEquals("50000", rate.read());
                CaptureRun second = capture.run();
                assertTrue(second != first && second.number() == 2);
                assertEquals(50_000, second.rateHz());
                assertEquals(1000, second.blockScans(), "sized for the new rate");
                waitFor(() -> second.ring().written() > 0);

                var rejected = editor.write(new AttributeAddress("sim-adc", -1, io.jiio.model.AttributeKind.DEVICE,
                        "waveform"), "bogus");
                assertEquals(false, rejected.path("ok").asBoolean());
                assertTrue(rejected.path("error").asText().contains("not one of"), rejected.toString());
                assertEquals("sine", rejected.path("value").asText(), "the value it kept");
                assertTrue(log.stream().anyMatch(l -> l.contains("rejected")), log.toString());

                // the sim refuses any waveform write while streaming (EBUSY) before it checks the value, so
                // the editor stopped the capture, heard the real refusal, and captured again
                CaptureRun third = capture.run();
                assertEquals(3, third.number());
                waitFor(() -> third.state() == CaptureRun.State.RUNNING);
                capture.viewerLeft();
                assertEquals(CaptureRun.State.RUNNING, third.state(), "one page still watches");
                capture.viewerLeft();
                assertEquals(CaptureRun.State.STOPPED, third.state(), "the last one left: the buffer is closed");
                rate.write("100000"); // not streaming: accepted at once
                assertTrue(changes.get() >= 3);
            }
        }
    }

    @Test
    void choosingWhatToCapture() {
        try (Context ctx = Context.open("sim:")) {
            CaptureTarget first = CaptureTarget.choose(ctx, null, List.of());
            assertEquals("sim-adc", first.device().name());
            assertEquals(List.of("voltage0", "voltage1", "voltage2", "voltage3"),
                    first.channels().stream().map(c -> c.id()).toList(), "all inputs but the timestamp");
            CaptureTarget dac = CaptureTarget.choose(ctx, "sim-dac", List.of());
            assertNull(dac.device());
            assertNotNull(dac.problem());
            assertTrue(dac.problem().contains("sim-dac has no input channels (its channels are outputs)"), dac.problem());
            assertTrue(dac.problem().contains("devices with input channels: sim-adc"), dac.problem());
            assertEquals(Errno.ENODEV, assertThrows(IioException.class,
                    () -> CaptureTarget.choose(ctx, "nope", List.of())).errno());
            IioException noChannel = assertThrows(IioException.class,
                    () -> CaptureTarget.choose(ctx, "sim-adc", List.of("voltage9")));
            assertTrue(noChannel.getMessage().contains("input channels: voltage0"), noChannel.getMessage());
            assertEquals("timestamp", CaptureTarget.choose(ctx, "sim-adc", List.of("timestamp")).channels().get(0).id());
        }
    }
}
