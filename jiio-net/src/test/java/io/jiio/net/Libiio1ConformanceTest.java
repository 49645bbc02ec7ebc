package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanFormat;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libiio 1.x's rules, written down as facts so that CI (which has only libiio 0.24) guards them:
 * numbering by sorted ids and names, REG_WRITE's framing, TIMEOUT's resolved values, PRINT in
 * zstd with version 1.0. Each was found wrong against libiio main's own tools.
 */
@Timeout(30)
class Libiio1ConformanceTest {
    private static final int ADC = 0;

    private static final io.jiio.model.AttributeIo NO_IO = new io.jiio.model.AttributeIo() {
        @Override
        public String read(Attribute a) {
            return "";
        }

        @Override
        public void write(Attribute a, String value) {
        }
    };

    private static Attribute plain(String name) {
        return new Attribute(AttributeKind.DEVICE, name, null, NO_IO);
    }

    @Test
    void devicesAreNumberedByIdComparedBytewiseAndAttributesByName() {
        Device d2 = new Device("iio:device2", "b", null, false, false, List.of(), List.of(plain("scale"),
                plain("raw"), plain("offset"), plain("Zeta")), List.of(), List.of());
        Device d10 = new Device("iio:device10", "a", null, false, false, List.of(), List.of(), List.of(), List.of());
        Device t = new Device("trigger0", "t", null, true, false, List.of(), List.of(), List.of(), List.of());
        LibiioIndex idx = LibiioIndex.of(List.of(t, d2, d10));
        assertEquals(List.of(d10, d2, t), idx.devices(), "strcmp: iio:device10 before iio:device2");
        assertEquals(List.of("Zeta", "offset", "raw", "scale"),
                idx.attributes(d2, AttributeKind.DEVICE).stream().map(Attribute::name).toList(),
                "strcmp: upper case first");
    }

    @Test
    void channelsAreNumberedByScanIndexThenShiftWithTheOthersAfterInTheirOrder() {
        ScanFormat f = ScanFormat.parse("le:s12/16>>0");
        ScanFormat shifted = ScanFormat.parse("le:s12/16>>4");
        Channel x = new Channel("x", null, null, Direction.INPUT, -1, null, List.of());
        Channel c2 = new Channel("b", null, null, Direction.INPUT, 2, f, List.of());
        Channel c1hi = new Channel("a_hi", null, null, Direction.INPUT, 1, shifted, List.of());
        Channel c1 = new Channel("a", null, null, Direction.INPUT, 1, f, List.of());
        Channel y = new Channel("y", null, null, Direction.INPUT, -1, null, List.of());
        Device d = new Device("iio:device0", "d", null, false, true, List.of(x, c2, c1hi, c1, y), List.of(), List.of(),
                List.of());
        LibiioIndex idx = LibiioIndex.of(List.of(d));
        assertEquals(List.of(c1, c1hi, c2, x, y), idx.channels(d));
        assertEquals(1, idx.modelPosition(d, 2), "libiio's channel 2 is the model's position 1");
        assertEquals(0, idx.libiioNumber(d, 3), "the model's position 3 is libiio's channel 0");
    }

    private static ServedSim serve() {
        return ServedSim.start("sim:sim-adc.waveform=counter");
    }

    @Test
    void channelAttributesAreAddressedInNameOrder() throws Exception {
        try (ServedSim s = serve(); BinaryTestClient c = new BinaryTestClient(s.server())) {
            int v1 = 1; // voltage1 is scan index 1: libiio's channel 1
            // sim's voltage1 lists raw, scale, offset; libiio numbers offset 0, raw 1, scale 2
            assertEquals("0", c.callData(Opcode.READ_CHN_ATTR, ADC, MessageHeader.attrCode(0, v1)).text());
            assertEquals("1", c.callData(Opcode.READ_CHN_ATTR, ADC, MessageHeader.attrCode(1, v1)).text().trim());
            assertEquals(s.ctx().requireDevice("sim-adc").requireChannel("voltage1").requireAttribute("scale").read(),
                    c.callData(Opcode.READ_CHN_ATTR, ADC, MessageHeader.attrCode(2, v1)).text());
        }
    }

    @Test
    void regWriteCarriesFourBytesAndRegReadAnswersFour() throws Exception {
        try (ServedSim s = serve(); BinaryTestClient c = new BinaryTestClient(s.server())) {
            byte[] value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x55).array();
            c.send(0, Opcode.REG_WRITE, ADC, 0x10, value); // no length: the value follows the header
            assertEquals(0, c.response(false).code());
            BinaryTestClient.Response r = c.callData(Opcode.REG_READ, ADC, 0x10);
            assertEquals(4, r.code());
            assertEquals(0x55, ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN).getInt());
            assertEquals(0, c.call(Opcode.NOP, 0, 0), "still in step after REG_WRITE");
        }
    }

    @Test
    void timeoutTakesLibiiosResolvedValues() throws Exception {
        try (ServedSim s = serve(); BinaryTestClient c = new BinaryTestClient(s.server())) {
            assertEquals(0, c.call(Opcode.TIMEOUT, 0, -1), "-1: for ever");
            assertEquals(0, c.call(Opcode.TIMEOUT, 0, Integer.MIN_VALUE), "INT_MIN: non-blocking");
            assertEquals(0, c.call(Opcode.TIMEOUT, 0, 0), "0: the server's default");
            assertEquals(0, c.call(Opcode.TIMEOUT, 0, 1500));
            assertEquals(-22, c.call(Opcode.TIMEOUT, 0, -5));
        }
    }

    @Test
    void printIsOneZstdFrameOfTheXmlWithVersionOne() throws Exception {
        try (ServedSim s = serve(); BinaryTestClient c = new BinaryTestClient(s.server())) {
            byte[] data = c.callData(Opcode.PRINT, 0, 0).data();
            assertEquals(0xFD2FB528, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(), "zstd magic");
            String xml = new String(Zstd.decompress(data, "PRINT"), StandardCharsets.UTF_8);
            assertTrue(xml.contains("version-major=\"1\" version-minor=\"0\""), xml.substring(0, 900));
        }
    }

    @Test
    void aContextLargerThanLibiiosPrintBufferFitsCompressed() {
        // libiio 1.x reads PRINT into 64 KiB: a 40-device context (≈140 KB of XML) must fit compressed.
        StringBuilder big = new StringBuilder();
        try (Context sim = Context.open("sim:")) {
            String one = ContextXml.of(sim);
            for (int i = 0; i < 40; i++) {
                big.append(one.replace("iio:device", "iio:device" + i + "_")); // 40 similar devices, as a board has
            }
        }
        byte[] plain = big.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(plain.length > 128 * 1024);
        assertTrue(Zstd.compress(plain).length < 64 * 1024);
    }

    /**
     * iiod dequeues one block at a time and times each dequeue from its start: four 300 ms blocks
     * queued at once all come back within a 500 ms TIMEOUT, though the last takes 1.2 s in all.
     */
    @Test
    void eachDequeueHasItsOwnTimeout() throws Exception {
        try (ServedSim s = ServedSim.start("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=1000");
             BinaryTestClient c = new BinaryTestClient(s.server())) {
            assertEquals(0, c.call(Opcode.TIMEOUT, 0, 500));
            assertEquals(4, c.open(ADC, 5, 0));
            for (int b = 0; b < 4; b++) {
                assertEquals(0, c.createBlock(ADC, b, 2 * 300));
            }
            assertEquals(0, c.call(Opcode.ENABLE_BUFFER, ADC, 0));
            for (int b = 0; b < 4; b++) {
                c.send(b + 1, Opcode.TRANSFER_BLOCK, ADC, MessageHeader.blockCode(0, b), BinaryTestClient.u64(600));
            }
            for (int b = 0; b < 4; b++) {
                BinaryTestClient.Response r = c.response(true);
                assertEquals(600, r.code(), "block " + b + " (client id " + r.clientId() + ") came back, not -110");
            }
        }
    }

    /**
     * libiio 1.x opens a buffer on a connection of its own but sends FREE_BLOCK and CLOSE_BUFFER on
     * the context's connection; its iiod keeps one buffer list, so they work from there.
     */
    @Test
    void aBufferOpenedOnOneConnectionIsFreedAndClosedFromAnother() throws Exception {
        try (ServedSim s = serve(); BinaryTestClient context = new BinaryTestClient(s.server());
             BinaryTestClient data = new BinaryTestClient(s.server())) {
            for (int round = 0; round < 20; round++) {
                assertEquals(4, data.open(ADC, 5, 0), "round " + round);
                assertEquals(0, data.createBlock(ADC, 0, 4096));
                context.send(1, Opcode.FREE_BLOCK, ADC, MessageHeader.blockCode(0, 0));
                assertEquals(0, context.response(false).code(), "FREE_BLOCK from the context connection");
                assertEquals(0, context.call(Opcode.CLOSE_BUFFER, ADC, 0), "CLOSE_BUFFER from the context connection");
                assertEquals(0, s.server().openBufferCount(), "the device is free at once");
            }
            assertEquals(-9, context.call(Opcode.CLOSE_BUFFER, ADC, 0), "nothing open: EBADF");
        }
    }
}
