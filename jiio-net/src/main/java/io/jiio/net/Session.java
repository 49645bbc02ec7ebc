package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One client's session: reads request lines and answers them until EXIT, end of stream or an I/O
 * error. Everything a client can send is answered (a line that does not parse, an unknown command,
 * a bad argument: {@code -22}; a failing device: its {@code -errno}); only an over-long line or an
 * over-limit payload, which leave no way to find the next request, end the session. Whatever way
 * it ends, the buffers it opened are closed.
 */
final class Session implements Runnable {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    static final String HELP = """
            Available commands:

            \tHELP
            \t\tPrint this help message
            \tEXIT
            \t\tClose the current session
            \tPRINT
            \t\tDisplays a XML string corresponding to the current IIO context
            \tVERSION
            \t\tGet the version of libiio in use
            \tTIMEOUT <timeout_ms>
            \t\tSet the timeout (in ms) for I/O operations
            \tOPEN <device> <samples_count> <mask> [CYCLIC]
            \t\tOpen the specified device with the given mask of channels
            \tCLOSE <device>
            \t\tClose the specified device
            \tREAD <device> DEBUG|BUFFER|[INPUT|OUTPUT <channel>] [<attribute>]
            \t\tRead the value of an attribute
            \tWRITE <device> DEBUG|BUFFER|[INPUT|OUTPUT <channel>] [<attribute>] <bytes_count>
            \t\tSet the value of an attribute
            \tREADBUF <device> <bytes_count>
            \t\tRead raw data from the specified device
            \tWRITEBUF <device> <bytes_count>
            \t\tWrite raw data to the specified device
            \tGETTRIG <device>
            \t\tGet the name of the trigger used by the specified device
            \tSETTRIG <device> [<trigger>]
            \t\tSet the trigger to use for the specified device
            \tSET <device> BUFFERS_COUNT <count>
            \t\tSet the number of kernel buffers for the specified device
            """;

    private final IiodServer server;
    private final Context ctx;
    private final ServerConfig cfg;
    private final Connection conn;
    private final Waiter waiter;
    private final Map<Device, DeviceBuffer> buffers = new IdentityHashMap<>();
    private final Map<Device, Integer> blockCounts = new HashMap<>();
    private boolean exit;
    /** The client negotiated {@code EXTENSION POSITION}: its buffers report positions and losses. */
    private boolean positions;

    Session(IiodServer server, Context ctx, ServerConfig cfg, Connection conn) {
        this.server = server;
        this.ctx = ctx;
        this.cfg = cfg;
        this.conn = conn;
        this.waiter = new Waiter(cfg.defaultTimeoutMs());
    }

    @Override
    public void run() {
        boolean graceful = false;
        try {
            while (!exit) {
                String line = conn.readLine(cfg.maxLineBytes());
                if (line == null) {
                    break;
                }
                handle(line);
                conn.flush();
            }
            graceful = true;
        } catch (Connection.LineTooLongException e) {
            try {
                conn.write(Wire.error(Errno.EINVAL));
                conn.flush();
            } catch (IOException ignored) {
                // The client is gone as well.
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client session ended: {0}", e.toString());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "client session failed", e);
        } finally {
            closeAll(graceful);
            conn.close();
        }
    }

    /** Frees every buffer this client opened; called when it leaves, however it leaves. */
    private void closeAll(boolean graceful) {
        for (DeviceBuffer b : new ArrayList<>(buffers.values())) {
            closeBuffer(b, graceful);
        }
        buffers.clear();
    }

    void handle(String line) throws IOException {
        Request r = Request.parse(line);
        if (r.isEmpty()) {
            return;
        }
        try {
            switch (r.keyword()) {
                case "HELP" -> conn.write(HELP);
                case "EXIT" -> exit = true;
                case "VERSION" -> conn.write(Wire.versionLine());
                case "PRINT" -> print();
                case "TIMEOUT" -> timeout(r);
                case "OPEN" -> open(r);
                case "CLOSE" -> close(r);
                case "READ" -> read(r);
                case "WRITE" -> write(r);
                case "READBUF" -> readbuf(r);
                case "WRITEBUF" -> writebuf(r);
                case "GETTRIG" -> getTrigger(r);
                case "SETTRIG" -> setTrigger(r);
                case "SET" -> set(r);
                case "BINARY" -> binary();
                case "EXTENSION" -> extension(r);
                default -> invalid(); // ZPRINT (no zstd here), and anything else
            }
        } catch (IioException e) {
            conn.write(Wire.integer(e.wireCode()));
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "request '" + line + "' failed", e);
            conn.write(Wire.error(Errno.EIO));
        }
    }

    /**
     * BINARY: answers 0 and serves the rest of the connection with libiio 1.x's binary protocol
     * ({@link BinarySession}); a server that does not offer it answers -ENOSYS and stays in text.
     */
    private void binary() throws IOException {
        if (!cfg.offerBinary()) {
            conn.write(Wire.error(Errno.ENOSYS));
            return;
        }
        conn.write(Wire.integer(0));
        conn.flush();
        exit = true;
        new BinarySession(server, this, ctx, cfg, conn).run();
    }

    /**
     * EXTENSION name: switches on one of jiio's extensions for this connection; {@code 0} when it
     * is known, {@code -22} otherwise (and from libiio's iiod, which knows none). Only before any
     * buffer is open, so a buffer never changes its replies' form half-way.
     */
    private void extension(Request r) throws IOException {
        if (r.argc() != 1 || !Request.isKeyword(r.arg(0), PositionRecord.EXTENSION_NAME)) {
            invalid();
            return;
        }
        if (!buffers.isEmpty()) {
            throw new IioException(Errno.EBUSY, "EXTENSION " + PositionRecord.EXTENSION_NAME
                    + " must come before any buffer is opened");
        }
        positions = true;
        conn.write(Wire.integer(0));
    }

    /** Whether this connection negotiated {@code EXTENSION POSITION} (it stays on after BINARY). */
    boolean positions() {
        return positions;
    }

    private void invalid() throws IOException {
        conn.write(Wire.error(Errno.EINVAL));
    }

    private void print() throws IOException {
        byte[] xml = server.xml().getBytes(StandardCharsets.UTF_8);
        conn.write(Wire.integer(xml.length));
        conn.write(xml);
        conn.write("\n");
    }

    private void timeout(Request r) throws IOException {
        long ms = r.argc() == 1 ? Request.number(r.arg(0)) : -1;
        if (ms < 0) {
            invalid();
            return;
        }
        waiter.timeoutMs(ms);
        conn.write(Wire.integer(0));
    }

    private void open(Request r) throws IOException {
        boolean cyclic = r.argc() == 4 && Request.isKeyword(r.arg(3), "CYCLIC");
        long samples = r.argc() >= 3 ? Request.number(r.arg(1)) : -1;
        if (!(r.argc() == 3 || cyclic) || samples < 1) {
            invalid();
            return;
        }
        Device d = device(r.arg(0));
        if (buffers.containsKey(d)) {
            throw new IioException(Errno.EBUSY, d.displayName() + " is already open in this session");
        }
        ChannelMask mask = ChannelMask.fromHex(r.arg(2), d.channels().size());
        boolean output = isOutput(d, mask);
        if (cyclic && !output) {
            throw new IioException(Errno.EINVAL, "CYCLIC is for output buffers");
        }
        int blocks = blockCounts.getOrDefault(d, cfg.defaultBlocks());
        if (!output) {
            // Readers share the device's capture. As with iiod, the device runs from OPEN on: a client
            // that enables an ADC and then a DAC in loopback must not miss what the DAC plays first.
            DeviceBuffer.bytes(d, samples, ScanLayout.of(d, mask).scanBytes(), blocks, cfg.maxBufferBytes());
            RxStream rx = server.joinCapture(d, mask, samples, blocks, conn.peer(), positions);
            try {
                rx.start();
            } catch (RuntimeException e) {
                rx.close(false);
                throw e;
            }
            buffers.put(d, rx);
            server.clientLog().opened(conn.peer(), d, mask, "text, " + samples + " scans per block");
            conn.write(Wire.integer(0));
            return;
        }
        if (!server.claim(d, this)) {
            throw new IioException(Errno.EBUSY, d.displayName() + ": another client has its buffer open");
        }
        try {
            buffers.put(d, TxStream.open(d, samples, mask, blocks, cfg.maxBufferBytes(), cyclic, positions,
                    server.budget()));
        } catch (RuntimeException e) {
            server.release(d, this);
            throw e;
        }
        server.clientLog().opened(conn.peer(), d, mask, "text, " + samples + " scans per block" + (cyclic ? ", cyclic" : ""));
        conn.write(Wire.integer(0));
    }

    /** A buffer is an output one when its enabled channels are output channels. */
    private static boolean isOutput(Device d, ChannelMask mask) {
        int first = mask.positions().findFirst().orElseThrow(
                () -> new IioException(Errno.EINVAL, d.displayName() + ": the mask enables no channel"));
        return d.channels().get(first).direction() == Direction.OUTPUT;
    }

    private void close(Request r) throws IOException {
        if (r.argc() != 1) {
            invalid();
            return;
        }
        Device d = device(r.arg(0));
        DeviceBuffer b = buffers.remove(d);
        if (b == null) {
            throw new IioException(Errno.EBADF, d.displayName() + " is not open in this session");
        }
        closeBuffer(b, true);
        conn.write(Wire.integer(0));
    }

    private void closeBuffer(DeviceBuffer b, boolean graceful) {
        server.clientLog().closed(conn.peer(), b.device(), graceful);
        try {
            b.close(graceful);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the buffer of " + b.device().displayName() + " failed", e);
        } finally {
            server.release(b.device(), this);
        }
    }

    private void read(Request r) throws IOException {
        AttrAddress a = AttrAddress.parse(r.args());
        if (a == null) {
            invalid();
            return;
        }
        List<Attribute> attrs = a.resolve(device(a.device()));
        byte[] body;
        if (a.attr() != null) {
            body = attrs.getFirst().read().getBytes(StandardCharsets.UTF_8);
        } else {
            List<Wire.AttrResult> results = new ArrayList<>(attrs.size());
            for (Attribute at : attrs) {
                try {
                    results.add(Wire.AttrResult.ok(at.read()));
                } catch (IioException e) {
                    results.add(Wire.AttrResult.failed(e.errno()));
                }
            }
            body = Wire.encodeAll(results);
        }
        conn.write(Wire.integer(body.length));
        conn.write(body);
        conn.write("\n");
    }

    private void write(Request r) throws IOException {
        long nbytes = r.argc() >= 2 ? Request.number(r.args().getLast()) : -1;
        AttrAddress a = nbytes < 0 ? null : AttrAddress.parse(r.args().subList(0, r.argc() - 1));
        if (nbytes < 0) {
            invalid();
            return;
        }
        if (nbytes > cfg.maxWriteBytes()) {
            // The payload is already on its way; reading it all is what the limit is there to refuse.
            conn.write(Wire.error(Errno.EMSGSIZE));
            exit = true;
            return;
        }
        byte[] payload = conn.readBytes((int) nbytes);
        if (a == null) {
            invalid();
            return;
        }
        List<Attribute> attrs = a.resolve(device(a.device()));
        if (a.attr() != null) {
            attrs.getFirst().write(Wire.attributeText(payload, payload.length));
        } else {
            List<String> values;
            try {
                values = Wire.decodeAll(payload, attrs.size());
            } catch (IllegalArgumentException e) {
                throw new IioException(Errno.EINVAL, e.getMessage());
            }
            for (int i = 0; i < attrs.size(); i++) {
                if (values.get(i) != null) {
                    attrs.get(i).write(values.get(i));
                }
            }
        }
        conn.write(Wire.integer(nbytes));
    }

    private void readbuf(Request r) throws IOException {
        long nbytes = r.argc() == 2 ? Request.number(r.arg(1)) : -1;
        if (nbytes < 0) {
            invalid();
            return;
        }
        DeviceBuffer b = openBuffer(r.arg(0));
        if (!(b instanceof RxStream rx)) {
            throw RxStream.notInput(b.device());
        }
        rx.readbuf(conn, nbytes, waiter);
    }

    private void writebuf(Request r) throws IOException {
        long nbytes = r.argc() == 2 ? Request.number(r.arg(1)) : -1;
        if (nbytes < 0) {
            invalid();
            return;
        }
        DeviceBuffer b = openBuffer(r.arg(0));
        if (!(b instanceof TxStream tx)) {
            throw TxStream.notOutput(b.device());
        }
        tx.writebuf(conn, nbytes, waiter);
    }

    private DeviceBuffer openBuffer(String name) {
        Device d = device(name);
        DeviceBuffer b = buffers.get(d);
        if (b == null) {
            throw new IioException(Errno.EBADF, d.displayName() + " is not open in this session (OPEN it first)");
        }
        return b;
    }

    private void getTrigger(Request r) throws IOException {
        if (r.argc() != 1) {
            invalid();
            return;
        }
        Device d = device(r.arg(0));
        if (d.isTrigger()) {
            throw new IioException(Errno.ENOENT, d.displayName() + " is a trigger and has none itself");
        }
        Optional<Device> t = d.trigger();
        if (t.isEmpty()) {
            conn.write(Wire.integer(0));
            return;
        }
        String name = t.get().name() != null ? t.get().name() : t.get().id();
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        conn.write(Wire.integer(b.length));
        conn.write(b);
        conn.write("\n");
    }

    private void setTrigger(Request r) throws IOException {
        if (r.argc() < 1 || r.argc() > 2) {
            invalid();
            return;
        }
        Device d = device(r.arg(0));
        Device t = r.argc() == 2 ? device(r.arg(1)) : null;
        d.setTrigger(t);
        conn.write(Wire.integer(0));
    }

    private void set(Request r) throws IOException {
        long n = r.argc() == 3 && Request.isKeyword(r.arg(1), "BUFFERS_COUNT") ? Request.number(r.arg(2)) : -1;
        if (n < 0) {
            invalid();
            return;
        }
        if (n < 1 || n > ServerConfig.MAX_BLOCKS) {
            throw new IioException(Errno.EINVAL, "BUFFERS_COUNT " + n + " is out of range 1.." + ServerConfig.MAX_BLOCKS);
        }
        blockCounts.put(device(r.arg(0)), (int) n);
        conn.write(Wire.integer(0));
    }

    private Device device(String name) {
        return ctx.device(name).orElseThrow(() -> new IioException(Errno.ENODEV, "no device '" + name + "'"));
    }
}
