package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The binary protocol lets a server answer blocks on their own client ids in any order. A fake
 * server answers every batch of four TRANSFER_BLOCKs in reverse: jiio's client still hands the
 * blocks to the application in the order it queued them (the DmaEngine contract).
 */
@Timeout(30)
class OutOfOrderResponsesTest {
    private static final int BLOCKS = 4;
    private static final int BLOCK_BYTES = 64;

    @Test
    void blocksCompleteInSubmitOrderWhateverTheResponseOrder() throws Exception {
        String xml;
        try (Context sim = Context.open("sim:")) {
            xml = ContextXml.of(sim);
        }
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread fake = Thread.ofPlatform().daemon().start(() -> serve(listener, xml));
            try (Context net = Context.open("ip:127.0.0.1:" + listener.getLocalPort() + ",protocol=binary")) {
                Device adc = net.requireDevice("sim-adc");
                try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                    q.allocate(BLOCKS, BLOCK_BYTES).forEach(q::enqueue);
                    q.enable();
                    for (int seq = 0; seq < 100; seq++) {
                        Block b = q.dequeue(10, TimeUnit.SECONDS);
                        assertEquals(BLOCK_BYTES, b.bytesUsed());
                        assertEquals((short) seq, q.map(b).get(ValueLayout.JAVA_SHORT_UNALIGNED, 0),
                                "block " + seq + " in the order it was queued");
                        q.enqueue(b);
                    }
                }
            }
            fake.interrupt();
        }
    }

    /** Control and data connections, one thread each, until the client leaves. */
    private static void serve(ServerSocket listener, String xml) {
        try {
            while (true) {
                Socket s = listener.accept();
                Thread.ofPlatform().daemon().start(() -> session(s, xml));
            }
        } catch (IOException e) {
            // listener closed
        }
    }

    private static void session(Socket s, String xml) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            String line;
            while (!(line = readLine(in)).equals("BINARY")) {
                if (line.equals("VERSION")) {
                    out.write("0.24.fake000\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write("-22\n".getBytes(StandardCharsets.US_ASCII)); // as iiod answers what it does not know
                }
            }
            out.write("0\n".getBytes(StandardCharsets.US_ASCII));
            List<int[]> pending = new ArrayList<>(); // {client id, sequence number}
            int seq = 0;
            byte[] h = new byte[MessageHeader.LENGTH];
            while (true) {
                in.readFully(h);
                ByteBuffer hb = ByteBuffer.wrap(h).order(MessageHeader.ORDER);
                int id = MessageHeader.clientId(hb, 0);
                switch (MessageHeader.op(hb, 0)) {
                    case Opcode.PRINT -> respond(out, id, xml.getBytes(StandardCharsets.UTF_8));
                    case Opcode.OPEN_BUFFER -> {
                        byte[] mask = new byte[4];
                        in.readFully(mask);
                        respond(out, id, mask);
                    }
                    case Opcode.CREATE_BLOCK -> {
                        in.readFully(new byte[8]);
                        status(out, id, 0);
                    }
                    case Opcode.TRANSFER_BLOCK -> {
                        in.readFully(new byte[8]);
                        pending.add(new int[] {id, seq++});
                        if (pending.size() == BLOCKS) {
                            for (int i = pending.size() - 1; i >= 0; i--) {
                                ByteBuffer data = ByteBuffer.allocate(BLOCK_BYTES).order(MessageHeader.ORDER);
                                for (int k = 0; k < BLOCK_BYTES; k += 2) {
                                    data.putShort(k, (short) pending.get(i)[1]);
                                }
                                respond(out, pending.get(i)[0], data.array());
                            }
                            pending.clear();
                        }
                    }
                    default -> status(out, id, 0); // ENABLE, CLOSE, TIMEOUT, …
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client left
        }
    }

    private static void status(OutputStream out, int id, int code) throws IOException {
        out.write(BinaryTestClient.header(id, Opcode.RESPONSE, 0, code));
    }

    private static void respond(OutputStream out, int id, byte[] data) throws IOException {
        out.write(BinaryTestClient.header(id, Opcode.RESPONSE, 0, data.length));
        out.write(data);
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
