package io.jiio.net;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One client socket: request lines and payloads in, replies out. Input is read through one
 * buffer that is never discarded, so bytes a client pipelines behind a request (the next command,
 * the payload of a WRITE) stay in order. Replies are collected and sent on {@link #flush()} or
 * ahead of bulk data ({@link #writeData}), which goes to the socket straight from the caller's
 * memory.
 */
final class Connection implements AutoCloseable {
    /** A request line longer than the limit: the rest of it cannot be told from the next request. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int limit) {
            super("request line longer than " + limit + " bytes");
        }
    }

    private final SocketChannel channel;
    private final ByteBuffer in;
    private final ByteBuffer out = ByteBuffer.allocate(8192);
    private final String peer;

    Connection(SocketChannel channel, int maxLineBytes) throws IOException {
        this.channel = channel;
        this.in = ByteBuffer.allocate(Math.max(maxLineBytes + 2, 16384));
        this.in.flip();
        this.peer = peerName(channel);
        channel.configureBlocking(true);
        channel.socket().setTcpNoDelay(true);
    }

    /** The client's address as {@code host:port}, for the server's log. */
    String peer() {
        return peer;
    }

    private static String peerName(SocketChannel channel) {
        try {
            return channel.getRemoteAddress() instanceof java.net.InetSocketAddress a
                    ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "a client";
        }
    }

    /**
     * The next line without its {@code \n} (and {@code \r}), or {@code null} at end of stream.
     *
     * @throws LineTooLongException when no newline comes within {@code maxBytes}
     */
    String readLine(int maxBytes) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = in.position() + scanned; i < in.limit(); i++) {
                if (in.get(i) == '\n') {
                    int len = i - in.position();
                    byte[] line = new byte[len];
                    in.get(line);
                    in.get();
                    int end = len;
                    while (end > 0 && line[end - 1] == '\r') {
                        end--;
                    }
                    return new String(line, 0, end, StandardCharsets.ISO_8859_1);
                }
            }
            scanned = in.remaining();
            if (scanned > maxBytes) {
                throw new LineTooLongException(maxBytes);
            }
            if (!fill()) {
                return null;
            }
        }
    }

    /** Reads exactly {@code dst.remaining()} bytes, from the buffer first, then the socket. */
    void readFully(ByteBuffer dst) throws IOException {
        if (in.hasRemaining()) {
            int n = Math.min(in.remaining(), dst.remaining());
            ByteBuffer slice = in.slice(in.position(), n);
            dst.put(slice);
            in.position(in.position() + n);
        }
        while (dst.hasRemaining()) {
            if (channel.read(dst) < 0) {
                throw new EOFException("client closed the connection in the middle of a payload");
            }
        }
    }

    /**
     * Like {@link #readFully}, but an end of stream before the first byte is a clean end
     * ({@code false}) rather than an error: the binary protocol's way to find that a client left.
     */
    boolean readFullyOrEnd(ByteBuffer dst) throws IOException {
        if (!in.hasRemaining() && dst.hasRemaining()) {
            if (!fill()) {
                return false;
            }
            if (!in.hasRemaining()) {
                return readFullyOrEnd(dst);
            }
        }
        readFully(dst);
        return true;
    }

    byte[] readBytes(int n) throws IOException {
        byte[] b = new byte[n];
        readFully(ByteBuffer.wrap(b));
        return b;
    }

    /** Reads and drops {@code n} bytes. */
    void skip(long n) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(n, 65536));
        while (n > 0) {
            scratch.clear().limit((int) Math.min(n, scratch.capacity()));
            readFully(scratch);
            n -= scratch.limit();
        }
    }

    /** Queues reply text (US-ASCII/UTF-8) for the next flush. */
    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        if (bytes.length > out.remaining()) {
            flush();
            if (bytes.length > out.capacity()) {
                writeFully(ByteBuffer.wrap(bytes));
                return;
            }
        }
        out.put(bytes);
    }

    /** Sends queued replies, then {@code data} straight from its memory. */
    void writeData(ByteBuffer data) throws IOException {
        flush();
        writeFully(data);
    }

    /**
     * Sends queued replies, then {@code srcs} in gathering writes straight from their memory (the
     * binary protocol's header and a block's samples leave in one system call, no copy).
     */
    void writeData(ByteBuffer[] srcs) throws IOException {
        flush();
        while (true) {
            channel.write(srcs);
            boolean done = true;
            for (ByteBuffer b : srcs) {
                if (b.hasRemaining()) {
                    done = false;
                    break;
                }
            }
            if (done) {
                return;
            }
        }
    }

    void flush() throws IOException {
        if (out.position() > 0) {
            out.flip();
            writeFully(out);
            out.clear();
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /**
     * Whether the client has gone: reads what it sent meanwhile without blocking (kept for the
     * next request) and reports end of stream or a reset.
     */
    boolean peerClosed() {
        try {
            channel.configureBlocking(false);
            try {
                return !fill();
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return true;
        }
    }

    private boolean fill() throws IOException {
        in.compact();
        try {
            return channel.read(in) >= 0;
        } finally {
            in.flip();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket the peer already dropped.
        }
    }
}
