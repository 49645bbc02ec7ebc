package io.jiio.model;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads per-channel samples out of a block of interleaved scans laid out by a {@link ScanLayout}.
 * The bulk methods work on caller-owned arrays and allocate nothing, so they can run once per block
 * in a streaming loop. Thread-safe: it holds no mutable state.
 */
public final class Demux {
    private final ScanLayout layout;
    private final int scanBytes;
    private final Map<Channel, ScanLayout.Element> elements;

    /**
     * A demux for blocks laid out as {@code layout}: make it once per buffer, not per block.
     *
     * @param layout the layout of the queue's enabled channels
     */
    public Demux(ScanLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.scanBytes = layout.scanBytes();
        this.elements = new HashMap<>();
        for (Channel c : layout.channels()) {
            elements.put(c, layout.element(c));
        }
    }

    /** {@return the layout this demux reads} */
    public ScanLayout layout() {
        return layout;
    }

    /**
     * How many whole scans a block holds.
     *
     * @param bytesUsed the block's bytes used
     * @return whole scans; a trailing partial scan is not counted
     * @throws IioException EINVAL for a negative count
     */
    public long scans(long bytesUsed) {
        if (bytesUsed < 0) {
            throw new IioException(Errno.EINVAL, "demux: bytes used " + bytesUsed + " is negative");
        }
        return bytesUsed / scanBytes;
    }

    /**
     * One raw sample (its first when the format repeats). For a whole block, the bulk methods are
     * cheaper.
     *
     * @param data the block's memory
     * @param scan the scan's index in the block, from 0
     * @param ch   a channel of the layout
     * @return the raw value, sign-extended as the format says
     * @throws IioException EINVAL for a negative scan or a channel not in the layout
     */
    public long raw(MemorySegment data, long scan, Channel ch) {
        return raw(data, scan, ch, 0);
    }

    /**
     * One raw sample of a repeated element.
     *
     * @param data        the block's memory
     * @param scan        the scan's index in the block, from 0
     * @param ch          a channel of the layout
     * @param repeatIndex which sample of the element, 0 to {@code repeat - 1}
     * @return the raw value
     * @throws IioException EINVAL for a negative scan or a channel not in the layout
     */
    public long raw(MemorySegment data, long scan, Channel ch, int repeatIndex) {
        if (scan < 0) {
            throw new IioException(Errno.EINVAL, "demux: scan " + scan + " is negative");
        }
        ScanLayout.Element e = element(ch);
        return e.format().extract(data, scan * scanBytes + e.offset(), repeatIndex);
    }

    /**
     * Copies the channel's samples from the first {@code bytesUsed} bytes of {@code data} into
     * {@code out}, scan by scan (and, for a repeated format, every repeat of a scan in order), stopping
     * when {@code out} is full.
     *
     * @param data      the block's memory
     * @param bytesUsed the block's bytes used: only whole scans within them are read
     * @param ch        a channel of the layout
     * @param out       where the raw values go, from index 0
     * @return how many entries of {@code out} were filled
     * @throws IioException EINVAL when {@code bytesUsed} exceeds the segment, or the channel is not
     *                      in the layout
     */
    public int rawValues(MemorySegment data, long bytesUsed, Channel ch, long[] out) {
        checkUsed(data, bytesUsed);
        return rawValues(data, 0, scans(bytesUsed), ch, out, 0);
    }

    /**
     * Copies the channel's samples of scans {@code firstScan .. firstScan + scans - 1} of
     * {@code data} into {@code out} from {@code outOffset} on (every repeat of a scan in order),
     * stopping when {@code out} is full: for gathering one array from several blocks.
     *
     * @param data      the block's memory
     * @param firstScan the first scan to copy, counted from the start of {@code data}
     * @param scans     how many scans to copy
     * @param ch        the channel, one of the layout's
     * @param out       where the samples go
     * @param outOffset the first entry of {@code out} to fill
     * @return how many entries of {@code out} were filled
     */
    public int rawValues(MemorySegment data, long firstScan, long scans, Channel ch, long[] out, int outOffset) {
        ScanLayout.Element e = element(ch);
        ScanFormat f = e.format();
        if (firstScan < 0 || scans < 0 || outOffset < 0 || outOffset > out.length) {
            throw new IioException(Errno.EINVAL, "demux: scans " + firstScan + "+" + scans + " into offset "
                    + outOffset + " of " + out.length);
        }
        checkUsed(data, (firstScan + scans) * scanBytes);
        int n = outOffset + (int) Math.min(scans * f.repeat(), out.length - outOffset);
        int stride = f.storageBytes();
        int repeat = f.repeat();
        long base = firstScan * scanBytes + e.offset();
        for (int i = outOffset; i < n; base += scanBytes) {
            long at = base;
            for (int r = 0; r < repeat && i < n; r++, at += stride) {
                out[i++] = f.extract(data, at);
            }
        }
        return n - outOffset;
    }

    /**
     * As {@link #rawValues}, converted to physical units with {@link #toPhysical}; the caller reads
     * offset and scale once (they are attributes, i.e. I/O) and passes them in.
     *
     * @param data      the block's memory
     * @param bytesUsed the block's bytes used
     * @param ch        a channel of the layout
     * @param offset    the channel's {@link Channel#offset()}
     * @param scale     the channel's {@link Channel#scale()}
     * @param out       where the physical values go, from index 0
     * @return how many entries of {@code out} were filled
     * @throws IioException as {@link #rawValues}
     */
    public int physicalValues(MemorySegment data, long bytesUsed, Channel ch, double offset, double scale,
                              double[] out) {
        ScanLayout.Element e = element(ch);
        ScanFormat f = e.format();
        int n = count(data, bytesUsed, f, out.length);
        int stride = f.storageBytes();
        int repeat = f.repeat();
        long base = e.offset();
        for (int i = 0; i < n; base += scanBytes) {
            long at = base;
            for (int r = 0; r < repeat && i < n; r++, at += stride) {
                out[i++] = toPhysical(f.extract(data, at), offset, scale);
            }
        }
        return n;
    }

    /**
     * The IIO convention for physical units: {@code (raw + offset) × scale}.
     *
     * @param raw    a raw sample
     * @param offset the channel's offset
     * @param scale  the channel's scale
     * @return the value in the kernel's unit for the channel type (e.g. millivolts)
     */
    public static double toPhysical(long raw, double offset, double scale) {
        return (raw + offset) * scale;
    }

    private static void checkUsed(MemorySegment data, long bytesUsed) {
        if (bytesUsed > data.byteSize()) {
            throw new IioException(Errno.EINVAL, "demux: bytes used " + bytesUsed + " exceed the segment's "
                    + data.byteSize() + " bytes");
        }
    }

    private int count(MemorySegment data, long bytesUsed, ScanFormat f, int capacity) {
        checkUsed(data, bytesUsed);
        long values = scans(bytesUsed) * f.repeat();
        return (int) Math.min(values, capacity);
    }

    private ScanLayout.Element element(Channel ch) {
        ScanLayout.Element e = elements.get(ch);
        if (e == null) {
            throw new IioException(Errno.EINVAL, "demux: channel " + (ch == null ? "null" : ch.describe())
                    + " is not in the scan layout");
        }
        return e;
    }
}
