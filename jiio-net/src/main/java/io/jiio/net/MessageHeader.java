package io.jiio.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The layout of libiio 1.x's binary iiod messages, described once (numbering: {@link Opcode}).
 *
 * <p>After {@code BINARY\r\n} has been answered {@code 0\n}, every message either way starts with
 * this 8-byte header ({@code struct iiod_command}), in the byte order of the host — little-endian on
 * every machine libiio runs on, and fixed to little-endian here:
 * <pre>
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 *  +-------------------------------+---------------+---------------+
 *  |     client_id (u16, LE)       |   op (u8)     |   dev (u8)    |  bytes 0-3
 *  +-------------------------------+---------------+---------------+
 *  |                      code (i32, LE)                           |  bytes 4-7
 *  +---------------------------------------------------------------+
 *  |                 payload (op-specific, below)  ...
 * </pre>
 * A response has {@code op} 0 ({@link Opcode#RESPONSE}), {@code dev} 0 and the client_id of its
 * request; its {@code code} is negative for {@code -errno}, else a status or, for a response that
 * carries data, the number of data bytes that follow. client_id 0 is the default channel; requests
 * on different client ids are answered independently, so one connection carries many transfers at
 * once (libiio gives block {@code i} the client id {@code i + 1}).
 *
 * <p>Requests (payload integers are little-endian too):
 * <pre>
 *  op                       code                       request payload         response
 *  PRINT                    0                          -                       len + context XML
 *  TIMEOUT                  ms                         -                       status
 *  READ_{ATTR,DBG_ATTR}     attr &lt;&lt; 16                 -                       len + value
 *  READ_BUF_ATTR            attr &lt;&lt; 16 | buffer        -                       len + value
 *  READ_CHN_ATTR            attr &lt;&lt; 16 | channel       -                       len + value
 *  WRITE_* (same codes)     as the READ twin           u64 len, len bytes      bytes written
 *  GETTRIG                  0                          -                       trigger's dev index
 *  SETTRIG                  trigger dev index, -1 none -                       status
 *  OPEN_BUFFER              buffer                     u32 mask words          len + mask words
 *  CLOSE/ENABLE/DISABLE_BUFFER  buffer                 -                       status
 *  CREATE_BLOCK             buffer | block &lt;&lt; 16       u64 size                status
 *  FREE_BLOCK               buffer | block &lt;&lt; 16       -                       status
 *  TRANSFER_BLOCK           buffer | block &lt;&lt; 16       u64 bytes_used          RX: len + samples
 *                                                      (+ bytes_used bytes TX) TX: 0 once played
 *  ENQUEUE_BLOCK_CYCLIC     buffer | block &lt;&lt; 16       u64 bytes_used + data   0 once queued
 *  RETRY_DEQUEUE_BLOCK      buffer | block &lt;&lt; 16       -                       as TRANSFER_BLOCK
 * </pre>
 * Mask words: {@code (channels + 31) / 32} u32s, bit {@code i % 32} of word {@code i / 32} is the
 * device's i-th channel in XML order. A TRANSFER_BLOCK response whose {@code code} is negative with
 * the low 16 bits clear ({@code -errno << 16}) means the block was never queued; any other negative
 * code means it was queued but its completion failed (e.g. timed out), and RETRY_DEQUEUE_BLOCK asks
 * again. CREATE_BLOCK, TRANSFER_BLOCK, ENQUEUE_BLOCK_CYCLIC and RETRY_DEQUEUE_BLOCK are sent on the
 * block's own client id; FREE_BLOCK and the rest on any (libiio uses 0).
 */
public final class MessageHeader {
    /** Bytes in a header. */
    public static final int LENGTH = 8;
    /** Where {@code client_id} (u16) sits in a header. */
    public static final int CLIENT_ID_OFFSET = 0;
    /** Where {@code op} (u8) sits in a header. */
    public static final int OP_OFFSET = 2;
    /** Where {@code dev} (u8, the device's index in the XML) sits in a header. */
    public static final int DEV_OFFSET = 3;
    /** Where {@code code} (i32) sits in a header. */
    public static final int CODE_OFFSET = 4;
    /** The byte order of every integer in the binary protocol. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Bytes of the u64 lengths that lead attribute writes and block requests. */
    public static final int U64_LENGTH = 8;
    /** Bytes per channel-mask word. */
    public static final int MASK_WORD_LENGTH = 4;

    private MessageHeader() {
    }

    /** {@return a reusable header buffer: direct, {@link #LENGTH} bytes, in the protocol's byte order} */
    public static ByteBuffer allocate() {
        return ByteBuffer.allocateDirect(LENGTH).order(ORDER);
    }

    /**
     * Writes a header at {@code at} (absolute puts: the buffer's position is left alone).
     *
     * @param b        a buffer in the protocol's byte order, {@link #LENGTH} bytes from {@code at}
     * @param at       where the header starts in {@code b}
     * @param clientId the client id (low 16 bits taken)
     * @param op       the {@link Opcode} (low 8 bits taken)
     * @param dev      the device's index (low 8 bits taken)
     * @param code     the request's code, or the response's status, length or {@code -errno}
     */
    public static void put(ByteBuffer b, int at, int clientId, int op, int dev, int code) {
        b.putShort(at + CLIENT_ID_OFFSET, (short) clientId);
        b.put(at + OP_OFFSET, (byte) op);
        b.put(at + DEV_OFFSET, (byte) dev);
        b.putInt(at + CODE_OFFSET, code);
    }

    /**
     * Reads {@code client_id} (an absolute get).
     *
     * @param b  a buffer in the protocol's byte order holding a header
     * @param at where the header starts
     * @return the client id, 0 to 65535
     */
    public static int clientId(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at + CLIENT_ID_OFFSET));
    }

    /**
     * Reads {@code op} (an absolute get).
     *
     * @param b  a buffer in the protocol's byte order holding a header
     * @param at where the header starts
     * @return the opcode, 0 to 255
     */
    public static int op(ByteBuffer b, int at) {
        return Byte.toUnsignedInt(b.get(at + OP_OFFSET));
    }

    /**
     * Reads {@code dev} (an absolute get).
     *
     * @param b  a buffer in the protocol's byte order holding a header
     * @param at where the header starts
     * @return the device index, 0 to 255
     */
    public static int dev(ByteBuffer b, int at) {
        return Byte.toUnsignedInt(b.get(at + DEV_OFFSET));
    }

    /**
     * Reads {@code code} (an absolute get).
     *
     * @param b  a buffer in the protocol's byte order holding a header
     * @param at where the header starts
     * @return the code, signed
     */
    public static int code(ByteBuffer b, int at) {
        return b.getInt(at + CODE_OFFSET);
    }

    /**
     * The {@code code} of an attribute request.
     *
     * @param attr            the attribute's index in its list
     * @param channelOrBuffer the channel's or buffer's index (0 for a device attribute)
     * @return attribute index high, channel or buffer index low
     */
    public static int attrCode(int attr, int channelOrBuffer) {
        return attr << 16 | channelOrBuffer & 0xffff;
    }

    /**
     * The {@code code} of a block request.
     *
     * @param buffer the buffer's index
     * @param block  the block's index
     * @return buffer index low, block index high
     */
    public static int blockCode(int buffer, int block) {
        return block << 16 | buffer & 0xffff;
    }

    /**
     * The high half of a code.
     *
     * @param code a request's code
     * @return the attribute or block index
     */
    public static int high(int code) {
        return code >>> 16;
    }

    /**
     * The low half of a code.
     *
     * @param code a request's code
     * @return the channel or buffer index
     */
    public static int low(int code) {
        return code & 0xffff;
    }

    /**
     * A TRANSFER_BLOCK failure before the block was queued.
     *
     * @param negativeErrno {@code -errno}
     * @return {@code -errno << 16}: low 16 bits clear, which tells it from a failed completion
     */
    public static int enqueueError(int negativeErrno) {
        return negativeErrno << 16;
    }

    /**
     * Whether a TRANSFER_BLOCK code says the block never reached the device.
     *
     * @param code the response's code
     * @return true for a negative code with the low 16 bits clear
     */
    public static boolean isEnqueueError(int code) {
        return code < 0 && (code & 0xffff) == 0;
    }
}
