package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.Channel;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One client's session after {@code BINARY}: libiio 1.x's binary protocol ({@link MessageHeader},
 * {@link Opcode}). The reader (this thread) executes requests in order; block completions are
 * answered by each buffer's own thread ({@link BinaryBuffer}), so many transfers are in flight at
 * once and the link, not the round trip, bounds throughput. All output goes through one
 * {@link ReplyWriter}.
 *
 * <p>Every request is answered on its client id: a bad device index {@code -ENODEV}, a bad
 * attribute or channel index {@code -ENOENT}, a buffer that is not open {@code -EBADF}, an unknown
 * block {@code -EBADF}, an opcode that is not implemented {@code -ENOSYS}, an undefined one
 * {@code -EINVAL}. Only what leaves no way to find the next header ends the connection: a
 * truncated message, a RESPONSE sent to the server, a payload whose length the server cannot know
 * (OPEN_BUFFER for a device that does not exist, a block payload for an unknown device) or one over
 * the server's limits. However the session ends, its buffers are closed and released.
 */
final class BinarySession {
    private static final System.Logger LOG = System.getLogger(BinarySession.class.getName());

    /** The request cannot be answered without losing track of the stream: end the connection. */
    static final class ProtocolViolation extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolViolation(String message) {
            super(message);
        }
    }

    private final IiodServer server;
    private final Session owner;
    /** libiio 1.x numbers devices, channels and attributes in its own sorted order. */
    private final LibiioIndex index;
    private final List<Device> devices;
    private final ServerConfig cfg;
    private final Connection conn;
    private final ReplyWriter replies;
    private final ByteBuffer header = ByteBuffer.allocate(MessageHeader.LENGTH).order(MessageHeader.ORDER);
    private final ByteBuffer u64 = ByteBuffer.allocate(MessageHeader.U64_LENGTH).order(MessageHeader.ORDER);
    /** Open buffers by device index: one per device, as the server's claim allows. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<BinaryBuffer> buffers;
    private volatile long timeoutMs;

    BinarySession(IiodServer server, Session owner, Context ctx, ServerConfig cfg, Connection conn) {
        this.server = server;
        this.owner = owner;
        this.index = LibiioIndex.of(ctx.devices());
        this.devices = index.devices();
        this.cfg = cfg;
        this.conn = conn;
        this.replies = new ReplyWriter(conn);
        this.buffers = new java.util.concurrent.atomic.AtomicReferenceArray<>(Math.min(256, devices.size()));
        this.timeoutMs = cfg.defaultTimeoutMs();
    }

    /** Serves requests until the client leaves; throws when the connection must end. */
    void run() throws IOException {
        try {
            while (true) {
                header.clear();
                if (!conn.readFullyOrEnd(header)) {
                    return;
                }
                int clientId = MessageHeader.clientId(header, 0);
                int op = MessageHeader.op(header, 0);
                int dev = MessageHeader.dev(header, 0);
                int code = MessageHeader.code(header, 0);
                try {
                    dispatch(clientId, op, dev, code);
                } catch (IioException e) {
                    replies.status(clientId, e.wireCode());
                } catch (IOException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, Opcode.name(op) + " failed", e);
                    replies.status(clientId, -Errno.EIO.code());
                }
            }
        } finally {
            closeAll();
        }
    }

    private void dispatch(int cid, int op, int dev, int code) throws IOException {
        switch (op) {
            case Opcode.PRINT -> print(cid);
            case Opcode.TIMEOUT -> timeout(cid, code);
            case Opcode.READ_ATTR, Opcode.READ_DBG_ATTR, Opcode.READ_BUF_ATTR, Opcode.READ_CHN_ATTR ->
                    readAttr(cid, op, dev, code);
            case Opcode.WRITE_ATTR, Opcode.WRITE_DBG_ATTR, Opcode.WRITE_BUF_ATTR, Opcode.WRITE_CHN_ATTR ->
                    writeAttr(cid, op, dev, code);
            case Opcode.READ_DEV_EVT_ATTR, Opcode.READ_CHN_EVT_ATTR -> noEventAttributes(cid, dev);
            case Opcode.WRITE_DEV_EVT_ATTR, Opcode.WRITE_CHN_EVT_ATTR -> {
                readPayload(cfg.maxWriteBytes());
                noEventAttributes(cid, dev);
            }
            case Opcode.GETTRIG -> getTrigger(cid, dev);
            case Opcode.SETTRIG -> setTrigger(cid, dev, code);
            case Opcode.OPEN_BUFFER -> openBuffer(cid, dev, code);
            case Opcode.CLOSE_BUFFER -> closeBuffer(cid, dev, code);
            case Opcode.ENABLE_BUFFER -> {
                buffer(dev, code).enable();
                replies.status(cid, 0);
            }
            case Opcode.DISABLE_BUFFER -> {
                buffer(dev, code).disable();
                replies.status(cid, 0);
            }
            case Opcode.CREATE_BLOCK -> {
                long size = readU64();
                buffer(dev, code).createBlock(MessageHeader.high(code), size);
                replies.status(cid, 0);
            }
            case Opcode.FREE_BLOCK -> {
                holderOf(dev, code).buffer(dev, code).freeBlock(MessageHeader.high(code));
                replies.status(cid, 0);
            }
            case Opcode.TRANSFER_BLOCK, Opcode.ENQUEUE_BLOCK_CYCLIC ->
                    transfer(cid, dev, code, op == Opcode.ENQUEUE_BLOCK_CYCLIC);
            case Opcode.RETRY_DEQUEUE_BLOCK -> buffer(dev, code).retry(cid, MessageHeader.high(code));
            case Opcode.NOP -> replies.status(cid, 0);
            case Opcode.REG_READ -> regRead(cid, dev, code);
            case Opcode.REG_WRITE -> regWrite(cid, dev, code);
            case Opcode.CREATE_EVSTREAM, Opcode.FREE_EVSTREAM, Opcode.READ_EVENT,
                 Opcode.REFRESH_FORMAT -> replies.status(cid, -Errno.ENOSYS.code());
            case Opcode.RESPONSE -> throw new ProtocolViolation("client sent a RESPONSE (op 0) to the server");
            default -> replies.status(cid, -Errno.EINVAL.code());
        }
    }

    // ------------------------------------------------------------------ context

    private void print(int cid) throws IOException {
        replies.data(cid, ByteBuffer.wrap(server.binaryPrint()));
    }

    /**
     * TIMEOUT as libiio 1.x sends it, already resolved by the client: -1 for ever, INT_MIN (its
     * "non-blocking") as short as can be, 0 the server's default, a positive number milliseconds.
     */
    private void timeout(int cid, int ms) throws IOException {
        if (ms == -1) {
            timeoutMs = 0; // the Waiter's "for ever"
        } else if (ms == Integer.MIN_VALUE) {
            timeoutMs = 1;
        } else if (ms == 0) {
            timeoutMs = cfg.defaultTimeoutMs();
        } else if (ms > 0) {
            timeoutMs = ms;
        } else {
            replies.status(cid, -Errno.EINVAL.code());
            return;
        }
        replies.status(cid, 0);
    }

    // ------------------------------------------------------------------ registers

    /**
     * REG_READ: the register at the address in the code, through the device's debug attribute
     * {@code direct_reg_access} (write the address, read the value), as libiio's local backend
     * does; answered with the 32-bit value. A device without one: -ENOENT.
     */
    private void regRead(int cid, int dev, int address) throws IOException {
        Attribute reg = register(device(dev));
        long v;
        synchronized (reg) {
            reg.write(String.format("0x%x", Integer.toUnsignedLong(address)));
            v = Long.decode(reg.read().trim());
        }
        ByteBuffer b = ByteBuffer.allocate(4).order(MessageHeader.ORDER).putInt(0, (int) v);
        replies.data(cid, b);
    }

    /** REG_WRITE: the 32-bit value follows the header (4 bytes, no length); written as "address value". */
    private void regWrite(int cid, int dev, int address) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(MessageHeader.ORDER);
        conn.readFully(b);
        Attribute reg = register(device(dev));
        synchronized (reg) {
            reg.write(String.format("0x%x 0x%x", Integer.toUnsignedLong(address),
                    Integer.toUnsignedLong(b.getInt(0))));
        }
        replies.status(cid, 0);
    }

    private static Attribute register(Device d) {
        return d.attribute(io.jiio.model.AttributeKind.DEBUG, "direct_reg_access").orElseThrow(() ->
                new IioException(Errno.ENOENT, d.displayName() + " has no direct_reg_access: no register access"));
    }

    // ------------------------------------------------------------------ attributes

    private void readAttr(int cid, int op, int dev, int code) throws IOException {
        Attribute a = attribute(op, dev, code);
        byte[] v = a.read().getBytes(StandardCharsets.UTF_8);
        // A C string, as libiio's readers expect: the value and its NUL.
        byte[] c = new byte[v.length + 1];
        System.arraycopy(v, 0, c, 0, v.length);
        replies.data(cid, ByteBuffer.wrap(c));
    }

    private void writeAttr(int cid, int op, int dev, int code) throws IOException {
        byte[] value = readPayload(cfg.maxWriteBytes());
        Attribute a = attribute(op, dev, code);
        a.write(Wire.attributeText(value, value.length));
        replies.status(cid, value.length);
    }

    private Attribute attribute(int op, int dev, int code) {
        Device d = device(dev);
        int attr = MessageHeader.high(code);
        int low = MessageHeader.low(code);
        List<Attribute> list = switch (op) {
            case Opcode.READ_ATTR, Opcode.WRITE_ATTR -> index.attributes(d, io.jiio.model.AttributeKind.DEVICE);
            case Opcode.READ_DBG_ATTR, Opcode.WRITE_DBG_ATTR -> index.attributes(d, io.jiio.model.AttributeKind.DEBUG);
            case Opcode.READ_BUF_ATTR, Opcode.WRITE_BUF_ATTR -> index.attributes(d, io.jiio.model.AttributeKind.BUFFER);
            default -> {
                if (low >= d.channels().size()) {
                    throw new IioException(Errno.ENOENT, d.displayName() + " has no channel " + low);
                }
                yield index.attributes(index.channels(d).get(low));
            }
        };
        if (attr >= list.size()) {
            throw new IioException(Errno.ENOENT, d.displayName() + ": no " + Opcode.name(op) + " attribute " + attr);
        }
        return list.get(attr);
    }

    private void noEventAttributes(int cid, int dev) throws IOException {
        device(dev);
        replies.status(cid, -Errno.ENOENT.code()); // jiio's devices have no event attributes
    }

    // ------------------------------------------------------------------ triggers

    private void getTrigger(int cid, int dev) throws IOException {
        Device d = device(dev);
        if (d.isTrigger()) {
            throw new IioException(Errno.ENOENT, d.displayName() + " is a trigger and has none itself");
        }
        Optional<Device> t = d.trigger();
        // libiio answers the trigger's device index; no trigger is -ENODEV.
        replies.status(cid, t.isPresent() ? devices.indexOf(t.get()) : -Errno.ENODEV.code());
    }

    private void setTrigger(int cid, int dev, int code) throws IOException {
        Device d = device(dev);
        Device t = code == -1 ? null : device(code);
        d.setTrigger(t);
        replies.status(cid, 0);
    }

    // ------------------------------------------------------------------ buffers

    private void openBuffer(int cid, int dev, int code) throws IOException {
        if (dev >= devices.size()) {
            // The mask that follows is as long as the device has channels: no device, no way on.
            replies.status(cid, -Errno.ENODEV.code());
            throw new ProtocolViolation("OPEN_BUFFER for device " + dev + " of " + devices.size());
        }
        Device d = devices.get(dev);
        int channels = d.channels().size();
        int words = (channels + 31) / 32;
        ByteBuffer m = ByteBuffer.allocate(words * MessageHeader.MASK_WORD_LENGTH).order(MessageHeader.ORDER);
        conn.readFully(m);
        ChannelMask mask = new ChannelMask(channels);
        for (int i = 0; i < words * 32; i++) {
            if ((m.getInt((i / 32) * 4) >>> (i % 32) & 1) != 0) {
                if (i >= channels) {
                    throw new IioException(Errno.EINVAL, d.displayName() + " has no channel " + i + " to enable");
                }
                mask.enable(index.modelPosition(d, i)); // bit i is libiio's channel i
            }
        }
        if (mask.isEmpty()) {
            throw new IioException(Errno.EINVAL, d.displayName() + ": OPEN_BUFFER with no channel enabled");
        }
        Direction dir = d.channels().get(mask.positions().findFirst().orElseThrow()).direction();
        for (int p : mask.positions().toArray()) {
            if (d.channels().get(p).direction() != dir) {
                throw new IioException(Errno.EINVAL, d.displayName() + ": a buffer carries input or output channels, not both");
            }
        }
        if (buffers.get(dev) != null) {
            throw new IioException(Errno.EBUSY, d.displayName() + " has a buffer open in this session already");
        }
        if (!server.claim(d, owner)) {
            throw new IioException(Errno.EBUSY, d.displayName() + ": another client has its buffer open");
        }
        try {
            buffers.set(dev, BinaryBuffer.open(d, dev, MessageHeader.low(code), mask, replies, () -> timeoutMs,
                    cfg.maxBufferBytes(), owner.positions(), server.budget()));
            server.binaryOpened(conn.host(), d, MessageHeader.low(code), this);
            server.clientLog().opened(conn.peer(), d, mask, "binary, buffer " + MessageHeader.low(code));
        } catch (RuntimeException e) {
            server.release(d, owner);
            throw e;
        }
        m.clear();
        replies.data(cid, m); // the mask as opened: the client learns what it got
    }

    /**
     * CLOSE_BUFFER. libiio 1.x sends it (and FREE_BLOCK) on its context connection, not on the one
     * that opened the buffer, and its iiod keeps one buffer list for all connections: a buffer this
     * session does not hold is looked up among the same client host's other sessions.
     */
    private void closeBuffer(int cid, int dev, int code) throws IOException {
        BinarySession holder = holderOf(dev, code);
        BinaryBuffer b = holder.take(dev, code);
        if (b == null) {
            throw new IioException(Errno.EBADF, device(dev).displayName() + ": buffer " + MessageHeader.low(code)
                    + " is not open");
        }
        holder.close(b);
        server.clientLog().closed(holder.conn.peer(), b.device, true);
        replies.status(cid, 0);
    }

    /** This session if it holds the buffer, else the client's session that does, else this one. */
    private BinarySession holderOf(int dev, int code) {
        BinaryBuffer mine = dev < buffers.length() ? buffers.get(dev) : null;
        if (mine != null && mine.index == MessageHeader.low(code)) {
            return this;
        }
        BinarySession other = server.binaryHolder(conn.host(), device(dev), MessageHeader.low(code));
        return other != null ? other : this;
    }

    /** Removes and returns the buffer (of index {@code low(code)}) of device {@code dev}; null if not held. */
    private BinaryBuffer take(int dev, int code) {
        BinaryBuffer b = dev < buffers.length() ? buffers.get(dev) : null;
        if (b == null || b.index != MessageHeader.low(code) || !buffers.compareAndSet(dev, b, null)) {
            return null;
        }
        return b;
    }

    private void close(BinaryBuffer b) {
        try {
            b.close();
        } finally {
            server.binaryClosed(conn.host(), b.device, b.index, this);
            server.release(b.device, owner);
        }
    }

    private void transfer(int cid, int dev, int code, boolean cyclic) throws IOException {
        long bytesUsed = readU64();
        BinaryBuffer b = dev < buffers.length() ? buffers.get(dev) : null;
        if (b == null || b.index != MessageHeader.low(code)) {
            if (dev >= devices.size()) {
                replies.status(cid, MessageHeader.enqueueError(-Errno.ENODEV.code()));
                throw new ProtocolViolation("block transfer for device " + dev + " of " + devices.size());
            }
            if (carriesOutput(devices.get(dev))) {
                skip(conn, bytesUsed, cfg.maxBufferBytes()); // the samples of a block we do not have
            }
            replies.status(cid, MessageHeader.enqueueError(-Errno.EBADF.code()));
            return;
        }
        b.transfer(conn, cid, MessageHeader.high(code), bytesUsed, cyclic);
    }

    /** Whether a client's block request for this device is followed by samples (libiio's test). */
    private static boolean carriesOutput(Device d) {
        for (Channel c : d.channels()) {
            if (c.isOutput() && c.isScanElement()) {
                return true;
            }
        }
        return false;
    }

    private BinaryBuffer buffer(int dev, int code) {
        Device d = device(dev);
        BinaryBuffer b = dev < buffers.length() ? buffers.get(dev) : null;
        if (b == null || b.index != MessageHeader.low(code)) {
            throw new IioException(Errno.EBADF, d.displayName() + ": buffer " + MessageHeader.low(code)
                    + " is not open in this session");
        }
        return b;
    }

    private void closeAll() {
        for (int i = 0; i < buffers.length(); i++) {
            BinaryBuffer b = buffers.getAndSet(i, null);
            if (b != null) {
                server.clientLog().closed(conn.peer(), b.device, false);
                try {
                    close(b);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing " + b.device.displayName() + " failed", e);
                }
            }
        }
    }

    // ------------------------------------------------------------------ wire

    private Device device(int dev) {
        if (dev < 0 || dev >= devices.size()) {
            throw new IioException(Errno.ENODEV, "no device " + dev + " (the context has " + devices.size() + ")");
        }
        return devices.get(dev);
    }

    private long readU64() throws IOException {
        u64.clear();
        conn.readFully(u64);
        return u64.getLong(0);
    }

    /** A {@code u64 len} and that many bytes, at most {@code max} (more: the connection ends). */
    private byte[] readPayload(long max) throws IOException {
        long len = readU64();
        if (len < 0 || len > max) {
            throw new ProtocolViolation("a payload of " + Long.toUnsignedString(len) + " bytes, over the limit of " + max);
        }
        return conn.readBytes((int) len);
    }

    /** Reads and drops a payload the server will not use; beyond {@code max} the connection ends. */
    static void skip(Connection conn, long len, long max) throws IOException {
        if (len < 0 || len > max) {
            throw new ProtocolViolation("a block payload of " + Long.toUnsignedString(len)
                    + " bytes, over the limit of " + max);
        }
        conn.skip(len);
    }
}
