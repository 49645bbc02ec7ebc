package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.model.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever a binary client sends or however it leaves, the server survives and frees its buffers. */
@Timeout(60)
class BinaryRobustnessTest {
    private Context ctx;
    private IiodServer server;

    @BeforeEach
    void start() {
        ctx = Context.open("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0,sim-dac.sampling_frequency=0");
        server = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0,
                ServerConfig.defaults().withMaxWriteBytes(1024).withMaxBufferBytes(1 << 20).withDefaultTimeoutMs(500));
    }

    @AfterEach
    void stop() {
        server.close();
        ctx.close();
    }

    /** A fresh client can still stream: the server and the device are fine. */
    private void serverStillStreams() throws IOException {
        assertEquals(0, ServerAwait.openBuffers(server), "every buffer was freed");
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            assertEquals(4, c.open(0, 5, 0));
            assertEquals(0, c.createBlock(0, 0, 256));
            assertEquals(0, c.call(Opcode.ENABLE_BUFFER, 0, 0));
            c.send(1, Opcode.TRANSFER_BLOCK, 0, MessageHeader.blockCode(0, 0), BinaryTestClient.u64(256));
            assertEquals(256, c.response(true).code());
        }
        assertEquals(0, ServerAwait.openBuffers(server));
    }

    @Test
    void truncatedHeaderEndsOnlyThatConnection() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            assertEquals(4, c.open(0, 5, 0, 1));
            c.sendRaw(new byte[] {1, 0, (byte) Opcode.NOP});
            c.socket.shutdownOutput();
            assertTrue(c.closedByServer());
        }
        serverStillStreams();
    }

    @Test
    void clientVanishingMidTransferFreesItsBuffers() throws IOException {
        BinaryTestClient rx = new BinaryTestClient(server);
        assertEquals(4, rx.open(0, 5, 0, 1, 2, 3, 4));
        for (int b = 0; b < 8; b++) {
            assertEquals(0, rx.createBlock(0, b, 64 * 1024));
        }
        assertEquals(0, rx.call(Opcode.ENABLE_BUFFER, 0, 0));
        for (int b = 0; b < 8; b++) {
            rx.send(b + 1, Opcode.TRANSFER_BLOCK, 0, MessageHeader.blockCode(0, b), BinaryTestClient.u64(64 * 1024));
        }
        rx.input().readFully(new byte[1000]); // in the middle of the first block's samples
        BinaryTestClient tx = new BinaryTestClient(server);
        assertEquals(4, tx.open(1, 2, 0, 1));
        assertEquals(0, tx.createBlock(1, 0, 8192));
        tx.send(1, Opcode.TRANSFER_BLOCK, 1, MessageHeader.blockCode(0, 0), BinaryTestClient.u64(8192), new byte[3000]);
        assertEquals(2, server.openBufferCount());
        rx.socket.setSoLinger(true, 0);
        rx.close();
        tx.close();
        serverStillStreams();
    }

    /**
     * CLOSE_BUFFER while blocks are being sent: the server must stop answering before it unmaps the
     * blocks (a write in progress holds their memory), and CLOSE's answer is the buffer's last.
     */
    @Test
    void closingWhileBlocksAreBeingSentIsCleanEveryTime() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            for (int round = 0; round < 100; round++) {
                assertEquals(4, c.open(0, 5, 0, 1, 2, 3, 4));
                for (int b = 0; b < 4; b++) {
                    assertEquals(0, c.createBlock(0, b, 64 * 1024));
                }
                assertEquals(0, c.call(Opcode.ENABLE_BUFFER, 0, 0));
                for (int b = 0; b < 4; b++) {
                    c.send(b + 1, Opcode.TRANSFER_BLOCK, 0, MessageHeader.blockCode(0, b), BinaryTestClient.u64(64 * 1024));
                }
                c.send(0, Opcode.CLOSE_BUFFER, 0, 0);
                BinaryTestClient.Response r;
                int blocks = 0;
                while ((r = c.response(true)).clientId() != 0) {
                    assertEquals(64 * 1024, r.code(), "a whole block, or none");
                    blocks++;
                }
                assertEquals(0, r.code(), "CLOSE_BUFFER in round " + round);
                assertTrue(blocks <= 4);
                assertEquals(0, server.openBufferCount());
            }
        }
        serverStillStreams();
    }

    @Test
    void payloadsOverTheLimitsEndTheConnection() throws IOException {
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            c.send(0, Opcode.WRITE_ATTR, 0, 0, BinaryTestClient.u64(1L << 40));
            assertTrue(c.closedByServer(), "an attribute value over maxWriteBytes cannot be skipped");
        }
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            assertEquals(4, c.open(1, 2, 0, 1));
            assertEquals(-Errno.ENOMEM.code(), c.createBlock(1, 0, 2L << 20), "over maxBufferBytes");
            assertEquals(0, c.createBlock(1, 0, 4096));
            c.send(1, Opcode.TRANSFER_BLOCK, 1, MessageHeader.blockCode(0, 0), BinaryTestClient.u64(-1L));
            assertTrue(c.closedByServer(), "2^64-1 bytes of samples cannot be skipped");
        }
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            c.send(0, Opcode.OPEN_BUFFER, 200, 0, new byte[4]);
            assertEquals(-Errno.ENODEV.code(), c.response(false).code());
            assertTrue(c.closedByServer(), "the mask length of a device that does not exist is unknown");
        }
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            c.send(0, Opcode.RESPONSE, 0, 12);
            assertTrue(c.closedByServer(), "a client does not answer the server");
        }
        serverStillStreams();
    }

    @Test
    void randomBytesAfterBinaryNeverHurtTheServer() throws IOException {
        Random r = new Random(20261122);
        for (int round = 0; round < 40; round++) {
            try (BinaryTestClient c = new BinaryTestClient(server)) {
                if (round % 2 == 0) {
                    assertEquals(4, c.open(round % 4 == 0 ? 0 : 1, round % 4 == 0 ? 5 : 2, 0));
                }
                byte[] junk = new byte[r.nextInt(4000)];
                r.nextBytes(junk);
                c.socket.setSoTimeout(200);
                try {
                    c.sendRaw(junk);
                    c.closedByServer(); // drain what it answers, until it closes or goes quiet
                } catch (IOException e) {
                    // the server may close on us mid-write: fine
                }
            }
        }
        serverStillStreams();
    }

    @Test
    void randomButWellFramedRequestsAreAllAnswered() throws IOException {
        Random r = new Random(7);
        try (BinaryTestClient c = new BinaryTestClient(server)) {
            for (int i = 0; i < 500; i++) {
                // Ops without payloads, any device, any code: each gets exactly one response on its id.
                int[] ops = {Opcode.PRINT, Opcode.TIMEOUT, Opcode.READ_ATTR, Opcode.READ_DBG_ATTR, Opcode.READ_BUF_ATTR,
                        Opcode.READ_CHN_ATTR, Opcode.READ_DEV_EVT_ATTR, Opcode.GETTRIG, Opcode.SETTRIG,
                        Opcode.CLOSE_BUFFER, Opcode.DISABLE_BUFFER, Opcode.FREE_BLOCK, Opcode.RETRY_DEQUEUE_BLOCK,
                        Opcode.NOP, Opcode.READ_EVENT, 40, 99};
                int op = ops[r.nextInt(ops.length)];
                int id = r.nextInt(65536);
                c.send(id, op, r.nextInt(4), r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(8) << 16);
                BinaryTestClient.Response resp = c.response(true);
                assertEquals(id, resp.clientId(), Opcode.name(op));
                assertEquals(Opcode.RESPONSE, resp.op());
            }
        }
        serverStillStreams();
    }
}
