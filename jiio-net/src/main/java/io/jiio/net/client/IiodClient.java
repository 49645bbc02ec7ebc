package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.net.Wire;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One TCP connection to an iiod server speaking libiio 0.x's text protocol: line commands, integer
 * replies, raw payloads. Every wait is bounded by {@link #timeoutMs()}: the channel is non-blocking
 * and waits go through a selector. Not thread-safe; callers serialise. {@link #kill()} may be
 * called from any thread to make a blocked operation fail at once.
 */
final class IiodClient implements AutoCloseable {
    private static final int MAX_LINE = 4096;
    /** iiod's VERSION reply: major, minor and a git tag ({@code 0.24.c4498c2}, {@code 1.0.0000 …}). */
    private static final Pattern IIOD_VERSION = Pattern.compile("\\d+\\.\\d+\\..*");

    private final String endpoint;
    private final SocketChannel ch;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
    private volatile long timeoutMs;
    private volatile boolean killed;

    private IiodClient(String endpoint, SocketChannel ch, Selector selector, SelectionKey key, long timeoutMs) {
        this.endpoint = endpoint;
        this.ch = ch;
        this.selector = selector;
        this.key = key;
        this.timeoutMs = timeoutMs;
    }

    /** Connects to {@code host:port}, waiting at most {@code timeoutMs}. */
    static IiodClient connect(String host, int port, long timeoutMs) {
        String endpoint = NetContextProvider.endpoint(host, port);
        SocketChannel ch = null;
        Selector sel = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            sel = Selector.open();
            SelectionKey key = ch.register(sel, SelectionKey.OP_CONNECT);
            if (!ch.connect(new InetSocketAddress(host, port))) {
                if (sel.select(timeoutMs) == 0) {
                    throw new IioException(Errno.ETIMEDOUT, "connecting to " + endpoint + ": no answer within "
                            + timeoutMs + " ms");
                }
                ch.finishConnect();
            }
            key.interestOps(0);
            return new IiodClient(endpoint, ch, sel, key, timeoutMs);
        } catch (IioException e) {
            closeQuietly(ch, sel);
            throw e;
        } catch (UnresolvedAddressException e) {
            closeQuietly(ch, sel);
            throw new IioException(Errno.ENXIO, "cannot connect to " + endpoint + ": unknown host '" + host + "'", e);
        } catch (ConnectException e) {
            closeQuietly(ch, sel);
            throw new IioException(Errno.ECONNREFUSED, "cannot connect to " + endpoint + ": connection refused"
                    + " (is iiod running there?)", e);
        } catch (UnknownHostException e) {
            closeQuietly(ch, sel);
            throw new IioException(Errno.ENXIO, "cannot connect to " + endpoint + ": unknown host", e);
        } catch (IOException e) {
            closeQuietly(ch, sel);
            throw new IioException(Errno.EIO, "cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    String endpoint() {
        return endpoint;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    void timeoutMs(long ms) {
        this.timeoutMs = ms;
    }

    boolean isAlive() {
        return !killed && ch.isOpen();
    }

    // ------------------------------------------------------------------ commands

    /** Sends a command line and returns its integer reply (not checked). */
    long command(String line) {
        writeLine(line);
        return readInt();
    }

    /** Sends a command and fails on a negative reply. */
    long checked(String line, String op, String what) {
        return check(command(line), op, what);
    }

    /** A negative reply as an exception: {@code <op> on <what>: <strerror> (from server)}. */
    static long check(long code, String op, String what) {
        if (code >= 0) {
            return code;
        }
        throw remote(code, op, what);
    }

    static IioException remote(long code, String op, String what) {
        Errno e = Errno.of((int) -code);
        String text = e.code() == -code ? e.description() : "error " + (-code);
        return new IioException(e, op + " on " + what + ": " + text + " (from server)");
    }

    /**
     * The first exchange on a connection: VERSION, whose answer tells an iiod server (libiio's
     * {@code MAJOR.MINOR.TAG}) from anything else listening on the port. Anything else — a web
     * server, an SSH banner, a peer that hangs up or stays silent — is said to be "not an iiod
     * server" here, where it can be recognised, instead of surfacing later as a protocol error.
     */
    String handshake() {
        String line;
        try {
            writeLine("VERSION");
            line = readLine().trim();
        } catch (IioException e) {
            String why = switch (e.errno()) {
                case ECONNRESET -> "closed the connection without answering VERSION";
                case ETIMEDOUT -> "did not answer VERSION within " + timeoutMs + " ms";
                case EPROTO -> "answered VERSION with a line longer than " + MAX_LINE + " bytes";
                default -> null;
            };
            if (why == null) {
                throw e;
            }
            throw new IioException(e.errno(), endpoint + " " + why + ": is it an iiod server?", e);
        }
        if (!IIOD_VERSION.matcher(line).matches()) {
            throw new IioException(Errno.EPROTO, endpoint + " is not an iiod server: it answered VERSION with '"
                    + abbreviate(line) + "'");
        }
        return line;
    }

    String print() {
        long len = checked("PRINT", "PRINT", endpoint);
        if (len > 64L << 20) {
            throw protocol("PRINT announces " + len + " bytes of XML");
        }
        byte[] xml = readBytes((int) len);
        readLine();
        return new String(xml, StandardCharsets.UTF_8);
    }

    /** READ: {@code addr} is {@code dev [DEBUG|BUFFER|INPUT chn|OUTPUT chn] attr}. */
    String read(String addr, String what) {
        long len = checked("READ " + addr, "READ", what);
        if (len > 16L << 20) {
            throw protocol("READ announces " + len + " bytes");
        }
        byte[] v = readBytes((int) len);
        readLine();
        return Wire.attributeText(v, v.length);
    }

    void write(String addr, String value, String what) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[v.length + 1]; // libiio sends the C string, NUL included
        System.arraycopy(v, 0, payload, 0, v.length);
        writeLine("WRITE " + addr + " " + payload.length);
        writeFully(ByteBuffer.wrap(payload));
        check(readInt(), "WRITE", what);
    }

    // ------------------------------------------------------------------ wire

    void writeLine(String line) {
        writeFully(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    void writeFully(ByteBuffer src) {
        try {
            while (src.hasRemaining()) {
                if (ch.write(src) == 0) {
                    await(SelectionKey.OP_WRITE, "sending to");
                }
            }
        } catch (IOException e) {
            throw lost(e);
        }
    }

    String readLine() {
        StringBuilder b = null;
        while (true) {
            for (int i = in.position(); i < in.limit(); i++) {
                if (in.get(i) == '\n') {
                    int end = i;
                    if (end > in.position() && in.get(end - 1) == '\r') {
                        end--;
                    }
                    String part = new String(in.array(), in.position(), end - in.position(), StandardCharsets.UTF_8);
                    in.position(i + 1);
                    return b == null ? part : b.append(part).toString();
                }
            }
            if (in.remaining() > 0) {
                if (b == null) {
                    b = new StringBuilder();
                }
                b.append(new String(in.array(), in.position(), in.remaining(), StandardCharsets.UTF_8));
                in.position(in.limit());
                if (b.length() > MAX_LINE) {
                    throw protocol("a reply line longer than " + MAX_LINE + " bytes");
                }
            }
            fill();
        }
    }

    long readInt() {
        String line = readLine().trim();
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw protocol("expected an integer reply, got '" + abbreviate(line) + "'");
        }
    }

    byte[] readBytes(int n) {
        byte[] b = new byte[n];
        readFully(ByteBuffer.wrap(b));
        return b;
    }

    /** Reads exactly {@code dst.remaining()} bytes: what is buffered first, then straight from the socket. */
    void readFully(ByteBuffer dst) {
        if (in.hasRemaining()) {
            int n = Math.min(in.remaining(), dst.remaining());
            ByteBuffer slice = in.slice(in.position(), n);
            dst.put(slice);
            in.position(in.position() + n);
        }
        try {
            while (dst.hasRemaining()) {
                int n = ch.read(dst);
                if (n < 0) {
                    throw closedByPeer();
                }
                if (n == 0) {
                    await(SelectionKey.OP_READ, "receiving from");
                }
            }
        } catch (IOException e) {
            throw lost(e);
        }
    }

    private void fill() {
        in.compact();
        try {
            while (true) {
                int n = ch.read(in);
                if (n < 0) {
                    throw closedByPeer();
                }
                if (n > 0) {
                    break;
                }
                await(SelectionKey.OP_READ, "receiving from");
            }
        } catch (IOException e) {
            throw lost(e);
        } finally {
            in.flip();
        }
    }

    private void await(int op, String doing) throws IOException {
        if (killed) {
            throw cancelled();
        }
        key.interestOps(op);
        int ready = selector.select(timeoutMs);
        key.interestOps(0);
        selector.selectedKeys().clear();
        if (killed) {
            throw cancelled();
        }
        if (ready == 0) {
            throw new IioException(Errno.ETIMEDOUT, doing + " " + endpoint + ": nothing for " + timeoutMs + " ms");
        }
    }

    private IioException closedByPeer() {
        return new IioException(Errno.ECONNRESET, "connection to " + endpoint + " closed by the server");
    }

    private IioException cancelled() {
        return new IioException(Errno.ECANCELED, "connection to " + endpoint + " was shut down");
    }

    private IioException lost(IOException e) {
        if (killed || e instanceof ClosedChannelException) {
            return cancelled();
        }
        return new IioException(Errno.ECONNRESET, "connection to " + endpoint + " lost: " + e.getMessage(), e);
    }

    private IioException protocol(String what) {
        return new IioException(Errno.EPROTO, endpoint + ": protocol error: " + what);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /**
     * Hands the socket over in blocking mode, for the binary protocol's separate reader and writer
     * threads; this client is unusable after. Nothing may be buffered: the server speaks only when
     * asked.
     */
    SocketChannel detach() {
        if (in.hasRemaining()) {
            throw protocol(in.remaining() + " unexpected bytes after the BINARY handshake");
        }
        try {
            key.cancel();
            selector.close();
            ch.configureBlocking(true);
            return ch;
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** Makes any operation in progress (on another thread) fail now; the connection is unusable after. */
    void kill() {
        killed = true;
        selector.wakeup();
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        killed = true;
        closeQuietly(ch, selector);
    }

    private static void closeQuietly(SocketChannel ch, Selector sel) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        try {
            if (sel != null) {
                sel.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }
}
