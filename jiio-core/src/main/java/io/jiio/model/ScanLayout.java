package io.jiio.model;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where each enabled channel's sample sits inside one scan, computed the way the kernel's
 * {@code iio_compute_scan_bytes} does, because the kernel (or iiod, or the simulator acting as the
 * kernel) fills buffers with exactly that layout:
 * <ul>
 * <li>elements follow in scan index order;</li>
 * <li>channels sharing a scan index share one slot (the first one listed sizes it);</li>
 * <li>each element starts at a multiple of its own size ({@link ScanFormat#elementBytes()});</li>
 * <li>the scan is padded to a multiple of its largest element, so consecutive scans stay aligned.</li>
 * </ul>
 * Immutable.
 */
public final class ScanLayout {

    /**
     * One channel's place in the scan.
     *
     * @param channel the channel
     * @param offset  where its element starts in a scan, in bytes
     * @param format  its scan format
     */
    public record Element(Channel channel, int offset, ScanFormat format) {
        /** Checks that channel and format are there. */
        public Element {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(format, "format");
        }
    }

    private final int scanBytes;
    private final List<Element> elements;
    private final List<Channel> channels;
    private final Map<Channel, Element> byChannel;

    private ScanLayout(int scanBytes, List<Element> elements, List<Channel> channels,
                       Map<Channel, Element> byChannel) {
        this.scanBytes = scanBytes;
        this.elements = List.copyOf(elements);
        this.channels = List.copyOf(channels);
        this.byChannel = byChannel;
    }

    /**
     * The layout for exactly these channels, in any order.
     *
     * @param channels scan elements of one device
     * @return the layout
     * @throws IioException EINVAL when the list is empty, a channel is not a scan element or is listed
     *                      twice, or two channels share a scan index but not an element size
     */
    public static ScanLayout of(List<Channel> channels) {
        return build(channels, "scan layout");
    }

    /**
     * The layout for the channels of {@code device} enabled in {@code mask}: what a buffer opened
     * with that mask fills its blocks with.
     *
     * @param device the device
     * @param mask   a mask sized for its channels
     * @return the layout
     * @throws IioException EINVAL for an ill-sized or empty mask, and as {@link #of(List)}
     */
    public static ScanLayout of(Device device, ChannelMask mask) {
        List<Channel> all = device.channels();
        String what = "scan layout of " + device.displayName();
        if (mask.channelCount() != all.size()) {
            throw new IioException(Errno.EINVAL, what + ": mask is for " + mask.channelCount()
                    + " channels, the device has " + all.size());
        }
        List<Channel> enabled = new ArrayList<>(mask.cardinality());
        mask.positions().forEach(p -> enabled.add(all.get(p)));
        return build(enabled, what);
    }

    private static ScanLayout build(List<Channel> given, String what) {
        Objects.requireNonNull(given, "channels");
        if (given.isEmpty()) {
            throw new IioException(Errno.EINVAL, what + ": no channel enabled");
        }
        Map<Channel, Boolean> seen = new IdentityHashMap<>();
        for (Channel c : given) {
            Objects.requireNonNull(c, "channel");
            if (!c.isScanElement()) {
                throw new IioException(Errno.EINVAL, what + ": channel " + c.describe() + " is not a scan element");
            }
            if (seen.put(c, Boolean.TRUE) != null) {
                throw new IioException(Errno.EINVAL, what + ": channel " + c.describe() + " is listed twice");
            }
        }
        List<Channel> sorted = new ArrayList<>(given);
        sorted.sort(Comparator.comparingInt(Channel::scanIndex));

        List<Element> elements = new ArrayList<>();
        Map<Channel, Element> byChannel = new HashMap<>();
        Element slot = null;
        long bytes = 0;
        int largest = 0;
        for (Channel c : sorted) {
            ScanFormat f = c.format();
            if (slot != null && slot.channel().scanIndex() == c.scanIndex()) {
                if (f.elementBytes() != slot.format().elementBytes()) {
                    throw new IioException(Errno.EINVAL, what + ": channel " + c.describe() + " shares scan index "
                            + c.scanIndex() + " with " + slot.channel().describe() + " but its element is "
                            + f.elementBytes() + " bytes, not " + slot.format().elementBytes());
                }
                byChannel.put(c, new Element(c, slot.offset(), f));
                continue;
            }
            int size = f.elementBytes();
            long offset = roundUp(bytes, size);
            bytes = offset + size;
            largest = Math.max(largest, size);
            if (bytes > Integer.MAX_VALUE) {
                throw new IioException(Errno.EINVAL, what + ": scan exceeds " + Integer.MAX_VALUE + " bytes");
            }
            slot = new Element(c, (int) offset, f);
            elements.add(slot);
            byChannel.put(c, slot);
        }
        long total = roundUp(bytes, largest);
        if (total > Integer.MAX_VALUE) {
            throw new IioException(Errno.EINVAL, what + ": scan exceeds " + Integer.MAX_VALUE + " bytes");
        }
        return new ScanLayout((int) total, elements, sorted, byChannel);
    }

    private static long roundUp(long value, int multiple) {
        long rest = value % multiple;
        return rest == 0 ? value : value + multiple - rest;
    }

    /**
     * {@return the size of one scan in bytes, padding included: the stride between consecutive
     * scans in a block}
     */
    public int scanBytes() {
        return scanBytes;
    }

    /** {@return one element per occupied slot (distinct scan index), by ascending offset} */
    public List<Element> elements() {
        return elements;
    }

    /** {@return every channel the layout was built from, aliases included, in scan index order} */
    public List<Channel> channels() {
        return channels;
    }

    /**
     * The channel's element; for a channel aliasing another's slot, an element with the alias itself,
     * the shared offset and the alias's own format.
     *
     * @param channel a channel of the layout
     * @return its element
     * @throws IioException EINVAL when the channel is not part of the layout
     */
    public Element element(Channel channel) {
        Element e = byChannel.get(channel);
        if (e == null) {
            throw new IioException(Errno.EINVAL, "scan layout: channel " + describe(channel) + " is not enabled in it");
        }
        return e;
    }

    /**
     * Whether the channel is part of the layout.
     *
     * @param channel any channel
     * @return true when it is
     */
    public boolean contains(Channel channel) {
        return byChannel.containsKey(channel);
    }

    /**
     * The channel's byte offset within a scan.
     *
     * @param channel a channel of the layout
     * @return the offset
     * @throws IioException EINVAL when the channel is not part of the layout
     */
    public int offsetOf(Channel channel) {
        return element(channel).offset();
    }

    /** {@code ScanLayout[16 bytes: voltage0@0 le:s16/16>>0, timestamp@8 le:s64/64>>0]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ScanLayout[").append(scanBytes).append(" bytes:");
        for (int i = 0; i < channels.size(); i++) {
            Element e = byChannel.get(channels.get(i));
            b.append(i == 0 ? " " : ", ").append(e.channel().describe()).append('@').append(e.offset())
                    .append(' ').append(e.format());
        }
        return b.append(']').toString();
    }

    private static String describe(Channel channel) {
        return channel == null ? "null" : channel.describe();
    }
}
