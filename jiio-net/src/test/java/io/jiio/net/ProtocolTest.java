package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
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

/** Every command of the text protocol through a loopback socket, as libiio 0.24 sends them. */
@Timeout(30)
class ProtocolTest {
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

    @Test
    void versionIsThreeFieldsLibiioParses() throws IOException {
        try (TestClient c = new TestClient(server)) {
            c.send("VERSION\r\n");
            assertEquals("0.24.jiio000", c.readLine());
        }
    }

    @Test
    void printSendsTheAnnouncedLengthThenANewline() throws IOException {
        try (TestClient c = new TestClient(server)) {
            long n = c.command("PRINT");
            String xml = new String(c.readBytes((int) n), StandardCharsets.UTF_8);
            assertEquals('\n', c.input().read());
            assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE context ["), xml);
            assertTrue(xml.endsWith("</context>"));
            assertEquals("0.24.jiio000", version(c));
        }
    }

    @Test
    void helpListsTheCommands() throws IOException {
        try (TestClient c = new TestClient(server)) {
            c.send("HELP\r\n");
            assertEquals("Available commands:", c.readLine());
            String line;
            StringBuilder all = new StringBuilder();
            while (!(line = c.readLine()).contains("BUFFERS_COUNT <count>")) {
                all.append(line).append('\n');
            }
            assertTrue(all.toString().contains("READBUF <device> <bytes_count>"));
            c.readLine();
            assertEquals("0.24.jiio000", version(c));
        }
    }

    @Test
    void unknownAndMalformedLinesGetEinvalAndTheSessionGoesOn() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(-22, c.command("ZPRINT"));
            assertEquals(-22, c.command("FROB sim-adc"));
            assertEquals(-22, c.command("OPEN"));
            assertEquals(-22, c.command("READ"));
            assertEquals(-22, c.command("READ sim-adc a b"));
            assertEquals(-22, c.command("READBUF sim-adc -4"));
            assertEquals(-22, c.command("TIMEOUT soon"));
            assertEquals(-22, c.command("SET sim-adc SOMETHING 3"));
            c.send("\r\n\r\n");
            assertEquals("0.24.jiio000", version(c));
        }
    }

    @Test
    void timeoutIsAccepted() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, c.command("TIMEOUT 2500"));
            assertEquals(0, c.command("timeout 0"));
        }
    }

    @Test
    void readsEveryKindOfAttributeByIdOrName() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals("counter", c.read("sim-adc waveform"));
            assertEquals("counter", c.read("iio:device0 waveform"));
            assertEquals("counter", c.read("sim-adc waveform"));
            c.send("read sim-adc waveform_period\r\n");
            assertEquals(4, c.readInt());
            assertEquals("1000", new String(c.readBytes(4), StandardCharsets.US_ASCII));
            assertEquals('\n', c.input().read());
            assertEquals("0.152587890625", c.read("sim-adc INPUT voltage0 scale"));
            assertEquals("0", c.read("sim-dac OUTPUT voltage1 raw"));
            assertEquals("1024", c.read("sim-adc BUFFER length"));
            assertEquals("0xADC0", c.read("sim-adc DEBUG direct_reg_access"));
            assertEquals("1000", c.read("trigger0 sampling_frequency"));
        }
    }

    @Test
    void readErrorsAreNegativeErrno() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertNull(c.read("sim-adc nope"));
            assertEquals(-2, c.lastError);
            assertNull(c.read("nodev waveform"));
            assertEquals(-19, c.lastError);
            assertNull(c.read("sim-adc OUTPUT voltage0 raw"));
            assertEquals(-2, c.lastError);
            assertNull(c.read("sim-adc INPUT voltage9 raw"));
            assertEquals(-2, c.lastError);
            assertEquals("0.24.jiio000", version(c));
        }
    }

    @Test
    void readAllAttributesUsesLengthPrefixedPaddedValues() throws IOException {
        try (TestClient c = new TestClient(server)) {
            long n = c.command("READ sim-adc");
            ByteBuffer body = ByteBuffer.wrap(c.readBytes((int) n));
            assertEquals('\n', c.input().read());
            List<String> values = Wire.decodeAll(body.array(), 4);
            assertEquals(List.of("0", "counter", "sine square triangle counter loopback static", "1000"), values);
            int first = body.getInt(0);
            assertEquals(2, first, "'0' plus its NUL");
            // The channel form as libiio sends it: an empty attribute name leaves a trailing blank.
            n = c.command("READ sim-adc INPUT voltage1 ");
            List<String> chn = Wire.decodeAll(c.readBytes((int) n), 3);
            assertEquals("0.152587890625", chn.get(1));
            assertEquals('\n', c.input().read());
        }
    }

    @Test
    void writesAnAttributeAndAnswersTheByteCount() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(5, c.write("sim-adc waveform_period", "2000"));
            assertEquals("2000", c.read("sim-adc waveform_period"));
            assertEquals(4, c.write("sim-adc INPUT voltage0 scale", "0.5"));
            assertEquals("0.5", c.read("sim-adc INPUT voltage0 scale"));
            assertEquals(3, c.write("sim-dac OUTPUT voltage1 raw", "77"));
            assertEquals("77", c.read("sim-dac OUTPUT voltage1 raw"));
            assertEquals(-22, c.write("sim-adc waveform", "bogus"));
            assertEquals(-2, c.write("sim-adc nope", "1"));
            assertEquals(-19, c.write("nodev nope", "1"));
            assertEquals("0.24.jiio000", version(c), "the payload of a failed write was consumed");
        }
    }

    @Test
    void writesAllAttributesOfAKind() throws IOException {
        try (TestClient c = new TestClient(server)) {
            ByteBuffer b = ByteBuffer.allocate(64);
            b.putInt(-1);                 // sampling_frequency: leave alone
            b.putInt(5).put("loop\0".getBytes(StandardCharsets.US_ASCII)).put(new byte[3]);
            b.putInt(-1);                 // waveform_available: read-only, skipped
            b.putInt(4).put("512\0".getBytes(StandardCharsets.US_ASCII));
            byte[] body = java.util.Arrays.copyOf(b.array(), b.position());
            c.send("WRITE sim-adc  " + body.length + "\r\n");
            c.sendBytes(body);
            assertEquals(-22, c.readInt(), "'loop' is no waveform");
            b.clear();
            b.putInt(-1).putInt(9).put("triangle\0".getBytes(StandardCharsets.US_ASCII)).put(new byte[3]).putInt(-1)
                    .putInt(4).put("512\0".getBytes(StandardCharsets.US_ASCII));
            body = java.util.Arrays.copyOf(b.array(), b.position());
            c.send("WRITE sim-adc  " + body.length + "\r\n");
            c.sendBytes(body);
            assertEquals(body.length, c.readInt());
            assertEquals("triangle", c.read("sim-adc waveform"));
            assertEquals("512", c.read("sim-adc waveform_period"));
        }
    }

    @Test
    void triggers() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, c.command("GETTRIG sim-adc"));
            assertEquals(0, c.command("SETTRIG iio:device0 trigger0"));
            long n = c.command("GETTRIG sim-adc");
            assertEquals("sim-trigger", new String(c.readBytes((int) n), StandardCharsets.US_ASCII));
            assertEquals('\n', c.input().read());
            assertEquals(0, c.command("SETTRIG sim-adc"));
            assertEquals(0, c.command("GETTRIG sim-adc"));
            assertEquals(-2, c.command("GETTRIG trigger0"));
            assertEquals(-19, c.command("SETTRIG sim-adc nosuch"));
            assertEquals(-22, c.command("SETTRIG sim-adc sim-dac"));
        }
    }

    @Test
    void buffersCount() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, c.command("SET sim-adc BUFFERS_COUNT 8"));
            assertEquals(-22, c.command("SET sim-adc BUFFERS_COUNT 0"));
            assertEquals(-22, c.command("SET sim-adc BUFFERS_COUNT 100000"));
            assertEquals(-19, c.command("SET nodev BUFFERS_COUNT 2"));
            assertEquals(0, c.command("OPEN sim-adc 64 00000001"));
            assertEquals(0, c.command("CLOSE sim-adc"));
        }
    }

    @Test
    void readbufStreamsTheCounterWithoutLossAcrossOddSizes() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, c.command("OPEN sim-adc 256 00000003"));
            long expect = 0;
            int[] sizes = {1024, 1000, 4, 1048, 4000, 2048, 12};
            for (int size : sizes) {
                c.send("READBUF sim-adc " + size + "\r\n");
                int got = 0;
                boolean first = true;
                while (got < size) {
                    long chunk = c.readInt();
                    assertTrue(chunk > 0, "chunk " + chunk);
                    if (first) {
                        assertEquals("00000003", c.readLine());
                        first = false;
                    }
                    ByteBuffer data = ByteBuffer.wrap(c.readBytes((int) chunk)).order(ByteOrder.LITTLE_ENDIAN);
                    while (data.hasRemaining()) {
                        assertEquals((short) expect, data.getShort(), "voltage0 of scan " + expect);
                        assertEquals((short) (expect + 1), data.getShort(), "voltage1 of scan " + expect);
                        expect++;
                    }
                    got += (int) chunk;
                }
            }
            // Not a whole number of scans: the whole ones, then an early end.
            c.send("READBUF sim-adc 10\r\n");
            assertEquals(8, c.readInt());
            assertEquals("00000003", c.readLine());
            ByteBuffer d = ByteBuffer.wrap(c.readBytes(8)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals((short) expect, d.getShort());
            assertEquals(0, c.readInt());
            assertEquals(0, c.command("CLOSE sim-adc"));
            assertEquals(-9, c.command("CLOSE sim-adc"));
            assertEquals(-9, c.command("READBUF sim-adc 64"));
        }
    }

    @Test
    void withTheTimestampTheScanIsSixteenBytes() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, c.command("OPEN iio:device0 16 00000011"));
            assertEquals(256, c.command("READBUF iio:device0 256"));
            assertEquals("00000011", c.readLine());
            ByteBuffer d = ByteBuffer.wrap(c.readBytes(256)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0, d.getShort(0));
            assertEquals(1, d.getShort(16));
            assertTrue(d.getLong(8) != 0, "timestamp");
        }
    }

    @Test
    void openErrors() throws IOException {
        try (TestClient c = new TestClient(server); TestClient other = new TestClient(server)) {
            assertEquals(-22, c.command("OPEN sim-adc 0 00000003"));
            assertEquals(-22, c.command("OPEN sim-adc 16 0003"));
            assertEquals(-22, c.command("OPEN sim-adc 16 000000zz"));
            assertEquals(-22, c.command("OPEN sim-adc 16 00000100"), "bit beyond the 5 channels");
            assertEquals(-22, c.command("OPEN sim-adc 16 00000000"));
            assertEquals(-22, c.command("OPEN sim-adc 16 00000001 CYCLIC"), "cyclic input");
            assertEquals(-12, c.command("OPEN sim-adc 999999999999 00000001"));
            assertEquals(-19, c.command("OPEN nodev 16 00000001"));
            assertEquals(-22, c.command("OPEN trigger0 16 00000000"), "no channels, no mask");
            assertEquals(0, c.command("OPEN sim-adc 16 00000001"));
            assertEquals(-16, c.command("OPEN sim-adc 16 00000001"), "twice in one session");
            assertEquals(0, other.command("OPEN sim-adc 16 00000002"), "readers share a capture");
            assertEquals(0, c.command("CLOSE sim-adc"));
            assertEquals(-16, other.command("OPEN sim-adc 16 00000001"), "twice in the other session");
            assertEquals(0, other.command("CLOSE sim-adc"));
            assertEquals(0, c.command("OPEN sim-dac 16 00000001"));
            assertEquals(-16, other.command("OPEN sim-dac 16 00000001"), "one writer at a time");
        }
    }

    @Test
    void writebufQueuesToTheDacAndTwoRepliesSurvivePipelining() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, c.command("OPEN sim-dac 128 00000003"));
            byte[] data = new byte[512];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) i;
            }
            // Command, payload and the next command in one write, as a pipelining client sends them.
            byte[] cmd = "WRITEBUF sim-dac 512\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] next = "VERSION\r\n".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer all = ByteBuffer.allocate(cmd.length + data.length + next.length).put(cmd).put(data).put(next);
            c.sendBytes(all.array());
            assertEquals(0, c.readInt());
            assertEquals(512, c.readInt());
            assertEquals("0.24.jiio000", c.readLine());
            for (int k = 0; k < 10; k++) {
                assertEquals(0, c.command("WRITEBUF sim-dac 512"));
                c.sendBytes(data);
                assertEquals(512, c.readInt());
            }
            assertEquals(-22, c.command("WRITEBUF sim-dac 513"), "larger than the buffer: refused before the data");
            assertEquals(-22, c.command("WRITEBUF sim-dac 0"));
            assertEquals(-1, c.command("READBUF sim-dac 512"), "an output buffer cannot be read");
            assertEquals(0, c.command("CLOSE sim-dac"));
        }
    }

    @Test
    void cyclicBufferTakesOnePush() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, c.command("OPEN sim-dac 4 00000003 CYCLIC"));
            assertEquals(0, c.command("WRITEBUF sim-dac 16"));
            c.sendBytes(new byte[16]);
            assertEquals(16, c.readInt());
            assertEquals(-16, c.command("WRITEBUF sim-dac 16"));
            assertEquals(0, c.command("CLOSE sim-dac"));
        }
    }

    @Test
    void exitEndsTheSession() throws IOException {
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, c.command("OPEN sim-adc 16 00000001"));
            c.send("EXIT\r\n");
            assertTrue(c.closedByServer());
        }
        try (TestClient c = new TestClient(server)) {
            assertEquals(0, retryOpen(c, "OPEN sim-adc 16 00000001"), "EXIT released the buffer");
        }
    }

    static long retryOpen(TestClient c, String open) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long r;
        while ((r = c.command(open)) == -16 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        return r;
    }

    static String version(TestClient c) throws IOException {
        c.send("VERSION\r\n");
        return c.readLine();
    }

    @Test
    void sessionsAreIndependent() throws IOException {
        try (TestClient a = new TestClient(server); TestClient b = new TestClient(server)) {
            assertEquals(0, a.command("OPEN sim-adc 64 00000001"));
            assertEquals(0, b.command("OPEN sim-dac 64 00000001"));
            assertEquals(128, a.command("READBUF sim-adc 128"));
            assertEquals("00000001", a.readLine());
            assertEquals(128, a.readBytes(128).length);
            assertEquals(2, server.openBufferCount());
        }
    }
}
