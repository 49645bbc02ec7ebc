package io.jiio.net;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal iiod text-protocol client over a loopback socket, for the tests. */
final class TestClient implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    TestClient(IiodServer server) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void sendBytes(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Sends a command as libiio does (CR LF) and reads the integer reply. */
    long command(String line) throws IOException {
        send(line + "\r\n");
        return readInt();
    }

    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("server closed after '" + b + "'");
            }
            if (c == '\n') {
                return b.toString(StandardCharsets.UTF_8);
            }
            b.write(c);
        }
    }

    long readInt() throws IOException {
        return Long.parseLong(readLine().trim());
    }

    byte[] readBytes(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** READ …: the value text (the trailing newline consumed), or null with the error in {@code code[0]}. */
    String read(String args) throws IOException {
        long n = command("READ " + args);
        if (n < 0) {
            lastError = n;
            return null;
        }
        String v = new String(readBytes((int) n), StandardCharsets.UTF_8);
        if (in.read() != '\n') {
            throw new IOException("READ reply not ended by a newline");
        }
        return v;
    }

    long lastError;

    /** WRITE …: sends {@code value} (with a NUL, as libiio does) and returns the reply. */
    long write(String args, String value) throws IOException {
        byte[] v = (value + "\0").getBytes(StandardCharsets.UTF_8);
        send("WRITE " + args + " " + v.length + "\r\n");
        sendBytes(v);
        return readInt();
    }

    /** Whether the server closed this connection (reads until EOF or timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
