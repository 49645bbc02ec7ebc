package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the scan rate comes from, and what {@code local,loss,<device>} says when there is none. */
class SampleRateTest {
    @TempDir
    Path root;

    private final SysfsFiles files = new SysfsFiles(LinuxSys.get());

    private Path devices() {
        return root.resolve("bus/iio/devices");
    }

    private SampleRate.Rate dummyRate() {
        return SampleRate.of(files, devices(), devices().resolve("iio:device0"), "iio_dummy_part_no");
    }

    private String lossAttribute(String device) {
        try (Context ctx = Context.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"))) {
            return ctx.attributes().get("local,loss," + device);
        }
    }

    @Test
    void withoutATriggerTheDevicesOwnRate() {
        Trees.iioDummy(root);
        SampleRate.Rate r = dummyRate();
        assertEquals(3.0, r.hz());
        assertEquals("iio:device0/in_sampling_frequency", r.source());
        assertEquals("loss: counted from the timestamp channel, when enabled, at 3 Hz (iio:device0/in_sampling_frequency)",
                lossAttribute("iio:device0"));
    }

    @Test
    void aTriggerThatFiresWhenToldHasNoRate() {
        Trees.iioDummy(root);
        Trees.write(devices().resolve("iio:device0/trigger/current_trigger"), "sysfstrig1");
        assertFalse(dummyRate().known());
        assertEquals("loss: unknown (trigger 'sysfstrig1' has no sampling_frequency (it fires when told))",
                lossAttribute("iio:device0"));
    }

    @Test
    void aTimerTriggersRateWins() {
        Trees.iioDummy(root);
        new Trees.Dev(root, "trigger1").file("name", "hrt0").file("sampling_frequency", "250");
        Trees.write(devices().resolve("iio:device0/trigger/current_trigger"), "hrt0");
        SampleRate.Rate r = dummyRate();
        assertEquals(250.0, r.hz());
        assertEquals("trigger1/sampling_frequency", r.source());
        assertEquals(4e6, r.periodNs());
    }

    @Test
    void theDevicesOwnDataReadyTriggerScansAtTheDevicesRate() {
        Trees.iioDummy(root);
        new Trees.Dev(root, "trigger1").file("name", "iio_dummy_part_no-dev0");
        Trees.write(devices().resolve("iio:device0/trigger/current_trigger"), "iio_dummy_part_no-dev0");
        assertEquals(3.0, dummyRate().hz());
    }

    @Test
    void ratesThatDisagreeOrAreZeroAreUnknown() {
        Trees.ad9361(root);
        Path lpc = devices().resolve("iio:device2");
        assertEquals(30_720_000.0, SampleRate.of(files, devices(), lpc, "cf-ad9361-lpc").hz());
        Trees.write(lpc.resolve("sampling_frequency"), "61440000");
        assertEquals("sampling frequencies disagree: in_voltage_sampling_frequency=30720000, sampling_frequency=61440000",
                SampleRate.of(files, devices(), lpc, "cf-ad9361-lpc").source());
        Trees.write(lpc.resolve("sampling_frequency"), "0");
        Trees.write(lpc.resolve("in_voltage_sampling_frequency"), "0");
        assertEquals("iio:device2/in_voltage_sampling_frequency is 0",
                SampleRate.of(files, devices(), lpc, "cf-ad9361-lpc").source());
        Trees.stamped(root.resolve("other"), "1000");
        Path other = root.resolve("other/bus/iio/devices");
        java.util.List.of("sampling_frequency").forEach(f -> other.resolve("iio:device0").resolve(f).toFile().delete());
        assertEquals("no sampling_frequency on iio:device0 or its trigger",
                SampleRate.of(files, other, other.resolve("iio:device0"), "stamped-adc").source());
    }

    @Test
    void outputsAndDevicesWithoutTimestampsSayWhy() {
        Trees.ad9361(root);
        assertEquals("loss: unknown (the kernel reports no underrun)", lossAttribute("iio:device1"));
        assertEquals("loss: unknown (no timestamp channel)", lossAttribute("iio:device2"));
        Trees.mkdirs(root.resolve("dev"));
        FakeKernel kernel = new FakeKernel();
        kernel.buffer(root.resolve("dev/iio:device1"), devices().resolve("iio:device1/buffer0"), true);
        try (Context ctx = LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel)) {
            Device dds = ctx.requireDevice("cf-ad9361-dds-core-lpc");
            try (BlockQueue q = dds.openBuffer(0, dds.mask("voltage0", "voltage1"), new QueueConfig(2, 2048))) {
                q.allocate(2, 2048);
                q.enable();
                assertFalse(q.stats().lossKnown(), "the kernel does not report underruns");
                q.disable();
            }
        }
    }
}
