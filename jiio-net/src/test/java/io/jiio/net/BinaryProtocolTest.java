package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every opcode the server implements, framed by hand as libiio 1.x (main, 2026 numbering) frames it. */
@Timeout(30)
class BinaryProtocolTest {
    private static final int ADC = 0;
    private static final int DAC = 1;
    private static final int TRIGGER = 2;

    private Context ctx;
    private IiodServer server;

    @BeforeEach
    void start() {
        ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0,sim-dac.sampling_frequency=0");
        server = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
        ctx.close();
    }

    private Device adc() {
        return ctx.devices().get(ADC);
    }

    /** An attribute's number as libiio 1.x gives it: its place in the list sorted by name. */
    private static int index(List<Attribute> list, String name) {
        List<String> names = list.stream().map(Attribute::name).sorted().toList();
        int i = names.indexOf(name);
        if (i < 0) {
            throw new AssertionError("no attribute " + name);
        }
        return i;
    }

    @Test
    void devicesAreAddressedInXmlOrder() {
        assertEquals("sim-adc", ctx.devices().get(ADC).name());
        assertEquals("sim-dac", ctx.devices().get(DAC).name());
        assertEquals("sim-trigger", ctx.devices().get(TRIGGER).name());
    }

    @Test
    void binaryIsAnsweredZeroThenHeadersFollow() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            BinaryTestClient.Response r = c.callData(Opcode.PRINT, 0, 0);
            assertEquals(Opcode.RESPONSE, r.op());
            assertEquals(0, r.clientId());
            // zstd-compressed, as libiio 1.x's iiod answers, and the version is 1.0
            String xml = new String(Zstd.decompress(r.data(), "PRINT"), StandardCharsets.UTF_8);
            assertEquals(ContextXml.of(ctx, 1, 0), xml);
            assertTrue(xml.startsWith("<?xml"), xml);
        }
    }

    @Test
    void responsesEchoTheClientId() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            c.send(4242, Opcode.NOP, 0, 0);
            BinaryTestClient.Response r = c.response(false);
            assertEquals(4242, r.clientId());
            assertEquals(0, r.code());
            c.send(65535, Opcode.TIMEOUT, 0, 1000);
            assertEquals(65535, c.response(false).clientId());
        }
    }

    @Test
    void timeout() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            assertEquals(0, c.call(Opcode.TIMEOUT, 0, 2500));
            assertEquals(-Errno.EINVAL.code(), c.call(Opcode.TIMEOUT, 0, -5));
        }
    }

    @Test
    void readAndWriteEveryAttributeKind() throws IOException {
        Device adc = adc();
        int freq = index(adc.attributes(), "sampling_frequency");
        int waveform = index(adc.attributes(), "waveform");
        int length = index(adc.bufferAttributes(), "length");
        int reg = index(adc.debugAttributes(), "direct_reg_access");
        int v1 = adc.channels().indexOf(adc.requireChannel("voltage1"));
        int scale = index(adc.channels().get(v1).attributes(), "scale");
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            assertEquals("counter", c.callData(Opcode.READ_ATTR, ADC, MessageHeader.attrCode(waveform, 0)).text());
            assertEquals(adc.requireAttribute(AttributeKind.BUFFER, "length").read(),
                    c.callData(Opcode.READ_BUF_ATTR, ADC, MessageHeader.attrCode(length, 0)).text());
            assertEquals(adc.requireAttribute(AttributeKind.DEBUG, "direct_reg_access").read(),
                    c.callData(Opcode.READ_DBG_ATTR, ADC, MessageHeader.attrCode(reg, 0)).text());

            byte[] v = "48000\0".getBytes(StandardCharsets.UTF_8);
            c.send(0, Opcode.WRITE_ATTR, ADC, MessageHeader.attrCode(freq, 0), BinaryTestClient.u64(v.length), v);
            assertEquals(v.length, c.response(false).code());
            assertEquals("48000", adc.requireAttribute(AttributeKind.DEVICE, "sampling_frequency").read());
            assertEquals("48000", c.callData(Opcode.READ_ATTR, ADC, MessageHeader.attrCode(freq, 0)).text());

            byte[] s = "0.25".getBytes(StandardCharsets.UTF_8);
            c.send(0, Opcode.WRITE_CHN_ATTR, ADC, MessageHeader.attrCode(scale, v1), BinaryTestClient.u64(s.length), s);
            assertEquals(s.length, c.response(false).code());
            assertEquals(0.25, adc.requireChannel("voltage1").scale());
            assertEquals("0.25", c.callData(Opcode.READ_CHN_ATTR, ADC, MessageHeader.attrCode(scale, v1)).text());

            byte[] r = "0x0\0".getBytes(StandardCharsets.UTF_8);
            c.send(0, Opcode.WRITE_DBG_ATTR, ADC, MessageHeader.attrCode(reg, 0), BinaryTestClient.u64(r.length), r);
            assertEquals(r.length, c.response(false).code());

            byte[] w = "512".getBytes(StandardCharsets.UTF_8);
            c.send(0, Opcode.WRITE_BUF_ATTR, ADC, MessageHeader.attrCode(length, 0), BinaryTestClient.u64(w.length), w);
            assertEquals(w.length, c.response(false).code());
            assertEquals("512", c.callData(Opcode.READ_BUF_ATTR, ADC, MessageHeader.attrCode(length, 0)).text());
        }
    }

    @Test
    void badAttributeAddressesAreAnsweredAndTheSessionGoesOn() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            assertEquals(-Errno.ENODEV.code(), c.call(Opcode.READ_ATTR, 200, 0));
            assertEquals(-Errno.ENOENT.code(), c.call(Opcode.READ_ATTR, ADC, MessageHeader.attrCode(999, 0)));
            assertEquals(-Errno.ENOENT.code(), c.call(Opcode.READ_CHN_ATTR, ADC, MessageHeader.attrCode(0, 99)));
            assertEquals(-Errno.ENOENT.code(), c.call(Opcode.READ_DEV_EVT_ATTR, ADC, 0));
            assertEquals(-Errno.ENOENT.code(), c.call(Opcode.READ_CHN_EVT_ATTR, ADC, 0));
            byte[] v = "x".getBytes(StandardCharsets.UTF_8);
            c.send(0, Opcode.WRITE_DEV_EVT_ATTR, ADC, 0, BinaryTestClient.u64(1), v);
            assertEquals(-Errno.ENOENT.code(), c.response(false).code());
            c.send(0, Opcode.WRITE_ATTR, ADC, MessageHeader.attrCode(999, 0), BinaryTestClient.u64(1), v);
            assertEquals(-Errno.ENOENT.code(), c.response(false).code());
            c.send(0, Opcode.WRITE_ATTR, ADC, MessageHeader.attrCode(index(adc().attributes(), "waveform"), 0),
                    BinaryTestClient.u64(1), v);
            assertTrue(c.response(false).code() < 0, "an invalid waveform is refused");
            assertEquals("counter", adc().requireAttribute(AttributeKind.DEVICE, "waveform").read());
            assertEquals(0, c.call(Opcode.NOP, 0, 0), "still in step");
        }
    }

    @Test
    void triggers() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            assertEquals(-Errno.ENODEV.code(), c.call(Opcode.GETTRIG, ADC, 0), "no trigger: -ENODEV, as libiio");
            assertEquals(0, c.call(Opcode.SETTRIG, ADC, TRIGGER));
            assertEquals(TRIGGER, c.call(Opcode.GETTRIG, ADC, 0));
            assertEquals("sim-trigger", adc().trigger().orElseThrow().name());
            assertEquals(0, c.call(Opcode.SETTRIG, ADC, -1));
            assertTrue(adc().trigger().isEmpty());
            assertEquals(-Errno.ENODEV.code(), c.call(Opcode.SETTRIG, ADC, 77));
            assertEquals(-Errno.ENOENT.code(), c.call(Opcode.GETTRIG, TRIGGER, 0));
        }
    }

    @Test
    void notImplementedAndUndefinedOpcodes() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            for (int op : new int[] {Opcode.CREATE_EVSTREAM, Opcode.FREE_EVSTREAM, Opcode.READ_EVENT,
                    Opcode.REFRESH_FORMAT}) {
                assertEquals(-Errno.ENOSYS.code(), c.call(op, ADC, 0), Opcode.name(op));
            }
            assertEquals(-Errno.EINVAL.code(), c.call(33, ADC, 0));
            assertEquals(-Errno.EINVAL.code(), c.call(255, ADC, 0));
            assertEquals(0, c.call(Opcode.NOP, 0, 0));
        }
    }

    @Test
    void openEnableTransferCloseAnInputBuffer() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            // voltage0 + voltage2: 4-byte scans; the counter holds (n + k) for scan index k.
            assertEquals(4, c.open(ADC, 5, 0, 2), "one mask word echoed");
            assertEquals(1, server.openBufferCount());
            for (int b = 0; b < 3; b++) {
                assertEquals(0, c.createBlock(ADC, b, 400));
            }
            assertEquals(0, c.call(Opcode.ENABLE_BUFFER, ADC, 0));
            long n = 0;
            for (int round = 0; round < 5; round++) {
                for (int b = 0; b < 3; b++) {
                    c.send(b + 1, Opcode.TRANSFER_BLOCK, ADC, MessageHeader.blockCode(0, b), BinaryTestClient.u64(400));
                }
                for (int b = 0; b < 3; b++) {
                    BinaryTestClient.Response r = c.response(true);
                    assertEquals(b + 1, r.clientId(), "blocks complete in the order they were queued");
                    assertEquals(400, r.code());
                    ByteBuffer d = ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN);
                    for (int s = 0; s < 100; s++, n++) {
                        assertEquals((short) n, d.getShort(s * 4), "voltage0 of scan " + n);
                        assertEquals((short) (n + 2), d.getShort(s * 4 + 2), "voltage2 of scan " + n);
                    }
                }
            }
            assertEquals(0, c.call(Opcode.DISABLE_BUFFER, ADC, 0));
            c.send(0, Opcode.FREE_BLOCK, ADC, MessageHeader.blockCode(0, 1));
            assertEquals(0, c.response(false).code());
            c.send(0, Opcode.FREE_BLOCK, ADC, MessageHeader.blockCode(0, 1));
            assertEquals(-Errno.EBADF.code(), c.response(false).code());
            assertEquals(0, c.createBlock(ADC, 1, 400), "a freed block's memory is reused");
            assertEquals(0, c.call(Opcode.CLOSE_BUFFER, ADC, 0));
            assertEquals(0, server.openBufferCount());
            assertEquals(-Errno.EBADF.code(), c.call(Opcode.CLOSE_BUFFER, ADC, 0));
        }
    }

    @Test
    void transferAnOutputBlockAndACyclicOne() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            int channels = ctx.devices().get(DAC).channels().size();
            assertEquals(4, c.open(DAC, channels, 0, 1));
            assertEquals(0, c.createBlock(DAC, 0, 4096));
            assertEquals(0, c.createBlock(DAC, 1, 4096));
            assertEquals(0, c.call(Opcode.ENABLE_BUFFER, DAC, 0));
            byte[] samples = new byte[4000];
            for (int round = 0; round < 4; round++) {
                c.send(1, Opcode.TRANSFER_BLOCK, DAC, MessageHeader.blockCode(0, 0), BinaryTestClient.u64(4000), samples);
                c.send(2, Opcode.TRANSFER_BLOCK, DAC, MessageHeader.blockCode(0, 1), BinaryTestClient.u64(2000),
                        new byte[2000]);
                BinaryTestClient.Response first = c.response(false);
                BinaryTestClient.Response second = c.response(false);
                assertEquals(List.of(1, 0), List.of(first.clientId(), first.code()), "played: 0 on block 0's id");
                assertEquals(List.of(2, 0), List.of(second.clientId(), second.code()), "played: 0 on block 1's id");
            }
            // More samples than the block holds: refused before queueing, the samples skipped.
            c.send(1, Opcode.TRANSFER_BLOCK, DAC, MessageHeader.blockCode(0, 0), BinaryTestClient.u64(5000), new byte[5000]);
            assertEquals(MessageHeader.enqueueError(-Errno.EINVAL.code()), c.response(false).code());
            c.send(1, Opcode.ENQUEUE_BLOCK_CYCLIC, DAC, MessageHeader.blockCode(0, 0), BinaryTestClient.u64(400), new byte[400]);
            assertEquals(0, c.response(false).code(), "a cyclic block is answered once queued");
            c.send(1, Opcode.TRANSFER_BLOCK, DAC, MessageHeader.blockCode(0, 0), BinaryTestClient.u64(400), new byte[400]);
            int busy = c.response(false).code();
            assertTrue(MessageHeader.isEnqueueError(busy), "the cyclic block is the device's: " + busy);
            assertEquals(-Errno.EBUSY.code(), busy >> 16);
            assertEquals(0, c.call(Opcode.CLOSE_BUFFER, DAC, 0));
            assertEquals(0, server.openBufferCount());
        }
    }

    @Test
    void aSilentDeviceTimesOutAndRetryDequeueGetsTheBlockLater() throws IOException {
        adc().requireAttribute(AttributeKind.DEVICE, "sampling_frequency").write("1000");
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            assertEquals(0, c.call(Opcode.TIMEOUT, 0, 100));
            assertEquals(4, c.open(ADC, 5, 1), "one mask word echoed");
            assertEquals(0, c.createBlock(ADC, 0, 2 * 500)); // 500 scans at 1 kHz: half a second
            assertEquals(0, c.call(Opcode.ENABLE_BUFFER, ADC, 0));
            c.send(1, Opcode.TRANSFER_BLOCK, ADC, MessageHeader.blockCode(0, 0), BinaryTestClient.u64(1000));
            BinaryTestClient.Response late = c.response(false);
            assertEquals(-Errno.ETIMEDOUT.code(), late.code());
            assertTrue(!MessageHeader.isEnqueueError(late.code()), "queued, but not done in time");
            c.send(1, Opcode.TRANSFER_BLOCK, ADC, MessageHeader.blockCode(0, 0), BinaryTestClient.u64(1000));
            assertEquals(-Errno.EBUSY.code(), c.response(false).code() >> 16, "still with the device");
            assertEquals(0, c.call(Opcode.TIMEOUT, 0, 0));
            c.send(1, Opcode.RETRY_DEQUEUE_BLOCK, ADC, MessageHeader.blockCode(0, 0));
            BinaryTestClient.Response r = c.response(true);
            assertEquals(1000, r.code());
            ByteBuffer d = ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN);
            // The block reached the paced device just after enable, so it may start a sample or two late.
            short first = d.getShort(0);
            assertTrue(first >= 1 && first < 100, "voltage1 of the first scan: " + first);
            assertEquals(first + 499, d.getShort(998), "500 consecutive scans");
            c.send(1, Opcode.RETRY_DEQUEUE_BLOCK, ADC, MessageHeader.blockCode(0, 0));
            assertEquals(-Errno.EINVAL.code(), c.response(false).code(), "nothing left to dequeue");
        }
    }

    @Test
    void badBufferAndBlockAddresses() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            assertEquals(-Errno.EBADF.code(), c.call(Opcode.ENABLE_BUFFER, ADC, 0), "not open");
            assertEquals(-Errno.ENODEV.code(), c.call(Opcode.ENABLE_BUFFER, 99, 0));
            assertEquals(-Errno.EBADF.code(), c.createBlock(ADC, 0, 4096));
            assertEquals(-Errno.EINVAL.code(), c.open(ADC, 5), "no channel enabled");
            assertEquals(4, c.open(ADC, 5, 0));
            assertEquals(-Errno.EBUSY.code(), c.open(ADC, 5, 0), "open already");
            assertEquals(-Errno.EBADF.code(), c.call(Opcode.ENABLE_BUFFER, ADC, 3), "buffer 3 is not open");
            assertEquals(0, c.createBlock(ADC, 0, 4096));
            assertEquals(-Errno.EINVAL.code(), c.createBlock(ADC, 0, 4096), "block 0 exists");
            assertEquals(-Errno.EINVAL.code(), c.createBlock(ADC, 1, 1L << 40), "absurd size");
            assertEquals(-Errno.EINVAL.code(), c.createBlock(ADC, 1, 0));
            c.send(9, Opcode.TRANSFER_BLOCK, ADC, MessageHeader.blockCode(0, 8), BinaryTestClient.u64(64));
            assertEquals(MessageHeader.enqueueError(-Errno.EBADF.code()), c.response(false).code());
            c.send(9, Opcode.TRANSFER_BLOCK, DAC, MessageHeader.blockCode(0, 8), BinaryTestClient.u64(64), new byte[64]);
            assertEquals(MessageHeader.enqueueError(-Errno.EBADF.code()), c.response(false).code(),
                    "the samples for a buffer that is not open are skipped");
            c.send(1, Opcode.RETRY_DEQUEUE_BLOCK, ADC, MessageHeader.blockCode(0, 5));
            assertEquals(-Errno.EBADF.code(), c.response(false).code());
            assertEquals(0, c.call(Opcode.NOP, 0, 0), "still in step");
        }
        assertEquals(0, ServerAwait.openBuffers(server), "leaving frees the buffer");
    }

    @Test
    void aDeviceHasOneReaderAcrossBothProtocols() throws IOException {
        try (BinaryTestClient binary = new BinaryTestClient(server);
             BinaryTestClient other = new BinaryTestClient(server);
             TestClient text = new TestClient(server)) {
            assertEquals(4, binary.open(ADC, 5, 0));
            assertEquals(-Errno.EBUSY.code(), other.open(ADC, 5, 0), "another binary client");
            assertEquals(-Errno.EBUSY.code(), text.command("OPEN sim-adc 64 00000001"), "a text client");
            assertEquals(0, binary.call(Opcode.CLOSE_BUFFER, ADC, 0));
            assertEquals(0, text.command("OPEN sim-adc 64 00000001"));
            assertEquals(-Errno.EBUSY.code(), other.open(ADC, 5, 0), "now the text client has it");
            assertEquals(4, other.open(DAC, 2, 0), "other devices are free");
        }
        assertEquals(0, ServerAwait.openBuffers(server));
    }

    @Test
    void theOpenedMaskIsEchoed() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            ByteBuffer m = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0b10011);
            c.send(7, Opcode.OPEN_BUFFER, ADC, 0, m.array());
            BinaryTestClient.Response r = c.response(true);
            assertEquals(7, r.clientId());
            assertArrayEquals(m.array(), r.data());
        }
    }

    @Test
    void aTextOnlyServerAnswersEnosysAndStaysInText() throws IOException {
        try (IiodServer text = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0,
                ServerConfig.defaults().textOnly());
             TestClient c = new TestClient(text)) {
            assertEquals(-Errno.ENOSYS.code(), c.command("BINARY"));
            c.send("VERSION\r\n");
            assertEquals("0.24.jiio000", c.readLine());
        }
        assertTrue(ServerConfig.defaults().offerBinary());
    }
}
