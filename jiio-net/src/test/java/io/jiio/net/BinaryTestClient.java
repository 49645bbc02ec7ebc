package io.jiio.net;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A bare binary-protocol client for the tests: frames requests by hand, reads responses one by one. */
final class BinaryTestClient implements AutoCloseable {
    /** One response: its client id, code and data (when the test asked to read some). */
    record Response(int clientId, int op, int code, byte[] data) {
        String text() {
            int end = data.length;
            while (end > 0 && data[end - 1] == 0) {
                end--;
            }
            return new String(data, 0, end, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects and switches to binary; fails unless the server answers BINARY with 0. */
    BinaryTestClient(IiodServer server) throws IOException {
        this(server, true);
    }

    BinaryTestClient(IiodServer server, boolean handshake) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        if (handshake) {
            long r = binary();
            if (r != 0) {
                throw new IOException("BINARY answered " + r);
            }
        }
    }

    /** Sends BINARY\r\n and returns the integer reply. */
    long binary() throws IOException {
        return text("BINARY");
    }

    /** Sends a text-mode command (before BINARY) and returns its integer reply. */
    long text(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed");
            }
            b.append((char) c);
        }
        return Long.parseLong(b.toString().trim());
    }

    static byte[] header(int clientId, int op, int dev, int code) {
        ByteBuffer b = ByteBuffer.allocate(MessageHeader.LENGTH).order(MessageHeader.ORDER);
        MessageHeader.put(b, 0, clientId, op, dev, code);
        return b.array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(MessageHeader.ORDER).putLong(0, v).array();
    }

    void send(int clientId, int op, int dev, int code, byte[]... payload) throws IOException {
        out.write(header(clientId, op, dev, code));
        for (byte[] p : payload) {
            out.write(p);
        }
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one response; its data too when the code is positive and {@code withData}. */
    Response response(boolean withData) throws IOException {
        byte[] h = new byte[MessageHeader.LENGTH];
        in.readFully(h);
        ByteBuffer b = ByteBuffer.wrap(h).order(MessageHeader.ORDER);
        int code = MessageHeader.code(b, 0);
        byte[] data = new byte[0];
        if (withData && code > 0) {
            data = new byte[code];
            in.readFully(data);
        }
        return new Response(MessageHeader.clientId(b, 0), MessageHeader.op(b, 0), code, data);
    }

    /** A request without payload whose response is a status: returns the code. */
    int call(int op, int dev, int code) throws IOException {
        send(0, op, dev, code);
        return response(false).code();
    }

    Response callData(int op, int dev, int code) throws IOException {
        send(0, op, dev, code);
        return response(true);
    }

    /** OPEN_BUFFER 0 with the given channel positions enabled; returns the response code. */
    int open(int dev, int channels, int... positions) throws IOException {
        ByteBuffer m = ByteBuffer.allocate((channels + 31) / 32 * 4).order(MessageHeader.ORDER);
        for (int p : positions) {
            m.putInt(p / 32 * 4, m.getInt(p / 32 * 4) | 1 << (p % 32));
        }
        send(0, Opcode.OPEN_BUFFER, dev, 0, m.array());
        Response r = response(true);
        return r.code();
    }

    int createBlock(int dev, int block, long size) throws IOException {
        send(block + 1, Opcode.CREATE_BLOCK, dev, MessageHeader.blockCode(0, block), u64(size));
        return response(false).code();
    }

    /** Whether the server closed this connection (reads until EOF or timeout). */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    DataInputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
