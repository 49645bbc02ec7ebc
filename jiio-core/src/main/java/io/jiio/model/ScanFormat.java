package io.jiio.model;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * How one scan element sits in a buffer: the kernel's {@code scan_elements/*_type} text
 * ({@code le:s12/16>>4}) as a value. Demuxing and the simulated devices both go through
 * {@link #extract} and {@link #store}, so the bit twiddling lives in exactly one place.
 *
 * @param bigEndian    {@code be} rather than {@code le}
 * @param signed       two's complement sample, sign-extended on extraction
 * @param bits         the significant ("real") bits
 * @param storageBits  the container: 8, 16, 32 or 64
 * @param repeat       how many samples of this format the element holds (the kernel's {@code X<n>})
 * @param shift        how far the sample sits above bit 0 of the container
 * @param fullyDefined libiio's upper-case {@code S}/{@code U}: every bit of the sample is meaningful
 */
public record ScanFormat(boolean bigEndian, boolean signed, int bits, int storageBits, int repeat,
                         int shift, boolean fullyDefined) {

    /** The kernel keeps repeat in a {@code u8}; the cap also keeps element sizes far from overflow. */
    public static final int MAX_REPEAT = 255;

    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /**
     * Checks that the figures describe a format the kernel could report.
     *
     * @throws IioException EINVAL naming the format and the problem: a container other than 8, 16,
     *                      32 or 64 bits, a sample that does not fit it with its shift, a repeat
     *                      outside 1..{@value #MAX_REPEAT}
     */
    public ScanFormat {
        String problem = problem(bits, storageBits, repeat, shift);
        if (problem != null) {
            throw new IioException(Errno.EINVAL, "scan format '"
                    + format(bigEndian, signed, bits, storageBits, repeat, shift, fullyDefined) + "': " + problem);
        }
    }

    /**
     * Reads the kernel/libiio text form {@code (be|le):(s|u|S|U)bits/storagebits[Xrepeat]>>shift}.
     * The text must be exactly that: callers reading sysfs strip the trailing newline first.
     *
     * @param text e.g. {@code le:s12/16>>4}
     * @return the format
     * @throws IioException EINVAL naming the text and what is wrong with it
     */
    public static ScanFormat parse(String text) {
        return new Parser(text).parse();
    }

    /** {@return the container size in bytes: the stride between repeated samples} */
    public int storageBytes() {
        return storageBits >>> 3;
    }

    /** {@return the bytes the whole element occupies in a scan, which is also its alignment there} */
    public int elementBytes() {
        return (storageBits >>> 3) * repeat;
    }

    /**
     * Reads one sample.
     *
     * @param seg    the block's memory
     * @param offset where the container starts, in bytes
     * @return the sample: unshifted, masked and sign-extended as the format says (the raw value)
     */
    public long extract(MemorySegment seg, long offset) {
        long raw = readRaw(seg, offset);
        if (bits == 64) {
            return raw;
        }
        long v = raw >>> shift;
        int spare = 64 - bits;
        return signed ? (v << spare) >> spare : v & (-1L >>> spare);
    }

    /**
     * Reads one sample of a repeated element.
     *
     * @param seg         the block's memory
     * @param offset      where the element starts, in bytes
     * @param repeatIndex which sample, 0 to {@code repeat - 1}
     * @return the sample, as {@link #extract(MemorySegment, long)}
     */
    public long extract(MemorySegment seg, long offset, int repeatIndex) {
        return extract(seg, offset + repeatOffset(repeatIndex));
    }

    /**
     * Writes {@code value} as a device would: its low {@code bits} bits, shifted into place, filling the
     * whole container (bits outside the sample become zero).
     *
     * @param seg    the block's memory
     * @param offset where the container starts, in bytes
     * @param value  the raw sample; bits above {@code bits} are dropped
     */
    public void store(MemorySegment seg, long offset, long value) {
        long raw = (value & (-1L >>> (64 - bits))) << shift;
        switch (storageBits) {
            case 8 -> seg.set(ValueLayout.JAVA_BYTE, offset, (byte) raw);
            case 16 -> seg.set(bigEndian ? BE16 : LE16, offset, (short) raw);
            case 32 -> seg.set(bigEndian ? BE32 : LE32, offset, (int) raw);
            default -> seg.set(bigEndian ? BE64 : LE64, offset, raw);
        }
    }

    /**
     * Writes one sample of a repeated element, as {@link #store(MemorySegment, long, long)}.
     *
     * @param seg         the block's memory
     * @param offset      where the element starts, in bytes
     * @param repeatIndex which sample, 0 to {@code repeat - 1}
     * @param value       the raw sample
     */
    public void store(MemorySegment seg, long offset, int repeatIndex, long value) {
        store(seg, offset + repeatOffset(repeatIndex), value);
    }

    /** The canonical text, which {@link #parse} reads back to an equal format. */
    @Override
    public String toString() {
        return format(bigEndian, signed, bits, storageBits, repeat, shift, fullyDefined);
    }

    /**
     * The format as libiio shows it (iio_info, the context XML): the sign upper-case when every bit
     * of the storage is sample ({@code le:S16/16>>0}) or the format says so, as libiio decides
     * "fully defined"; {@code X<repeat>} only above 1.
     *
     * @return e.g. {@code le:S16/16>>0}
     */
    public String libiioForm() {
        return format(bigEndian, signed, bits, storageBits, repeat, shift, fullyDefined || bits == storageBits);
    }

    private long readRaw(MemorySegment seg, long offset) {
        return switch (storageBits) {
            case 8 -> seg.get(ValueLayout.JAVA_BYTE, offset) & 0xFFL;
            case 16 -> seg.get(bigEndian ? BE16 : LE16, offset) & 0xFFFFL;
            case 32 -> seg.get(bigEndian ? BE32 : LE32, offset) & 0xFFFF_FFFFL;
            default -> seg.get(bigEndian ? BE64 : LE64, offset);
        };
    }

    private long repeatOffset(int repeatIndex) {
        if (repeatIndex < 0 || repeatIndex >= repeat) {
            throw new IioException(Errno.EINVAL, "scan format '" + this + "': repeat index " + repeatIndex
                    + " out of range 0.." + (repeat - 1));
        }
        return (long) repeatIndex * (storageBits >>> 3);
    }

    static String problem(int bits, int storageBits, int repeat, int shift) {
        if (storageBits != 8 && storageBits != 16 && storageBits != 32 && storageBits != 64) {
            return "storage bits " + storageBits + " not one of 8, 16, 32, 64";
        }
        if (bits < 1) {
            return "bits " + bits + " must be at least 1";
        }
        if (bits > storageBits) {
            return "bits " + bits + " exceed storage bits " + storageBits;
        }
        if (shift < 0) {
            return "shift " + shift + " is negative";
        }
        if (shift > storageBits - bits) {
            return "shift " + shift + " + bits " + bits + " exceed storage bits " + storageBits;
        }
        if (repeat < 1) {
            return "repeat " + repeat + " must be at least 1";
        }
        if (repeat > MAX_REPEAT) {
            return "repeat " + repeat + " exceeds " + MAX_REPEAT;
        }
        return null;
    }

    private static String format(boolean bigEndian, boolean signed, int bits, int storageBits, int repeat,
                                 int shift, boolean fullyDefined) {
        StringBuilder b = new StringBuilder(24).append(bigEndian ? "be:" : "le:");
        char sign = signed ? 's' : 'u';
        b.append(fullyDefined ? Character.toUpperCase(sign) : sign).append(bits).append('/').append(storageBits);
        if (repeat > 1) {
            b.append('X').append(repeat);
        }
        return b.append(">>").append(shift).toString();
    }

    /** A single left-to-right pass; no regex, so no backtracking on hostile input. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        ScanFormat parse() {
            if (text == null) {
                throw new IioException(Errno.EINVAL, "scan format is null");
            }
            if (text.isEmpty()) {
                throw fail("empty");
            }
            boolean be;
            if (text.startsWith("be:")) {
                be = true;
            } else if (text.startsWith("le:")) {
                be = false;
            } else {
                throw fail("endianness must be 'be:' or 'le:'");
            }
            pos = 3;
            if (pos >= text.length()) {
                throw fail("missing sign");
            }
            char s = text.charAt(pos++);
            boolean signed = s == 's' || s == 'S';
            boolean fully = s == 'S' || s == 'U';
            if (!signed && s != 'u' && s != 'U') {
                throw fail("sign '" + s + "' is not one of s, u, S, U");
            }
            int bits = number("bits");
            expect("/", "storage bits");
            int storage = number("storage bits");
            int repeat = 1;
            if (pos < text.length() && text.charAt(pos) == 'X') {
                pos++;
                repeat = number("repeat");
            }
            expect(">>", "shift");
            int shift = number("shift");
            if (pos != text.length()) {
                throw fail("trailing characters '" + text.substring(pos) + "'");
            }
            if (storage % 8 != 0) {
                throw fail("storage bits " + storage + " not a multiple of 8");
            }
            String problem = problem(bits, storage, repeat, shift);
            if (problem != null) {
                throw fail(problem);
            }
            return new ScanFormat(be, signed, bits, storage, repeat, shift, fully);
        }

        private void expect(String token, String before) {
            if (!text.startsWith(token, pos)) {
                throw fail("expected '" + token + "' before " + before + " at index " + pos);
            }
            pos += token.length();
        }

        private int number(String what) {
            int start = pos;
            long value = 0;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                if (value > Integer.MAX_VALUE) {
                    throw fail(what + " too large");
                }
                pos++;
            }
            if (pos == start) {
                throw fail("missing " + what + " at index " + start);
            }
            return (int) value;
        }

        private IioException fail(String reason) {
            return new IioException(Errno.EINVAL, "scan format '" + text + "': " + reason);
        }
    }
}
