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
     * Makes a channel; for backends, which pass it to its {@link Device}. Binds its attributes to it.
     *
     * @param id         e.g. {@code voltage0} ({@code in_}/{@code out_} is the direction, not the id)
     * @param name       the extended name, or {@code null}
     * @param label      the channel's label attribute, or {@code null}
     * @param direction  input or output
     * @param scanIndex  the kernel's scan index, or -1 when the channel is not a scan element
     * @param format     the scan element format, or {@code null} when not a scan element
     * @param attributes its attributes
     * @throws IioException EINVAL when only one of scan index and format is given
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

    /** {@return the id, e.g. {@code voltage0}; unique per direction within the device} */
    public String id() {
        return id;
    }

    /** {@return the extended name ({@code in_voltage0_vccint_raw} → {@code vccint}), or {@code null}} */
    public String name() {
        return name;
    }

    /** {@return the channel's label ({@code in_voltage0_label}), or {@code null}} */
    public String label() {
        return label;
    }

    /** {@return input or output} */
    public Direction direction() {
        return direction;
    }

    /** {@return whether this is an output channel (a DAC's)} */
    public boolean isOutput() {
        return direction == Direction.OUTPUT;
    }

    /** {@return whether the channel can be streamed: it has a scan index and a format} */
    public boolean isScanElement() {
        return scanIndex >= 0;
    }

    /** {@return the kernel's scan index (a scan's order), -1 when the channel is not a scan element} */
    public int scanIndex() {
        return scanIndex;
    }

    /** {@return the scan element's format, or {@code null} when the channel is not a scan element} */
    public ScanFormat format() {
        return format;
    }

    /** {@return the device the channel belongs to} */
    public Device device() {
        return device;
    }

    /** {@return the channel's place in its device's channel list: its bit in a {@link ChannelMask}} */
    public int position() {
        return position;
    }

    /** {@return the channel's attributes ({@code raw}, {@code scale}, {@code offset} …)} */
    public List<Attribute> attributes() {
        return attributes;
    }

    /**
     * An attribute by name.
     *
     * @param attrName e.g. {@code scale} (not the file name {@code in_voltage0_scale})
     * @return the attribute, or empty
     */
    public Optional<Attribute> attribute(String attrName) {
        for (Attribute a : attributes) {
            if (a.name().equals(attrName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * An attribute by name, as {@link #attribute(String)}.
     *
     * @param attrName e.g. {@code scale}
     * @return the attribute
     * @throws IioException ENOENT naming the channel and the attribute when there is none
     */
    public Attribute requireAttribute(String attrName) {
        return attribute(attrName).orElseThrow(() -> new IioException(Errno.ENOENT,
                "channel " + describe() + " has no attribute '" + attrName + "'"));
    }

    /**
     * The {@code scale} attribute's value, read now: physical value = (raw + offset) × scale, in the
     * kernel's units for the channel type (millivolts for voltage, milli-degrees for temperature).
     *
     * @return the scale, 1.0 when the channel has none
     * @throws IioException when it cannot be read, or EINVAL when it is not a number
     */
    public double scale() {
        return attribute("scale").map(Attribute::readDouble).orElse(1.0);
    }

    /**
     * The {@code offset} attribute's value, read now (added to the raw value before scaling).
     *
     * @return the offset, 0.0 when the channel has none
     * @throws IioException when it cannot be read, or EINVAL when it is not a number
     */
    public double offset() {
        return attribute("offset").map(Attribute::readDouble).orElse(0.0);
    }

    /** {@return the channel for messages: {@code sim-adc/voltage0}} */
    public String describe() {
        return device == null ? id : device.displayName() + "/" + id;
    }

    @Override
    public String toString() {
        return describe();
    }
}
