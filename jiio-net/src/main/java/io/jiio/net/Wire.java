package io.jiio.net;

import io.jiio.Errno;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts of libiio 0.x's iiod text protocol that both ends must agree on, stated once:
 * <ul>
 * <li>a request is one line ending in {@code \n} (clients send {@code \r\n}); words are separated by
 * runs of blanks; keywords are case-insensitive;</li>
 * <li>every reply except {@code VERSION}'s starts with a decimal integer line: {@code >= 0} success
 * (often a length), negative {@code -errno};</li>
 * <li>{@code VERSION} answers {@code major.minor.tag}, the tag padded to seven characters;</li>
 * <li>a value read back is {@code <n>\n}, n bytes, {@code \n};</li>
 * <li>the all-attributes form of READ and WRITE carries, per attribute in list order, a 4-byte
 * big-endian length (negative: that attribute's {@code -errno}) followed by that many bytes padded
 * with zeros to a multiple of 4; values there are C strings (NUL included in the length).</li>
 * </ul>
 */
public final class Wire {
    /** iiod's well-known TCP port. */
    public static final int DEFAULT_PORT = 30431;
    /** The libiio version this server speaks, as {@code VERSION} reports it: major. */
    public static final int VERSION_MAJOR = 0;
    /** The libiio version this server speaks: minor (0.24, the last of the text protocol). */
    public static final int VERSION_MINOR = 24;
    /** Stands where iiod puts libiio's 7-character git tag. */
    public static final String VERSION_TAG = "jiio000";
    /** The version the binary protocol reports (in its PRINT XML): libiio 1.x's. */
    public static final int BINARY_VERSION_MAJOR = 1;
    /** The binary protocol's minor version. */
    public static final int BINARY_VERSION_MINOR = 0;

    private Wire() {
    }

    /** {@return the {@code VERSION} reply, newline included} */
    public static String versionLine() {
        return VERSION_MAJOR + "." + VERSION_MINOR + "." + String.format("%-7.7s", VERSION_TAG) + "\n";
    }

    /**
     * An integer reply line.
     *
     * @param value the reply: a length or count, or {@code -errno}
     * @return the line, newline included
     */
    public static String integer(long value) {
        return value + "\n";
    }

    /**
     * The error reply for {@code errno}.
     *
     * @param errno what went wrong
     * @return {@code -errno} as an integer line
     */
    public static String error(Errno errno) {
        return integer(-errno.code());
    }

    /**
     * An attribute value as received: values travel as text; the C clients append a NUL, sysfs
     * values end in a newline, and both are cut off here.
     *
     * @param raw    the bytes received
     * @param length how many of them are the value
     * @return the value as UTF-8 text, without trailing NULs and newlines
     */
    public static String attributeText(byte[] raw, int length) {
        int end = length;
        while (end > 0 && (raw[end - 1] == 0 || raw[end - 1] == '\n')) {
            end--;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * One result of an all-attributes read: a value, or an error.
     *
     * @param value the value read, or {@code null} when the read failed
     * @param error why the read failed, or {@code null} when it did not
     */
    public record AttrResult(String value, Errno error) {
        /**
         * A value read.
         *
         * @param value the value
         * @return the result
         */
        public static AttrResult ok(String value) {
            return new AttrResult(value, null);
        }

        /**
         * A read that failed: the reply carries {@code -errno} in place of that attribute's length.
         *
         * @param error why
         * @return the result
         */
        public static AttrResult failed(Errno error) {
            return new AttrResult(null, error);
        }
    }

    /**
     * Encodes the all-attributes read reply body.
     *
     * @param results one per attribute, in the list order both ends agree on
     * @return the body: per attribute a big-endian length (or {@code -errno}), the C string, padding
     */
    public static byte[] encodeAll(List<AttrResult> results) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AttrResult r : results) {
            if (r.error() != null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-r.error().code()).array());
                continue;
            }
            byte[] v = r.value().getBytes(StandardCharsets.UTF_8);
            int len = v.length + 1;
            out.writeBytes(ByteBuffer.allocate(4).putInt(len).array());
            out.writeBytes(v);
            out.write(0);
            for (int pad = (4 - (len & 3)) & 3; pad > 0; pad--) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes the all-attributes write body: one entry per attribute, {@code null} where the client
     * sent a negative length (leave that attribute alone).
     *
     * @param body       the body the client sent
     * @param attributes how many attributes the list has
     * @return the values, in list order
     * @throws IllegalArgumentException when the body is truncated or has more entries than attributes
     */
    public static List<String> decodeAll(byte[] body, int attributes) {
        List<String> values = new ArrayList<>(attributes);
        ByteBuffer b = ByteBuffer.wrap(body);
        for (int i = 0; i < attributes; i++) {
            if (b.remaining() < 4) {
                throw new IllegalArgumentException("all-attributes body ends before attribute " + i);
            }
            int len = b.getInt();
            if (len < 0) {
                values.add(null);
                continue;
            }
            int padded = len + ((4 - (len & 3)) & 3);
            if (len > b.remaining()) {
                throw new IllegalArgumentException("attribute " + i + ": length " + len + " exceeds the body");
            }
            byte[] v = new byte[len];
            b.get(v);
            b.position(Math.min(b.limit(), b.position() + padded - len));
            values.add(attributeText(v, len));
        }
        return values;
    }
}
