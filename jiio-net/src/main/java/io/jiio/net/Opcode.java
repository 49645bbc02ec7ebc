package io.jiio.net;

/**
 * The operation codes of libiio 1.x's binary iiod protocol ({@code enum iiod_opcode}), in the
 * numbering of <b>libiio's main branch as of 2026</b>, which is the one jiio speaks on both ends.
 *
 * <p>libiio renumbered these codes during 2026: the event-attribute opcodes 7-8 and 13-14 were
 * inserted, which moved every later code up (GETTRIG was 11, now 15; TRANSFER_BLOCK was 19, now 23;
 * the buffer opcodes were called CREATE_BUFFER/FREE_BUFFER). A client or server built from an older
 * libiio 1.x tree uses the old numbers and does not interoperate with this one; nothing on the wire
 * says which numbering a peer speaks, so both ends must simply agree.
 *
 * <pre>
 *  0 RESPONSE             11 WRITE_BUF_ATTR        22 FREE_BLOCK
 *  1 PRINT                12 WRITE_CHN_ATTR        23 TRANSFER_BLOCK
 *  2 TIMEOUT              13 WRITE_DEV_EVT_ATTR    24 ENQUEUE_BLOCK_CYCLIC
 *  3 READ_ATTR            14 WRITE_CHN_EVT_ATTR    25 RETRY_DEQUEUE_BLOCK
 *  4 READ_DBG_ATTR        15 GETTRIG               26 CREATE_EVSTREAM
 *  5 READ_BUF_ATTR        16 SETTRIG               27 FREE_EVSTREAM
 *  6 READ_CHN_ATTR        17 OPEN_BUFFER           28 READ_EVENT
 *  7 READ_DEV_EVT_ATTR    18 CLOSE_BUFFER          29 REG_READ
 *  8 READ_CHN_EVT_ATTR    19 ENABLE_BUFFER         30 REG_WRITE
 *  9 WRITE_ATTR           20 DISABLE_BUFFER        31 REFRESH_FORMAT
 * 10 WRITE_DBG_ATTR       21 CREATE_BLOCK          32 NOP
 * </pre>
 * How each request and its response are laid out is in {@link MessageHeader}.
 */
public final class Opcode {
    /** A reply: {@code dev} 0, the request's client id, {@code code} a status, a length or {@code -errno}. */
    public static final int RESPONSE = 0;
    /** The context's XML (libiio 1.x: zstd-compressed, see {@link Zstd}). */
    public static final int PRINT = 1;
    /** Sets how long block transfers wait for the device, in ms ({@code code}). */
    public static final int TIMEOUT = 2;
    /** Reads a device attribute. */
    public static final int READ_ATTR = 3;
    /** Reads a device's debug attribute. */
    public static final int READ_DBG_ATTR = 4;
    /** Reads a buffer attribute. */
    public static final int READ_BUF_ATTR = 5;
    /** Reads a channel attribute. */
    public static final int READ_CHN_ATTR = 6;
    /** Reads a device event attribute (jiio's devices have none: ENOENT). */
    public static final int READ_DEV_EVT_ATTR = 7;
    /** Reads a channel event attribute (jiio's devices have none: ENOENT). */
    public static final int READ_CHN_EVT_ATTR = 8;
    /** Writes a device attribute: a u64 length, then the value. */
    public static final int WRITE_ATTR = 9;
    /** Writes a device's debug attribute. */
    public static final int WRITE_DBG_ATTR = 10;
    /** Writes a buffer attribute. */
    public static final int WRITE_BUF_ATTR = 11;
    /** Writes a channel attribute. */
    public static final int WRITE_CHN_ATTR = 12;
    /** Writes a device event attribute (none here: the payload is skipped, ENOENT). */
    public static final int WRITE_DEV_EVT_ATTR = 13;
    /** Writes a channel event attribute (none here: the payload is skipped, ENOENT). */
    public static final int WRITE_CHN_EVT_ATTR = 14;
    /** The device's trigger, as a device index ({@code -ENODEV}: none). */
    public static final int GETTRIG = 15;
    /** Sets the device's trigger to the device index in {@code code}, -1 for none. */
    public static final int SETTRIG = 16;
    /** Opens buffer {@code code} of the device with the channel mask that follows. */
    public static final int OPEN_BUFFER = 17;
    /** Closes a buffer. */
    public static final int CLOSE_BUFFER = 18;
    /** Starts the buffer's stream. */
    public static final int ENABLE_BUFFER = 19;
    /** Stops the buffer's stream. */
    public static final int DISABLE_BUFFER = 20;
    /** Allocates a block of the u64 size that follows, on the block's own client id. */
    public static final int CREATE_BLOCK = 21;
    /** Frees a block. */
    public static final int FREE_BLOCK = 22;
    /** Enqueues a block (output: with its samples) and answers when the device is done with it. */
    public static final int TRANSFER_BLOCK = 23;
    /** Enqueues an output block for the device to repeat. */
    public static final int ENQUEUE_BLOCK_CYCLIC = 24;
    /** Asks again for a block whose TRANSFER_BLOCK completion failed (e.g. timed out). */
    public static final int RETRY_DEQUEUE_BLOCK = 25;
    /** Opens an event stream (not served by jiio: ENOSYS). */
    public static final int CREATE_EVSTREAM = 26;
    /** Closes an event stream (not served by jiio: ENOSYS). */
    public static final int FREE_EVSTREAM = 27;
    /** Reads an event (not served by jiio: ENOSYS). */
    public static final int READ_EVENT = 28;
    /**
     * Reads the register at the address in {@code code}, through the debug attribute
     * {@code direct_reg_access}.
     */
    public static final int REG_READ = 29;
    /** Writes a register: the 32-bit value follows the header. */
    public static final int REG_WRITE = 30;
    /** Re-reads the scan formats (not served by jiio: ENOSYS). */
    public static final int REFRESH_FORMAT = 31;
    /** Does nothing; answered 0. */
    public static final int NOP = 32;

    /** Which numbering this is, for messages and the context attribute {@code ip,protocol}. */
    public static final String NUMBERING = "libiio-main-2026";

    private static final String[] NAMES = {
        "RESPONSE", "PRINT", "TIMEOUT", "READ_ATTR", "READ_DBG_ATTR", "READ_BUF_ATTR", "READ_CHN_ATTR",
        "READ_DEV_EVT_ATTR", "READ_CHN_EVT_ATTR", "WRITE_ATTR", "WRITE_DBG_ATTR", "WRITE_BUF_ATTR",
        "WRITE_CHN_ATTR", "WRITE_DEV_EVT_ATTR", "WRITE_CHN_EVT_ATTR", "GETTRIG", "SETTRIG", "OPEN_BUFFER",
        "CLOSE_BUFFER", "ENABLE_BUFFER", "DISABLE_BUFFER", "CREATE_BLOCK", "FREE_BLOCK", "TRANSFER_BLOCK",
        "ENQUEUE_BLOCK_CYCLIC", "RETRY_DEQUEUE_BLOCK", "CREATE_EVSTREAM", "FREE_EVSTREAM", "READ_EVENT",
        "REG_READ", "REG_WRITE", "REFRESH_FORMAT", "NOP",
    };

    private Opcode() {
    }

    /**
     * An opcode's name, for messages.
     *
     * @param op the opcode
     * @return its name, or {@code op#N} for a number this numbering does not define
     */
    public static String name(int op) {
        return op >= 0 && op < NAMES.length ? NAMES[op] : "op#" + op;
    }

    /**
     * Whether {@code op} is defined in this numbering.
     *
     * @param op the opcode
     * @return true for 0 to 32
     */
    public static boolean isDefined(int op) {
        return op >= 0 && op < NAMES.length;
    }
}
