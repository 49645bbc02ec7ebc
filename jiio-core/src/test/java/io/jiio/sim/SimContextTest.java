package io.jiio.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockFlags;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

@Timeout(20)
class SimContextTest {
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private static void assertErrno(Errno expected, String fragment, Executable op) {
        IioException e = assertThrows(IioException.class, op);
        assertEquals(expected, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void defaultContextHasTheDocumentedDevices() {
        try (Context ctx = Context.open(null)) {
            assertEquals("sim", ctx.name());
            assertEquals(List.of("iio:device0", "iio:device1", "trigger0"), ctx.devices().stream().map(Device::id).toList());
            Device adc = ctx.requireDevice("sim-adc");
            assertEquals(List.of("voltage0", "voltage1", "voltage2", "voltage3", "timestamp"),
                    adc.channels().stream().map(Channel::id).toList());
            for (int k = 0; k < 4; k++) {
                Channel c = adc.channels().get(k);
                assertEquals(k, c.scanIndex());
                assertEquals("le:s16/16>>0", c.format().toString());
                assertEquals(Direction.INPUT, c.direction());
                assertEquals(List.of("raw", "scale", "offset"), c.attributes().stream().map(a -> a.name()).toList());
                assertEquals("in_voltage" + k + "_raw", c.requireAttribute("raw").filename());
            }
            Channel ts = adc.requireChannel("timestamp");
            assertEquals(4, ts.scanIndex());
            assertEquals("le:s64/64>>0", ts.format().toString());
            assertEquals("1000000", adc.requireAttribute(AttributeKind.DEVICE, "sampling_frequency").read());
            assertEquals("sine", adc.requireAttribute(AttributeKind.DEVICE, "waveform").read());
            assertEquals("sine square triangle counter loopback static",
                    adc.requireAttribute(AttributeKind.DEVICE, "waveform_available").read());
            Device dac = ctx.requireDevice("iio:device1");
            assertEquals("sim-dac", dac.name());
            assertEquals(2, dac.channels().size());
            assertTrue(dac.channels().stream().allMatch(Channel::isOutput));
            assertEquals("out_voltage1_scale", dac.requireChannel("voltage1").requireAttribute("scale").filename());
            Device trig = ctx.requireDevice("sim-trigger");
            assertTrue(trig.isTrigger());
            assertFalse(trig.isBufferCapable());
            assertEquals(List.of("data_available", "enable", "length", "watermark"),
                    adc.bufferAttributes().stream().map(a -> a.name()).toList());
            assertEquals("direct_reg_access", adc.debugAttributes().get(0).name());
        }
    }

    @Test
    void scanLayoutOfAllChannelsFollowsKernelAlignment() {
        try (Context ctx = Context.open("sim:")) {
            Device adc = ctx.requireDevice("sim-adc");
            ScanLayout all = ScanLayout.of(adc, adc.mask());
            assertEquals(16, all.scanBytes());
            assertEquals(8, all.offsetOf(adc.requireChannel("timestamp")));
            ScanLayout one = ScanLayout.of(adc, adc.mask("voltage2", "timestamp"));
            assertEquals(16, one.scanBytes(), "s16 then s64: the timestamp aligns to 8, the scan pads to 8");
        }
    }

    @Test
    void uriSettingsApplyInOrderAndBadOnesFailClearly() {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0,sim-adc.voltage1.scale=0.5")) {
            Device adc = ctx.requireDevice("sim-adc");
            assertEquals("counter", adc.requireAttribute(AttributeKind.DEVICE, "waveform").read());
            assertEquals("0", adc.requireAttribute(AttributeKind.DEVICE, "sampling_frequency").read());
            assertEquals(0.5, adc.requireChannel("voltage1").scale());
        }
        assertErrno(Errno.EINVAL, "'square-ish' is not one of", () -> Context.open("sim:sim-adc.waveform=square-ish"));
        assertErrno(Errno.EINVAL, "no device 'nope'", () -> Context.open("sim:nope.x=1"));
        assertErrno(Errno.ENOENT, "no device attribute 'bogus'", () -> Context.open("sim:sim-adc.bogus=1"));
        assertErrno(Errno.ENOENT, "no channel 'voltage9'", () -> Context.open("sim:sim-adc.voltage9.raw=1"));
        assertErrno(Errno.EINVAL, "expected DEVICE.ATTR=VALUE", () -> Context.open("sim:sim-adc.waveform"));
        assertErrno(Errno.EINVAL, "out of range 0..1000000000", () -> Context.open("sim:sim-adc.sampling_frequency=-1"));
        assertErrno(Errno.ENOSYS, "no backend for scheme 'usb:'", () -> Context.open("usb:1.2.3"));
        assertErrno(Errno.EINVAL, "has no scheme", () -> Context.open("sim"));
    }

    @Test
    void attributesValidateAndReadOnlyOnesRefuseWrites() {
        try (Context ctx = Context.open("sim:")) {
            Device adc = ctx.requireDevice("sim-adc");
            var fs = adc.requireAttribute(AttributeKind.DEVICE, "sampling_frequency");
            fs.write("2500");
            assertEquals(2500, fs.readLong());
            assertErrno(Errno.EINVAL, "'fast' is not an integer", () -> fs.write("fast"));
            assertErrno(Errno.EACCES, "read-only", () -> adc.requireAttribute(AttributeKind.DEVICE, "waveform_available").write("x"));
            assertErrno(Errno.EACCES, "read-only", () -> adc.requireChannel("voltage0").requireAttribute("raw").write("1"));
            assertErrno(Errno.EINVAL, "not a number", () -> adc.requireChannel("voltage0").requireAttribute("scale").write("big"));
            var length = adc.requireAttribute(AttributeKind.BUFFER, "length");
            length.write("4096");
            assertEquals("4096", length.read());
            assertErrno(Errno.EINVAL, "out of range 2..", () -> length.write("1"));
            Device dac = ctx.requireDevice("sim-dac");
            var raw = dac.requireChannel("voltage0").requireAttribute("raw");
            raw.write("-123");
            assertEquals("-123", raw.read());
            assertErrno(Errno.EINVAL, "out of range -32768..32767", () -> raw.write("40000"));
        }
    }

    /** Every attribute says whether it takes writes, and says it truly: the read-only ones refuse. */
    @Test
    void attributesSayWhetherTheyAreWritable() {
        try (Context ctx = Context.open("sim:")) {
            Device adc = ctx.requireDevice("sim-adc");
            assertEquals(Attribute.Access.WRITABLE, adc.requireAttribute(AttributeKind.DEVICE, "sampling_frequency").access());
            assertEquals(Attribute.Access.READ_ONLY, adc.requireAttribute(AttributeKind.DEVICE, "waveform_available").access());
            assertEquals(Attribute.Access.READ_ONLY, adc.requireChannel("voltage0").requireAttribute("raw").access());
            assertEquals(Attribute.Access.WRITABLE, adc.requireChannel("voltage0").requireAttribute("scale").access());
            assertEquals(Attribute.Access.WRITABLE, adc.debugAttributes().get(0).access());
            assertEquals(Attribute.Access.WRITABLE, ctx.requireDevice("sim-dac").requireChannel("voltage0")
                    .requireAttribute("raw").access());
            for (Device d : ctx.devices()) {
                List<Attribute> all = new java.util.ArrayList<>(d.attributes(AttributeKind.DEVICE));
                all.addAll(d.bufferAttributes());
                d.channels().forEach(c -> all.addAll(c.attributes()));
                for (Attribute a : all) {
                    if (a.access() == Attribute.Access.READ_ONLY) {
                        assertErrno(Errno.EACCES, "read-only", () -> a.write(a.read()));
                    } else {
                        assertEquals(Attribute.Access.WRITABLE, a.access(), a.describe());
                    }
                }
            }
        }
    }

    @Test
    void rateAndWaveformCannotChangeWhileStreaming() {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=0");
             BlockQueue q = ctx.requireDevice("sim-adc").openBuffer(ctx.requireDevice("sim-adc").mask("voltage0"))) {
            Device adc = ctx.requireDevice("sim-adc");
            q.allocate(2, 4096);
            q.enable();
            assertEquals("1", adc.requireAttribute(AttributeKind.BUFFER, "enable").read());
            assertErrno(Errno.EBUSY, "while the buffer is enabled", () -> adc.requireAttribute(AttributeKind.DEVICE, "waveform").write("counter"));
            assertErrno(Errno.EBUSY, "while the buffer is enabled", () -> adc.setTrigger(ctx.requireDevice("sim-trigger")));
            q.disable();
            assertEquals("0", adc.requireAttribute(AttributeKind.BUFFER, "enable").read());
            adc.requireAttribute(AttributeKind.DEVICE, "waveform").write("counter");
        }
    }

    @Test
    void oneBufferPerDeviceAndOnlyBufferZero() {
        try (Context ctx = Context.open("sim:")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                assertErrno(Errno.EBUSY, "sim-adc/buffer0 is already open", () -> adc.openBuffer(adc.mask("voltage1")));
                assertEquals("sim-adc/buffer0", q.name());
            }
            adc.openBuffer(adc.mask("voltage1")).close();
            assertErrno(Errno.ENODEV, "buffer1 does not exist", () -> adc.openBuffer(1, adc.mask(), io.jiio.buffer.QueueConfig.defaults()));
            assertErrno(Errno.ENODEV, "has no buffer", () -> ctx.requireDevice("sim-trigger").openBuffer(ctx.requireDevice("sim-trigger").newMask()));
            assertErrno(Errno.EINVAL, "no channel enabled", () -> adc.openBuffer(adc.newMask()));
        }
    }

    @Test
    void closingTheContextClosesItsBuffers() {
        Context ctx = Context.open("sim:sim-adc.sampling_frequency=0");
        Device adc = ctx.requireDevice("sim-adc");
        BlockQueue q = adc.openBuffer(adc.mask());
        q.allocate(2, 4096).forEach(q::enqueue);
        q.enable();
        ctx.close();
        assertTrue(q.isClosed());
        assertErrno(Errno.ENODEV, "closed", () -> adc.requireAttribute(AttributeKind.DEVICE, "waveform").read());
    }

    @Test
    void closingAQueueAndItsContextAtOnceNeverDeadlocks() throws Exception {
        for (int round = 0; round < 200; round++) {
            Context ctx = Context.open("sim:sim-adc.sampling_frequency=0");
            Device adc = ctx.requireDevice("sim-adc");
            BlockQueue q = adc.openBuffer(adc.mask("voltage0"));
            q.allocate(2, 4096).forEach(q::enqueue);
            q.enable();
            Thread closer = Thread.ofPlatform().start(q::close);
            ctx.close();
            closer.join(5000);
            assertFalse(closer.isAlive(), "round " + round + ": queue close and context close deadlocked");
            assertTrue(q.isClosed());
        }
    }

    @Test
    void triggersCanBeSetAndClearedAndPaceTheAdc() throws Exception {
        try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=0,sim-trigger.sampling_frequency=2000")) {
            Device adc = ctx.requireDevice("sim-adc");
            Device trig = ctx.requireDevice("trigger0");
            assertTrue(adc.trigger().isEmpty());
            adc.setTrigger(trig);
            assertEquals(trig, adc.trigger().orElseThrow());
            assertErrno(Errno.EINVAL, "is not a trigger", () -> adc.setTrigger(ctx.requireDevice("sim-dac")));
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                q.allocate(1, 200).forEach(q::enqueue); // 100 scans at the trigger's 2 kHz: ~50 ms
                long t0 = System.nanoTime();
                q.enable();
                q.dequeue(5, TimeUnit.SECONDS);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= 40, "paced by the 2 kHz trigger, took " + ms + " ms");
            }
            adc.setTrigger(null);
            assertTrue(adc.trigger().isEmpty());
        }
    }

    @Test
    void pacedAdcTimestampsFollowTheSampleClock() {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=100000")) {
            Device adc = ctx.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "timestamp"))) {
                q.allocate(4, 16 * 100).forEach(q::enqueue); // 100 scans = 1 ms per block
                q.enable();
                Block a = q.dequeue(5, TimeUnit.SECONDS);
                MemorySegment m = a.segment();
                long ts0 = m.get(ValueLayout.JAVA_LONG_UNALIGNED, 8);
                long ts1 = m.get(ValueLayout.JAVA_LONG_UNALIGNED, 16 + 8);
                assertEquals(a.timestampNs(), ts0, "the block timestamp is its first sample's");
                assertEquals(10_000, ts1 - ts0, "one sample period at 100 kHz");
                long first = a.timestampNs();
                q.enqueue(a);
                assertEquals(0, a.timestampNs(), "a re-queued block's timestamp is cleared");
                Block b = q.dequeue(5, TimeUnit.SECONDS);
                assertEquals(1_000_000, b.timestampNs() - first, 1000, "100 samples later");
            }
        }
    }

    @Test
    void sineSquareAndTriangleStayWithinFullScaleAndRepeatWithThePeriod() {
        for (String w : List.of("sine", "square", "triangle")) {
            try (Context ctx = Context.open("sim:sim-adc.sampling_frequency=0,sim-adc.waveform_period=100,sim-adc.waveform=" + w)) {
                Device adc = ctx.requireDevice("sim-adc");
                try (BlockQueue q = adc.openBuffer(adc.mask("voltage0", "voltage1"))) {
                    q.allocate(1, 4 * 300).forEach(q::enqueue);
                    q.enable();
                    MemorySegment m = q.dequeue(5, TimeUnit.SECONDS).segment();
                    short min = Short.MAX_VALUE;
                    short max = Short.MIN_VALUE;
                    for (int s = 0; s < 300; s++) {
                        short v = m.get(S16, s * 4L);
                        min = (short) Math.min(min, v);
                        max = (short) Math.max(max, v);
                        if (s >= 100) {
                            assertEquals(m.get(S16, (s - 100) * 4L), v, w + " repeats every 100 samples");
                        }
                    }
                    assertEquals(32767, max, w);
                    assertEquals(-32767, min, w);
                    boolean differ = false;
                    for (int s = 0; s < 100; s++) {
                        differ |= m.get(S16, s * 4L) != m.get(S16, s * 4L + 2);
                    }
                    assertTrue(differ, w + ": channels are phase-shifted");
                    for (int s = 0; s < 200; s++) {
                        assertEquals(m.get(S16, (s + 25) * 4L), m.get(S16, s * 4L + 2),
                                w + ": voltage1 leads voltage0 by a quarter period");
                    }
                }
            }
        }
    }

    @Test
    void loopbackAdcSeesExactlyWhatTheDacPlays() {
        try (Context ctx = Context.open("sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            Device dac = ctx.requireDevice("sim-dac");
            try (BlockQueue in = adc.openBuffer(adc.mask("voltage0", "voltage1", "voltage2"));
                 BlockQueue out = dac.openBuffer(dac.mask())) {
                in.allocate(4, 6 * 250).forEach(in::enqueue);
                in.enable();
                List<Block> outs = out.allocate(2, 4 * 500);
                int next = 0;
                for (Block b : outs) {
                    MemorySegment m = b.segment();
                    for (int s = 0; s < 500; s++, next++) {
                        m.set(S16, s * 4L, (short) next);
                        m.set(S16, s * 4L + 2, (short) (10_000 - next));
                    }
                    out.enqueue(b);
                }
                out.enable();
                int seen = 0;
                for (int i = 0; i < 4; i++) {
                    Block b = in.dequeue(5, TimeUnit.SECONDS);
                    MemorySegment m = b.segment();
                    for (int s = 0; s < 250; s++, seen++) {
                        assertEquals((short) seen, m.get(S16, s * 6L), "voltage0 <- dac voltage0");
                        assertEquals((short) (10_000 - seen), m.get(S16, s * 6L + 2), "voltage1 <- dac voltage1");
                        assertEquals((short) seen, m.get(S16, s * 6L + 4), "voltage2 <- dac voltage0");
                    }
                }
                assertEquals(1000, seen);
                out.dequeue(5, TimeUnit.SECONDS);
                out.dequeue(5, TimeUnit.SECONDS);
                assertEquals(2, out.stats().blocksCompleted(), "both DAC blocks played out");
                assertEquals(0, in.stats().overruns());
            }
        }
    }

    @Test
    void cyclicDacBlockRepeatsIntoTheLoopbackUntilDisabled() {
        try (Context ctx = Context.open("sim:sim-adc.waveform=loopback,sim-dac.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            Device dac = ctx.requireDevice("sim-dac");
            try (BlockQueue in = adc.openBuffer(adc.mask("voltage0"));
                 BlockQueue out = dac.openBuffer(dac.mask("voltage0"))) {
                in.allocate(2, 2 * 1000).forEach(in::enqueue);
                in.enable();
                Block pattern = out.allocate(1, 2 * 7).get(0);
                for (int s = 0; s < 7; s++) {
                    pattern.segment().set(S16, s * 2L, (short) (s * 100));
                }
                out.enqueue(pattern, 14, BlockFlags.CYCLIC);
                out.enable();
                int seen = 0;
                for (int i = 0; i < 6; i++) {
                    Block b = in.dequeue(5, TimeUnit.SECONDS);
                    for (int s = 0; s < 1000; s++, seen++) {
                        assertEquals((short) (seen % 7 * 100), b.segment().get(S16, s * 2L));
                    }
                    in.enqueue(b);
                }
                assertEquals(0, out.stats().blocksCompleted(), "a cyclic block never completes by itself");
                out.disable();
                Block back = out.dequeue(1, TimeUnit.SECONDS);
                assertEquals(0, back.bytesUsed(), "disable aborts the cyclic block");
                assertEquals(1, out.stats().blocksAborted());
                assertEquals("0", dac.requireChannel("voltage0").requireAttribute("raw").read(), "last played scan 0 = 0");
            }
        }
    }

    @Test
    void pacedDacCountsUnderrunsWhenFedLate() throws Exception {
        try (Context ctx = Context.open("sim:sim-dac.sampling_frequency=100000")) {
            Device dac = ctx.requireDevice("sim-dac");
            try (BlockQueue out = dac.openBuffer(dac.mask())) {
                List<Block> bs = out.allocate(2, 4 * 100); // 1 ms each
                out.enable();
                out.enqueue(bs.get(0));
                out.dequeue(5, TimeUnit.SECONDS);
                Thread.sleep(30);
                out.enqueue(bs.get(1));
                out.dequeue(5, TimeUnit.SECONDS);
                assertEquals(1, out.stats().underruns());
                long gap = out.stats().underrunScans();
                assertTrue(gap >= 2000 && gap < 20000, "about 30 ms of silence at 100 kHz, got " + gap);
            }
        }
    }

    @Test
    void debugRegistersFollowTheDirectRegAccessProtocol() {
        try (Context ctx = Context.open("sim:")) {
            var reg = ctx.requireDevice("sim-adc").requireAttribute(AttributeKind.DEBUG, "direct_reg_access");
            reg.write("0");
            assertEquals("0xADC0", reg.read(), "register 0 holds the chip id");
            reg.write("0x10 0xdeadbeef");
            assertEquals("0xDEADBEEF", reg.read());
            reg.write("0");
            reg.write("16");
            assertEquals("0xDEADBEEF", reg.read(), "decimal addresses select too");
            assertErrno(Errno.EINVAL, "out of range", () -> reg.write("0x100"));
            assertErrno(Errno.EINVAL, "not a number", () -> reg.write("0xZZ"));
            assertErrno(Errno.EINVAL, "does not fit 32 bits", () -> reg.write("1 0x1FFFFFFFF"));
            assertErrno(Errno.EINVAL, "expected 'ADDR' or 'ADDR VALUE'", () -> reg.write("1 2 3"));
        }
    }

    @Test
    void rawReadsFollowTheCapture() {
        try (Context ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0")) {
            Device adc = ctx.requireDevice("sim-adc");
            assertEquals("2", adc.requireChannel("voltage2").requireAttribute("raw").read(), "sample 0 of index 2");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                q.allocate(1, 2 * 50).forEach(q::enqueue);
                q.enable();
                q.dequeue(5, TimeUnit.SECONDS);
            }
            assertEquals("51", adc.requireChannel("voltage1").requireAttribute("raw").read(), "next sample is 50, index 1");
        }
    }
}
