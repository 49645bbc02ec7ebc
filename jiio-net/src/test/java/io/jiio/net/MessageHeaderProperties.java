package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The header codec: fields round-trip, sit at the documented offsets, in little-endian order. */
class MessageHeaderProperties {

    @Property
    void fieldsRoundTrip(@ForAll @IntRange(min = 0, max = 65535) int clientId,
                         @ForAll @IntRange(min = 0, max = 255) int op,
                         @ForAll @IntRange(min = 0, max = 255) int dev,
                         @ForAll int code,
                         @ForAll @IntRange(min = 0, max = 8) int at) {
        ByteBuffer b = ByteBuffer.allocate(at + MessageHeader.LENGTH).order(MessageHeader.ORDER);
        MessageHeader.put(b, at, clientId, op, dev, code);
        assertEquals(clientId, MessageHeader.clientId(b, at));
        assertEquals(op, MessageHeader.op(b, at));
        assertEquals(dev, MessageHeader.dev(b, at));
        assertEquals(code, MessageHeader.code(b, at));
        assertEquals(0, b.position(), "absolute puts leave the position alone");
    }

    @Property
    void layoutIsLittleEndianAtTheDocumentedOffsets(@ForAll @IntRange(min = 0, max = 65535) int clientId,
                                                    @ForAll @IntRange(min = 0, max = 255) int op,
                                                    @ForAll @IntRange(min = 0, max = 255) int dev,
                                                    @ForAll int code) {
        ByteBuffer b = ByteBuffer.allocate(MessageHeader.LENGTH).order(MessageHeader.ORDER);
        MessageHeader.put(b, 0, clientId, op, dev, code);
        byte[] a = b.array();
        assertEquals((byte) clientId, a[0]);
        assertEquals((byte) (clientId >>> 8), a[1]);
        assertEquals((byte) op, a[2]);
        assertEquals((byte) dev, a[3]);
        for (int i = 0; i < 4; i++) {
            assertEquals((byte) (code >>> (8 * i)), a[4 + i], "code byte " + i);
        }
    }

    @Property
    void headersReadBackFromAnyBytes(@ForAll byte[] raw) {
        ByteBuffer b = ByteBuffer.allocate(MessageHeader.LENGTH).order(MessageHeader.ORDER);
        for (int i = 0; i < Math.min(raw.length, MessageHeader.LENGTH); i++) {
            b.put(i, raw[i]);
        }
        ByteBuffer again = ByteBuffer.allocate(MessageHeader.LENGTH).order(MessageHeader.ORDER);
        MessageHeader.put(again, 0, MessageHeader.clientId(b, 0), MessageHeader.op(b, 0), MessageHeader.dev(b, 0),
                MessageHeader.code(b, 0));
        assertEquals(b, again, "decode then encode is the identity on every 8 bytes");
    }

    @Property
    void codesPackTwoHalves(@ForAll @IntRange(min = 0, max = 65535) int high,
                            @ForAll @IntRange(min = 0, max = 65535) int low) {
        int c = MessageHeader.blockCode(low, high);
        assertEquals(high, MessageHeader.high(c));
        assertEquals(low, MessageHeader.low(c));
        assertEquals(c, MessageHeader.attrCode(high, low));
    }

    @Property
    void enqueueErrorsAreTellApartFromDequeueErrors(@ForAll @IntRange(min = 1, max = 4095) int errno) {
        int enqueue = MessageHeader.enqueueError(-errno);
        assertTrue(MessageHeader.isEnqueueError(enqueue));
        assertEquals(-errno, enqueue >> 16, "the errno comes back with an arithmetic shift");
        assertTrue(!MessageHeader.isEnqueueError(-errno), "a plain -errno is a dequeue failure");
    }

    @Example
    void libiioStructLayout() {
        assertEquals(8, MessageHeader.LENGTH);
        assertEquals(ByteOrder.LITTLE_ENDIAN, MessageHeader.ORDER);
        assertEquals(23, Opcode.TRANSFER_BLOCK, "main's 2026 numbering");
        assertEquals("RETRY_DEQUEUE_BLOCK", Opcode.name(25));
        assertEquals("NOP", Opcode.name(32));
        assertEquals("op#33", Opcode.name(33));
    }

    @Example
    void everyOpcodeHasMainsNumber() throws IllegalAccessException {
        String[] main = {"RESPONSE", "PRINT", "TIMEOUT", "READ_ATTR", "READ_DBG_ATTR", "READ_BUF_ATTR",
            "READ_CHN_ATTR", "READ_DEV_EVT_ATTR", "READ_CHN_EVT_ATTR", "WRITE_ATTR", "WRITE_DBG_ATTR",
            "WRITE_BUF_ATTR", "WRITE_CHN_ATTR", "WRITE_DEV_EVT_ATTR", "WRITE_CHN_EVT_ATTR", "GETTRIG", "SETTRIG",
            "OPEN_BUFFER", "CLOSE_BUFFER", "ENABLE_BUFFER", "DISABLE_BUFFER", "CREATE_BLOCK", "FREE_BLOCK",
            "TRANSFER_BLOCK", "ENQUEUE_BLOCK_CYCLIC", "RETRY_DEQUEUE_BLOCK", "CREATE_EVSTREAM", "FREE_EVSTREAM",
            "READ_EVENT", "REG_READ", "REG_WRITE", "REFRESH_FORMAT", "NOP"};
        for (int op = 0; op < main.length; op++) {
            assertEquals(main[op], Opcode.name(op));
            assertTrue(Opcode.isDefined(op));
        }
        int constants = 0;
        for (java.lang.reflect.Field f : Opcode.class.getFields()) {
            if (f.getType() == int.class) {
                assertEquals(main[f.getInt(null)], f.getName(), "the constant's name is its number's");
                constants++;
            }
        }
        assertEquals(main.length, constants);
        assertTrue(!Opcode.isDefined(main.length));
    }
}
