package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import io.jiio.net.Opcode;
import io.jiio.net.PositionRecord;
import io.jiio.spi.ContextBackend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code ip:} backend: one control connection for the context description, attributes and
 * triggers (serialised by a lock), plus one connection per open buffer for its data, as libiio does,
 * so attribute access stays responsive while samples stream.
 */
final class NetBackend implements ContextBackend {
    private final NetContextProvider.Endpoint endpoint;
    private final IiodClient control;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<BlockQueue> queues = new ArrayList<>();
    private final long timeoutMs;
    /** The control connection after BINARY, or {@code null} when speaking the text protocol. */
    private BinaryControl binary;
    /** The server answered EXTENSION POSITION: every data connection asks for it too. */
    private boolean positions;
    private Context context;
    private volatile boolean closed;

    private NetBackend(NetContextProvider.Endpoint endpoint, IiodClient control, long timeoutMs) {
        this.endpoint = endpoint;
        this.control = control;
        this.timeoutMs = timeoutMs;
    }

    static Context open(String uri, NetContextProvider.Endpoint ep, long timeoutMs) {
        IiodClient c = IiodClient.connect(ep.host(), ep.port(), timeoutMs);
        try {
            NetBackend b = new NetBackend(ep, c, timeoutMs);
            String version = c.handshake();
            b.positions = askPositions(c);
            b.binary = negotiate(c, ep);
            String xml = b.binary != null ? b.binary.print() : c.print();
            NetXml.Parsed p = NetXml.parse(xml, b, ep.toString());
            Map<String, String> attrs = new LinkedHashMap<>(p.attributes());
            attrs.put("uri", uri);
            attrs.put("ip,ip-addr", ep.host());
            // Where users see which protocol was chosen (jiio info, attr -C).
            attrs.put("ip,protocol", b.binary != null ? "binary" : "text");
            // Whether the server places every loss for us (jiio's POSITION extension).
            attrs.put("ip,position", b.positions ? "on" : "off");
            if (b.binary != null) {
                attrs.put("ip,opcodes", Opcode.NUMBERING);
            }
            attrs.putIfAbsent("iiod,version", version);
            String desc = p.description().isEmpty() ? ep.toString() : p.description();
            b.context = new Context("network", desc, attrs, p.devices(), b);
            if (b.binary != null) {
                b.binary.devices(b.context.devices());
            }
            return b.context;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Asks for the binary protocol unless the URI says text: a server answering BINARY with 0 speaks
     * it from then on; any other answer (libiio 0.x's -22, a text-only server's -38) means text,
     * or an error when the URI insists on binary.
     */
    private static BinaryControl negotiate(IiodClient c, NetContextProvider.Endpoint ep) {
        if (ep.protocol() == Protocol.TEXT) {
            return null;
        }
        long r = c.command("BINARY");
        if (r == 0) {
            return new BinaryControl(c);
        }
        if (ep.protocol() == Protocol.BINARY) {
            Errno e = Errno.of((int) -r);
            throw new IioException(Errno.ENOSYS, "ip:" + ep + " does not offer libiio 1.x's binary protocol"
                    + " (BINARY answered " + r + (e.code() == -r ? " " + e.name() : "")
                    + "); use protocol=auto or protocol=text");
        }
        return null;
    }

    /**
     * Asks for jiio's POSITION extension ({@link PositionRecord}) on a fresh text connection: a jiio
     * server answers 0; libiio's iiod (0.24 and 1.x alike) answers -22 and carries on, so any
     * other answer simply means "not available".
     */
    static boolean askPositions(IiodClient c) {
        return c.command("EXTENSION " + PositionRecord.EXTENSION_NAME) == 0;
    }

    /** Whether the server gives every block's position and loss (jiio's POSITION extension). */
    boolean positions() {
        return positions;
    }

    /** Whether this context speaks the binary protocol. */
    boolean isBinary() {
        return binary != null;
    }

    NetContextProvider.Endpoint endpoint() {
        return endpoint;
    }

    /** The limit on every network wait, in ms; 0: none. */
    long timeoutMs() {
        return timeoutMs;
    }

    // ------------------------------------------------------------------ attributes

    /** The wire address of an attribute: {@code dev [DEBUG|BUFFER|INPUT chn|OUTPUT chn] attr}. */
    static String address(Attribute a) {
        String dev = a.device().id();
        return switch (a.kind()) {
            case DEVICE -> dev + " " + a.name();
            case BUFFER -> dev + " BUFFER " + a.name();
            case DEBUG -> dev + " DEBUG " + a.name();
            case CHANNEL -> dev + (a.channel().direction() == Direction.OUTPUT ? " OUTPUT " : " INPUT ")
                    + a.channel().id() + " " + a.name();
        };
    }

    @Override
    public String read(Attribute attribute) {
        lock.lock();
        try {
            ensureOpen();
            if (binary != null) {
                return binary.read(attribute);
            }
            return control.read(address(attribute), attribute.describe());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(Attribute attribute, String value) {
        lock.lock();
        try {
            ensureOpen();
            if (binary != null) {
                binary.write(attribute, value);
                return;
            }
            control.write(address(attribute), value, attribute.describe());
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ triggers

    @Override
    public Device trigger(Device device) {
        lock.lock();
        try {
            ensureOpen();
            if (binary != null) {
                return binary.trigger(device);
            }
            long len = control.checked("GETTRIG " + device.id(), "GETTRIG", device.displayName());
            if (len == 0) {
                return null;
            }
            String name = new String(control.readBytes((int) Math.min(len, 4096)), java.nio.charset.StandardCharsets.UTF_8);
            control.readLine();
            return context.device(name).orElseThrow(() -> new IioException(Errno.ENODEV,
                    "GETTRIG on " + device.displayName() + ": the server names trigger '" + name
                            + "' which is not in the context"));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setTrigger(Device device, Device trigger) {
        lock.lock();
        try {
            ensureOpen();
            if (binary != null) {
                binary.setTrigger(device, trigger);
                return;
            }
            String t = trigger == null ? "" : " " + trigger.id();
            control.checked("SETTRIG " + device.id() + t, "SETTRIG", device.displayName());
        } finally {
            lock.unlock();
        }
    }

    /** Sets the server-side timeout of the control connection (TIMEOUT command), in ms. */
    void serverTimeout(long ms) {
        lock.lock();
        try {
            ensureOpen();
            if (binary != null) {
                binary.timeout(ms);
                return;
            }
            control.checked("TIMEOUT " + ms, "TIMEOUT", endpoint.toString());
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ buffers

    @Override
    public BlockQueue openBuffer(Device device, int bufferIndex, ChannelMask mask, QueueConfig config) {
        ensureOpen();
        if (bufferIndex != 0) {
            throw new IioException(Errno.ENOENT, "device " + device.displayName() + ": jiio's ip: client"
                    + " reaches buffer 0 only, not buffer " + bufferIndex);
        }
        int first = mask.positions().findFirst().orElseThrow();
        Direction dir = device.channels().get(first).direction();
        for (int p : mask.positions().toArray()) {
            if (device.channels().get(p).direction() != dir) {
                throw new IioException(Errno.EINVAL, "device " + device.displayName()
                        + ": a buffer carries input or output channels, not both");
            }
        }
        ScanLayout layout = ScanLayout.of(device, mask);
        BlockQueue q;
        if (binary != null) {
            BinaryEngine engine = new BinaryEngine(this, device, binary.dev(device), mask.copy(), dir,
                    layout.scanBytes(), binary.index());
            q = new BlockQueue(device.displayName() + "/buffer0@ip:" + endpoint, dir, engine, config,
                    layout);
            engine.queue(q);
        } else {
            NetEngine engine = new NetEngine(this, device, mask.copy(), dir, layout.scanBytes());
            q = new BlockQueue(device.displayName() + "/buffer0@ip:" + endpoint, dir, engine, config,
                    layout);
            engine.queue(q);
        }
        lock.lock();
        try {
            queues.add(q);
        } finally {
            lock.unlock();
        }
        return q;
    }

    void engineClosed(BlockQueue q) {
        lock.lock();
        try {
            queues.remove(q);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IioException(Errno.ENODEV, "context ip:" + endpoint + " is closed");
        }
    }

    @Override
    public void close() {
        List<BlockQueue> open;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(queues);
        } finally {
            lock.unlock();
        }
        for (BlockQueue q : open) {
            q.close();
        }
        lock.lock();
        try {
            try {
                if (binary == null) {
                    control.writeLine("EXIT"); // binary has no EXIT: closing the socket is the goodbye
                }
            } catch (RuntimeException ignored) {
                // the server may be gone already
            }
            control.close();
        } finally {
            lock.unlock();
        }
    }
}
