package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.Device;
import io.jiio.net.MessageHeader;
import io.jiio.net.Opcode;
import io.jiio.net.Wire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The control connection of an {@code ip:} context after {@code BINARY}: PRINT, attributes,
 * triggers and TIMEOUT as binary requests on client id 0, one at a time (the caller serialises),
 * each answered before the next is sent. Blocks travel on their own connections ({@link BinaryEngine}).
 */
final class BinaryControl {
    private static final int CLIENT_ID = 0;
    private static final long MAX_REPLY = 64L << 20;

    private final IiodClient conn;
    private final ByteBuffer header = ByteBuffer.allocate(MessageHeader.LENGTH + MessageHeader.U64_LENGTH)
            .order(MessageHeader.ORDER);
    private List<Device> devices = List.of();

    BinaryControl(IiodClient conn) {
        this.conn = conn;
    }

    /** The context's devices, once parsed: attribute and trigger requests address them by index. */
    void devices(List<Device> devices) {
        this.devices = devices;
    }

    String print() {
        int n = check(exec(Opcode.PRINT, 0, 0, null, false), "PRINT", conn.endpoint());
        return new String(readReply(n), StandardCharsets.UTF_8);
    }

    void timeout(long ms) {
        check(exec(Opcode.TIMEOUT, 0, (int) Math.min(ms, Integer.MAX_VALUE), null, false), "TIMEOUT", conn.endpoint());
    }

    String read(Attribute a) {
        int n = check(exec(readOp(a), dev(a.device()), code(a), null, false), "READ", a.describe());
        byte[] v = readReply(n);
        return Wire.attributeText(v, v.length);
    }

    void write(Attribute a, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[v.length + 1]; // the C string, NUL included, as libiio sends it
        System.arraycopy(v, 0, payload, 0, v.length);
        check(exec(readOp(a) + (Opcode.WRITE_ATTR - Opcode.READ_ATTR), dev(a.device()), code(a), payload, true),
                "WRITE", a.describe());
    }

    /** The trigger's device, or {@code null} when there is none (the server answers -ENODEV). */
    Device trigger(Device d) {
        int r = exec(Opcode.GETTRIG, dev(d), 0, null, false);
        if (r == -Errno.ENODEV.code()) {
            return null;
        }
        check(r, "GETTRIG", d.displayName());
        if (r >= devices.size()) {
            throw new IioException(Errno.EPROTO, "GETTRIG on " + d.displayName() + ": the server names device "
                    + r + " of " + devices.size());
        }
        return devices.get(r);
    }

    void setTrigger(Device d, Device trigger) {
        check(exec(Opcode.SETTRIG, dev(d), trigger == null ? -1 : dev(trigger), null, false), "SETTRIG",
                d.displayName());
    }

    // ------------------------------------------------------------------ addressing

    private static int readOp(Attribute a) {
        return switch (a.kind()) {
            case DEVICE -> Opcode.READ_ATTR;
            case DEBUG -> Opcode.READ_DBG_ATTR;
            case BUFFER -> Opcode.READ_BUF_ATTR;
            case CHANNEL -> Opcode.READ_CHN_ATTR;
        };
    }

    private static int code(Attribute a) {
        Device d = a.device();
        return switch (a.kind()) {
            case DEVICE -> MessageHeader.attrCode(d.attributes().indexOf(a), 0);
            case DEBUG -> MessageHeader.attrCode(d.debugAttributes().indexOf(a), 0);
            case BUFFER -> MessageHeader.attrCode(d.bufferAttributes().indexOf(a), 0);
            case CHANNEL -> MessageHeader.attrCode(a.channel().attributes().indexOf(a),
                    d.channels().indexOf(a.channel()));
        };
    }

    int dev(Device d) {
        int i = devices.indexOf(d);
        if (i < 0) {
            throw new IioException(Errno.ENODEV, d.displayName() + " is not a device of this context");
        }
        return i;
    }

    // ------------------------------------------------------------------ wire

    /** Sends one request (with {@code u64 len} + payload when {@code sized}) and returns the reply's code. */
    private int exec(int op, int dev, int code, byte[] payload, boolean sized) {
        header.clear();
        MessageHeader.put(header, 0, CLIENT_ID, op, dev, code);
        header.limit(MessageHeader.LENGTH);
        if (sized) {
            header.limit(MessageHeader.LENGTH + MessageHeader.U64_LENGTH);
            header.putLong(MessageHeader.LENGTH, payload.length);
        }
        conn.writeFully(header);
        if (payload != null) {
            conn.writeFully(ByteBuffer.wrap(payload));
        }
        header.clear().limit(MessageHeader.LENGTH);
        conn.readFully(header);
        int id = MessageHeader.clientId(header, 0);
        int rop = MessageHeader.op(header, 0);
        if (id != CLIENT_ID || rop != Opcode.RESPONSE) {
            throw new IioException(Errno.EPROTO, conn.endpoint() + ": protocol error: expected the response to "
                    + Opcode.name(op) + " on client id 0, got " + Opcode.name(rop) + " on client id " + id);
        }
        return MessageHeader.code(header, 0);
    }

    private byte[] readReply(int n) {
        if (n > MAX_REPLY) {
            throw new IioException(Errno.EPROTO, conn.endpoint() + ": protocol error: a reply of " + n + " bytes");
        }
        byte[] b = new byte[n];
        conn.readFully(ByteBuffer.wrap(b));
        return b;
    }

    private static int check(int code, String op, String what) {
        return (int) IiodClient.check(code, op, what);
    }
}
