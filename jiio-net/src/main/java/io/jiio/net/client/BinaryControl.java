package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.Device;
import io.jiio.net.LibiioIndex;
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
    /** libiio 1.x's numbering of the parsed context: how requests address devices, channels, attributes. */
    private LibiioIndex index = LibiioIndex.of(List.of());

    BinaryControl(IiodClient conn) {
        this.conn = conn;
    }

    /** The context's devices, once parsed: attribute and trigger requests address them by index. */
    void devices(List<Device> devices) {
        this.index = LibiioIndex.of(devices);
    }

    LibiioIndex index() {
        return index;
    }

    /** The context XML: libiio 1.x's iiod sends it zstd-compressed, jiio's too (plain where zstd is missing). */
    String print() {
        int n = check(exec(Opcode.PRINT, 0, 0, null, false), "PRINT", conn.endpoint());
        byte[] reply = readReply(n);
        byte[] start = io.jiio.net.Zstd.XML_START.getBytes(StandardCharsets.US_ASCII);
        boolean plain = reply.length >= start.length
                && java.util.Arrays.equals(reply, 0, start.length, start, 0, start.length);
        return new String(plain ? reply : io.jiio.net.Zstd.decompress(reply, "PRINT from " + conn.endpoint()),
                StandardCharsets.UTF_8);
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
        if (r >= index.devices().size()) {
            throw new IioException(Errno.EPROTO, "GETTRIG on " + d.displayName() + ": the server names device "
                    + r + " of " + index.devices().size());
        }
        return index.device(r);
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

    private int code(Attribute a) {
        Device d = a.device();
        int channel = a.kind() == io.jiio.model.AttributeKind.CHANNEL
                ? index.libiioNumber(d, d.channels().indexOf(a.channel())) : 0;
        return MessageHeader.attrCode(index.number(a), channel);
    }

    int dev(Device d) {
        return index.number(d);
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
