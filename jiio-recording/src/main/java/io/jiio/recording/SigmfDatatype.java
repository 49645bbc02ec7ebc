package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Channel;
import io.jiio.model.ScanFormat;
import io.jiio.model.ScanLayout;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SigMF dataset format ({@code core:datatype}): real or complex, integer (signed or not) or
 * float, a width, and a byte order for widths above 8 — {@code ri16_le}, {@code ci16_le},
 * {@code cf32_le}, {@code ru8}. A SigMF data file holds one such type; several channels are
 * interleaved sample by sample ({@code core:num_channels}), which is exactly an IIO scan whose
 * elements all share one container and no padding. So a recording writes the device's scans as
 * they are, and a scan layout can be recorded only when its elements agree.
 *
 * @param complex   I/Q pairs ({@code c}) rather than single values ({@code r})
 * @param kind      {@code 'i'} signed integer, {@code 'u'} unsigned, {@code 'f'} IEEE float
 * @param bits      8, 16, 32 or 64 (floats 32 or 64)
 * @param bigEndian {@code _be} (ignored for 8 bits, which carry no suffix)
 */
public record SigmfDatatype(boolean complex, char kind, int bits, boolean bigEndian) {
    private static final Pattern FORM = Pattern.compile("([rc])(f32|f64|i32|i16|u32|u16|i8|u8)(_le|_be)?");

    /**
     * Checks the kind; the width and the byte order are taken as given.
     *
     * @throws IllegalArgumentException a kind other than {@code 'i'}, {@code 'u'} or {@code 'f'}
     */
    public SigmfDatatype {
        if (kind != 'i' && kind != 'u' && kind != 'f') {
            throw new IllegalArgumentException("kind '" + kind + "' is not i, u or f");
        }
    }

    /**
     * Reads {@code core:datatype}.
     *
     * @param text the value, e.g. {@code ci16_le}
     * @return the format it names
     * @throws IioException EINVAL naming the text when it is not a SigMF dataset format (a width above
     *                      8 bits needs {@code _le} or {@code _be}; 8 bits take none)
     */
    public static SigmfDatatype parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new IioException(Errno.EINVAL, "core:datatype '" + text + "' is not a SigMF dataset format"
                    + " (like ri16_le, ci16_le, cf32_le, ru8)");
        }
        int bits = Integer.parseInt(m.group(2).substring(1));
        if (bits == 8 && m.group(3) != null) {
            throw new IioException(Errno.EINVAL, "core:datatype '" + text + "': 8-bit types have no byte order");
        }
        if (bits > 8 && m.group(3) == null) {
            throw new IioException(Errno.EINVAL, "core:datatype '" + text + "': " + bits
                    + "-bit types need _le or _be");
        }
        return new SigmfDatatype(m.group(1).equals("c"), m.group(2).charAt(0), bits, "_be".equals(m.group(3)));
    }

    /**
     * The dataset format of a scan layout: one integer type shared by every element, no padding;
     * complex when the channels come as I/Q pairs (ids ending {@code _i} and {@code _q}, in that
     * order, as the kernel's IIO_MOD_I/Q modifiers name them).
     *
     * @param layout the scan layout of the channels to record
     * @return the one type every element of the scan has
     * @throws IioException EINVAL naming the element that differs, when the scan cannot be one SigMF type
     */
    public static SigmfDatatype of(ScanLayout layout) {
        List<ScanLayout.Element> els = layout.elements();
        ScanFormat first = els.getFirst().format();
        for (ScanLayout.Element e : els) {
            ScanFormat f = e.format();
            if (f.storageBits() != first.storageBits() || f.signed() != first.signed()
                    || f.bigEndian() != first.bigEndian()) {
                throw new IioException(Errno.EINVAL, "a SigMF recording holds one sample type: "
                        + e.channel().id() + " (" + f + ") differs from " + els.getFirst().channel().id() + " ("
                        + first + "); record such channels separately");
            }
        }
        int values = 0;
        for (ScanLayout.Element e : els) {
            values += e.format().repeat();
        }
        if (values * first.storageBytes() != layout.scanBytes()) {
            throw new IioException(Errno.EINVAL, "a SigMF recording has no padding between samples, but these "
                    + "channels' scan of " + layout.scanBytes() + " bytes pads " + values + " samples of "
                    + first.storageBytes() + " bytes");
        }
        return new SigmfDatatype(isIq(layout.channels()), first.signed() ? 'i' : 'u', first.storageBits(),
                first.bigEndian());
    }

    private static boolean isIq(List<Channel> channels) {
        if (channels.size() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < channels.size(); i += 2) {
            String a = channels.get(i).id();
            String b = channels.get(i + 1).id();
            if (!a.endsWith("_i") || !b.equals(a.substring(0, a.length() - 2) + "_q")) {
                return false;
            }
        }
        return true;
    }

    /** {@return bytes of one value (half a complex sample)} */
    public int valueBytes() {
        return bits / 8;
    }

    /** {@return values per SigMF sample of one channel: 2 for complex, else 1} */
    public int valuesPerSample() {
        return complex ? 2 : 1;
    }

    /**
     * The IIO scan format a replayed value takes when the recording does not say more (every bit
     * significant, no shift).
     *
     * @return the scan format of one value
     * @throws IioException EINVAL for float data, which IIO scans cannot carry
     */
    public ScanFormat scanFormat() {
        if (kind == 'f') {
            throw new IioException(Errno.EINVAL, "core:datatype '" + this + "': float samples cannot be replayed"
                    + " as an IIO device, whose scans hold integers");
        }
        return new ScanFormat(bigEndian, kind == 'i', bits, bits, 1, 0, false);
    }

    @Override
    public String toString() {
        return (complex ? "c" : "r") + kind + bits + (bits == 8 ? "" : bigEndian ? "_be" : "_le");
    }
}
