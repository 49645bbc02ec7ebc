package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The POSITION extension over the binary protocol: a 24-byte {@link PositionRecord} leads each
 * finished block's response on a connection that negotiated it, and only there. Input positions
 * agree with the sim's counter (voltage0 of scan n reads {@code (short) n}), including across the
 * overruns a client's stalls cause; an output block's underrun reaches its record.
 */
@Timeout(60)
class BinaryPositionTest {
    private static final int ADC = 0;
    private static final int DAC = 1;
    private static final int BLOCKS = 4;
    private static final int SCANS = 4096;

    private ServedSim sim;
    private IiodServer server;
    private Context ctx;

    private void serve(String uri) {
        sim = ServedSim.start(uri);
        server = sim.server();
        ctx = sim.ctx();
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private BinaryTestClient negotiated() throws IOException {
        BinaryTestClient c = new BinaryTestClient(server, false);
        assertEquals(0, c.text("EXTENSION POSITION"));
        assertEquals(0, c.text("extension position"), "case-insensitive, and asking again is harmless");
        assertEquals(-22, c.text("EXTENSION TELEPORT"), "an unknown extension");
        assertEquals(0, c.binary());
        return c;
    }

    private static void startInput(BinaryTestClient c) throws IOException {
        assertEquals(4, c.open(ADC, 5, 0));
        for (int b = 0; b < BLOCKS; b++) {
            assertEquals(0, c.createBlock(ADC, b, SCANS * 2L));
        }
        assertEquals(0, c.call(Opcode.ENABLE_BUFFER, ADC, 0));
    }

    private static void transfer(BinaryTestClient c, int b) throws IOException {
        c.send(b + 1, Opcode.TRANSFER_BLOCK, ADC, MessageHeader.blockCode(0, b), BinaryTestClient.u64(SCANS * 2L));
    }

    @Test
    void withoutNegotiationResponsesAreLibiios() throws IOException {
        serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0,sim-dac.sampling_frequency=0");
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            startInput(c);
            transfer(c, 0);
            BinaryTestClient.Response r = c.response(true);
            assertEquals(SCANS * 2, r.code(), "code = sample bytes, no record");
            assertEquals(0, ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN).getShort(0), "scan 0 first");
        }
    }

    @Test
    void inputRecordsAgreeWithTheCounterAcrossOverruns() throws Exception {
        serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000");
        Random rnd = new Random(7);
        try (BinaryTestClient c = negotiated()) {
            startInput(c);
            for (int b = 0; b < BLOCKS; b++) {
                transfer(c, b);
            }
            long next = 0;
            long delivered = 0;
            long lost = 0;
            int episodes = 0;
            long lastTs = 0;
            for (int i = 0; i < 120; i++) {
                int b = i % BLOCKS;
                BinaryTestClient.Response r = c.response(true);
                assertEquals(b + 1, r.clientId());
                assertEquals(PositionRecord.LENGTH + SCANS * 2, r.code(), "code = 24 + sample bytes");
                ByteBuffer d = ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN);
                long first = PositionRecord.firstScan(d, 0);
                long before = PositionRecord.lostBefore(d, 0);
                long ts = PositionRecord.timestampNs(d, 0);
                assertTrue(before >= 0, "the sim counts its overruns");
                assertEquals(next + before, first, "block " + i + ": firstScan = last end + lostBefore");
                for (int s = 0; s < SCANS; s++) {
                    short v = d.getShort(PositionRecord.LENGTH + 2 * s);
                    if (v != (short) (first + s)) {
                        throw new AssertionError("block " + i + " scan " + s + " reads " + v + ", the counter says "
                                + (short) (first + s) + ": a gap not where the record put it");
                    }
                }
                assertTrue(ts > lastTs, "timestamps go forward");
                lastTs = ts;
                next = first + SCANS;
                delivered += SCANS;
                lost += before;
                episodes += before > 0 ? 1 : 0;
                if (i % 10 == 9) {
                    Thread.sleep(30 + rnd.nextInt(120)); // 20 ms of blocks: this stall overruns
                }
                transfer(c, b);
            }
            assertEquals(next, delivered + lost, "delivered + lost = produced");
            assertTrue(episodes > 0, "the stalls overran and were reported");
        }
    }

    @Test
    void anOutputUnderrunReachesTheRecord() throws Exception {
        serve("sim:sim-dac.sampling_frequency=200000");
        try (BinaryTestClient c = negotiated()) {
            int channels = ctx.devices().get(DAC).channels().size();
            int scanBytes = 4;
            assertEquals(4, c.open(DAC, channels, 0, 1));
            assertEquals(0, c.createBlock(DAC, 0, SCANS * scanBytes));
            assertEquals(0, c.createBlock(DAC, 1, SCANS * scanBytes));
            assertEquals(0, c.call(Opcode.ENABLE_BUFFER, DAC, 0));
            byte[] samples = new byte[SCANS * scanBytes];
            long next = -1;
            long underrun = 0;
            for (int i = 0; i < 12; i++) {
                int b = i % 2;
                c.send(b + 1, Opcode.TRANSFER_BLOCK, DAC, MessageHeader.blockCode(0, b),
                        BinaryTestClient.u64(samples.length), samples);
                if (i == 0) {
                    continue; // two blocks in flight
                }
                BinaryTestClient.Response r = c.response(true);
                assertEquals(PositionRecord.LENGTH, r.code(), "a played block: code = 24, the record");
                ByteBuffer d = ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN);
                long first = PositionRecord.firstScan(d, 0);
                long before = PositionRecord.lostBefore(d, 0);
                assertTrue(before >= 0, "the sim counts its underruns");
                if (next >= 0) {
                    assertEquals(next + before, first, "played block: firstScan = last end + underrun");
                }
                next = first + SCANS;
                underrun += before;
                if (i == 6) {
                    Thread.sleep(100); // the device runs dry: 20 ms of samples queued
                }
            }
            assertTrue(underrun > 0, "the stall's underrun was reported");
        }
    }
}
