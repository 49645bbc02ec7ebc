package io.jiio.model;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One channel of a device: {@code voltage0}, {@code timestamp}, {@code altvoltage1} … A channel that
 * is a scan element has a scan index and a {@link ScanFormat}; it can then be enabled in a
 * {@link ChannelMask} and streamed through a buffer.
 */
public final class Channel {
    private final String id;
    private final String name;
    private final String label;
    private final Direction direction;
    private final int scanIndex;
    private final ScanFormat format;
    private final List<Attribute> attributes;
    private Device device;
    private int position = -1;

    /**
     * @param scanIndex the kernel's scan index, or -1 when the channel is not a scan element
     * @param format    the scan element format, or {@code null} when not a scan element
     */
    public Channel(String id, String name, String label, Direction direction, int scanIndex,
                   ScanFormat format, List<Attribute> attributes) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = name;
        this.label = label;
        this.direction = Objects.requireNonNull(direction, "direction");
        if ((scanIndex >= 0) != (format != null)) {
            throw new IioException(Errno.EINVAL, "channel " + id
                    + ": a scan element needs both a scan index and a format (index " + scanIndex
                    + ", format " + format + ")");
        }
        this.scanIndex = scanIndex;
        this.format = format;
        this.attributes = List.copyOf(attributes);
    }

    void bind(Device device, int position) {
        this.device = device;
        this.position = position;
        for (Attribute a : attributes) {
            a.bind(device, this);
        }
    }

    public String id() {
        return id;
    }

    /** The extended name ({@code in_voltage0_vccint_raw} → {@code vccint}), or {@code null}. */
    public String name() {
        return name;
    }

    public String label() {
        return label;
    }

    public Direction direction() {
        return direction;
    }

    public boolean isOutput() {
        return direction == Direction.OUTPUT;
    }

    public boolean isScanElement() {
        return scanIndex >= 0;
    }

    /** The kernel's scan index, -1 when the channel is not a scan element. */
    public int scanIndex() {
        return scanIndex;
    }

    /** The scan element's format, or {@code null} when the channel is not a scan element. */
    public ScanFormat format() {
        return format;
    }

    public Device device() {
        return device;
    }

    /** The channel's place in its device's channel list: its bit in a {@link ChannelMask}. */
    public int position() {
        return position;
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    public Optional<Attribute> attribute(String attrName) {
        for (Attribute a : attributes) {
            if (a.name().equals(attrName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The attribute, or an ENOENT error naming the channel and the attribute. */
    public Attribute requireAttribute(String attrName) {
        return attribute(attrName).orElseThrow(() -> new IioException(Errno.ENOENT,
                "channel " + describe() + " has no attribute '" + attrName + "'"));
    }

    /** The {@code scale} attribute's value, 1.0 when the channel has none. */
    public double scale() {
        return attribute("scale").map(Attribute::readDouble).orElse(1.0);
    }

    /** The {@code offset} attribute's value, 0.0 when the channel has none. */
    public double offset() {
        return attribute("offset").map(Attribute::readDouble).orElse(0.0);
    }

    public String describe() {
        return device == null ? id : device.displayName() + "/" + id;
    }

    @Override
    public String toString() {
        return describe();
    }
}
