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
 *
 * <p>Deadlines: the connection says what it is waiting for, and until when, so the server's
 * watchdog ({@link IiodServer}) can close one that waits too long (blocking socket reads have no
 * timeout of their own; closing the channel ends them):
 * <pre>
 *  phase     entered when                          deadline
 *  IDLE      waiting for a request, nothing read   idle timeout (none when 0)
 *  REQUEST   a request line has begun              its first byte + request timeout
 *  PAYLOAD   reading a payload of n bytes          start + request timeout + n at the minimum rate
 *  SENDING   writing a reply the client must take  idle timeout (none when 0)
 *  BUSY      the server works (device waits too)   none
 * </pre>
 */
final class Connection implements AutoCloseable {
    /** What the connection is waiting for; see the table above. */
    enum Phase { IDLE, REQUEST, PAYLOAD, SENDING, BUSY }

    /** Bytes a client may send ahead of the server (requests pipelined while a reply is pending). */
    static final int MAX_AHEAD_BYTES = 1 << 20;
    /** A request line longer than the limit: the rest of it cannot be told from the next request. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int limit) {
            super("request line longer than " + limit + " bytes");
        }
    }

    private final SocketChannel channel;
    private ByteBuffer in;
    private final ByteBuffer out = ByteBuffer.allocate(8192);
    private final String peer;
    private final ServerConfig cfg;
    private volatile Phase phase = Phase.BUSY;
    private volatile long phaseSince = System.nanoTime();
    /** {@link System#nanoTime()} by which the current phase must end; 0: no limit. */
    private volatile long deadline;
    private volatile boolean closed;

    Connection(SocketChannel channel, ServerConfig cfg) throws IOException {
        this.channel = channel;
        this.cfg = cfg;
        this.in = ByteBuffer.allocate(Math.max(cfg.maxLineBytes() + 2, 16384));
        this.in.flip();
        this.peer = peerName(channel);
        channel.configureBlocking(true);
        channel.socket().setTcpNoDelay(true);
        if (cfg.keepAliveSeconds() > 0) {
            channel.setOption(java.net.StandardSocketOptions.SO_KEEPALIVE, true);
            trySet(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, cfg.keepAliveSeconds());
            trySet(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, ServerConfig.KEEPALIVE_INTERVAL_S);
            trySet(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, ServerConfig.KEEPALIVE_PROBES);
        }
    }

    private void trySet(java.net.SocketOption<Integer> option, int value) throws IOException {
        if (channel.supportedOptions().contains(option)) {
            channel.setOption(option, value);
        }
    }

    private void enter(Phase p, long limitNanos) {
        long now = System.nanoTime();
        phase = p;
        phaseSince = now;
        deadline = limitNanos <= 0 ? 0 : now + limitNanos;
    }

    /** The server is working on a request (or waiting for its device): the client owes nothing. */
    void busy() {
        enter(Phase.BUSY, 0);
    }

    Phase phase() {
        return phase;
    }

    /** Nanoseconds since the current phase began. */
    long phaseNanos(long now) {
        return now - phaseSince;
    }

    /** Whether the current phase has outlived its deadline at {@code now}. */
    boolean overdue(long now) {
        long d = deadline;
        return d != 0 && now - d > 0 && !closed;
    }

    /** The client's address as {@code host:port}, for the server's log. */
    String peer() {
        return peer;
    }

    /** The client's host alone: what a client's several connections have in common. */
    String host() {
        int colon = peer.lastIndexOf(':');
        return colon > 0 ? peer.substring(0, colon) : peer;
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
        if (in.hasRemaining()) {
            enter(Phase.REQUEST, cfg.requestTimeoutMs() * 1_000_000L);
        } else {
            enter(Phase.IDLE, cfg.idleTimeoutMs() * 1_000_000L);
        }
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
                    busy();
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
            if (phase == Phase.IDLE && in.hasRemaining()) {
                enter(Phase.REQUEST, cfg.requestTimeoutMs() * 1_000_000L);
            }
        }
    }

    /** Reads exactly {@code dst.remaining()} bytes, from the buffer first, then the socket. */
    void readFully(ByteBuffer dst) throws IOException {
        if (dst.remaining() > in.remaining()) {
            enter(Phase.PAYLOAD, cfg.payloadNanos(dst.remaining()));
        }
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
        busy();
    }

    /**
     * Like {@link #readFully}, but an end of stream before the first byte is a clean end
     * ({@code false}) rather than an error: the binary protocol's way to find that a client left.
     */
    boolean readFullyOrEnd(ByteBuffer dst) throws IOException {
        if (!in.hasRemaining() && dst.hasRemaining()) {
            enter(Phase.IDLE, cfg.idleTimeoutMs() * 1_000_000L);
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
        Phase was = sending();
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
                sent(was);
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
        Phase was = sending();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        sent(was);
    }

    private Phase sending() {
        Phase was = phase;
        resumeDeadline = deadline;
        resumeSince = phaseSince;
        enter(Phase.SENDING, cfg.idleTimeoutMs() * 1_000_000L);
        return was;
    }

    /** The deadline and start of the phase a reply's sending interrupted, restored when it is sent. */
    private long resumeDeadline;
    private long resumeSince;

    private void sent(Phase was) {
        phase = was;
        deadline = resumeDeadline;
        phaseSince = resumeSince;
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

    /**
     * Reads what the socket has into the input buffer. A full buffer grows (to {@link #MAX_AHEAD_BYTES}),
     * so that a client that pipelined requests can still be seen to leave: a read into no room
     * would return 0 for ever, even from a reset connection.
     *
     * @throws IOException also when a client sends more than {@link #MAX_AHEAD_BYTES} ahead
     */
    private boolean fill() throws IOException {
        in.compact();
        try {
            if (!in.hasRemaining()) {
                if (in.capacity() >= MAX_AHEAD_BYTES) {
                    throw new IOException("client sent more than " + MAX_AHEAD_BYTES + " bytes ahead of the server");
                }
                ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_AHEAD_BYTES, in.capacity() * 2));
                in.flip();
                bigger.put(in);
                in = bigger;
            }
            return channel.read(in) >= 0;
        } finally {
            in.flip();
        }
    }

    /** Closes the connection on behalf of the watchdog: whatever the session waits for ends now. */
    void expire() {
        closed = true;
        close();
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
