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
    public static final int RESPONSE = 0;
    public static final int PRINT = 1;
    public static final int TIMEOUT = 2;
    public static final int READ_ATTR = 3;
    public static final int READ_DBG_ATTR = 4;
    public static final int READ_BUF_ATTR = 5;
    public static final int READ_CHN_ATTR = 6;
    public static final int READ_DEV_EVT_ATTR = 7;
    public static final int READ_CHN_EVT_ATTR = 8;
    public static final int WRITE_ATTR = 9;
    public static final int WRITE_DBG_ATTR = 10;
    public static final int WRITE_BUF_ATTR = 11;
    public static final int WRITE_CHN_ATTR = 12;
    public static final int WRITE_DEV_EVT_ATTR = 13;
    public static final int WRITE_CHN_EVT_ATTR = 14;
    public static final int GETTRIG = 15;
    public static final int SETTRIG = 16;
    public static final int OPEN_BUFFER = 17;
    public static final int CLOSE_BUFFER = 18;
    public static final int ENABLE_BUFFER = 19;
    public static final int DISABLE_BUFFER = 20;
    public static final int CREATE_BLOCK = 21;
    public static final int FREE_BLOCK = 22;
    public static final int TRANSFER_BLOCK = 23;
    public static final int ENQUEUE_BLOCK_CYCLIC = 24;
    public static final int RETRY_DEQUEUE_BLOCK = 25;
    public static final int CREATE_EVSTREAM = 26;
    public static final int FREE_EVSTREAM = 27;
    public static final int READ_EVENT = 28;
    public static final int REG_READ = 29;
    public static final int REG_WRITE = 30;
    public static final int REFRESH_FORMAT = 31;
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

    /** The opcode's name, or {@code op#N} for a number this numbering does not define. */
    public static String name(int op) {
        return op >= 0 && op < NAMES.length ? NAMES[op] : "op#" + op;
    }

    /** Whether {@code op} is defined in this numbering. */
    public static boolean isDefined(int op) {
        return op >= 0 && op < NAMES.length;
    }
}
