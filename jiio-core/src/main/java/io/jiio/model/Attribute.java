package io.jiio.model;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.Objects;

/**
 * One named attribute of a device, channel, buffer or debug area. Values travel as text, exactly as
 * sysfs and the iiod protocol carry them; the typed helpers parse that text and name the attribute
 * when it does not parse.
 */
public final class Attribute {
    private final AttributeKind kind;
    private final String name;
    private final String filename;
    private final AttributeIo io;
    private Device device;
    private Channel channel;

    public Attribute(AttributeKind kind, String name, String filename, AttributeIo io) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
        this.filename = filename == null ? name : filename;
        this.io = Objects.requireNonNull(io, "io");
    }

    void bind(Device device, Channel channel) {
        this.device = device;
        this.channel = channel;
    }

    public AttributeKind kind() {
        return kind;
    }

    /** The attribute's name as users address it: {@code raw}, {@code sampling_frequency}. */
    public String name() {
        return name;
    }

    /** The sysfs file name, e.g. {@code in_voltage0_raw}; equals {@link #name()} for device attributes. */
    public String filename() {
        return filename;
    }

    public Device device() {
        return device;
    }

    /** The owning channel, or {@code null} for device, buffer and debug attributes. */
    public Channel channel() {
        return channel;
    }

    public String read() {
        return io.read(this);
    }

    public void write(String value) {
        io.write(this, Objects.requireNonNull(value, "value"));
    }

    public long readLong() {
        String text = read().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IioException(Errno.EINVAL, describe() + ": value '" + text + "' is not an integer");
        }
    }

    public double readDouble() {
        String text = read().trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IioException(Errno.EINVAL, describe() + ": value '" + text + "' is not a number");
        }
    }

    public void write(long value) {
        write(Long.toString(value));
    }

    /** A human path to the attribute for messages: {@code sim-adc/voltage0/raw}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (device != null) {
            b.append(device.displayName()).append('/');
        }
        if (channel != null) {
            b.append(channel.id()).append('/');
        }
        if (kind == AttributeKind.BUFFER) {
            b.append("buffer/");
        } else if (kind == AttributeKind.DEBUG) {
            b.append("debug/");
        }
        return b.append(name).toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
