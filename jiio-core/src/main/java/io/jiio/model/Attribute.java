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
    /**
     * Whether an attribute can be written, as its backend knows it ({@link #access()}). IIO itself
     * does not say: {@code local:} reads it from the sysfs file's mode, {@code sim:} and
     * {@code sigmf:} from their definitions; over {@code ip:} it is {@link #UNKNOWN}.
     */
    public enum Access {
        /** A write reaches the driver, which may still refuse the value (EINVAL) or the moment (EBUSY). */
        WRITABLE,
        /** A write would be refused (EACCES): a sysfs file without a write bit, a computed value. */
        READ_ONLY,
        /** The backend cannot tell; only a write shows. */
        UNKNOWN
    }

    private final AttributeKind kind;
    private final String name;
    private final String filename;
    private final AttributeIo io;
    private Device device;
    private Channel channel;

    /**
     * Makes an attribute; for backends, which pass it to its device or channel.
     *
     * @param kind     where it lives
     * @param name     the name users address it by
     * @param filename the sysfs file name, or {@code null} when it is the name
     * @param io       what reads and writes it: the backend
     */
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

    /** {@return where the attribute lives} */
    public AttributeKind kind() {
        return kind;
    }

    /** {@return the attribute's name as users address it: {@code raw}, {@code sampling_frequency}} */
    public String name() {
        return name;
    }

    /**
     * {@return the sysfs file name, e.g. {@code in_voltage0_raw}; equals {@link #name()} for device
     * attributes}
     */
    public String filename() {
        return filename;
    }

    /** {@return the device the attribute belongs to (a channel attribute's too)} */
    public Device device() {
        return device;
    }

    /** {@return the owning channel, or {@code null} for device, buffer and debug attributes} */
    public Channel channel() {
        return channel;
    }

    /**
     * Reads the value now, from the backend (sysfs, the simulator, a server): nothing is cached.
     *
     * @return the value as text
     * @throws IioException the backend's errno, naming the attribute
     */
    public String read() {
        return io.read(this);
    }

    /**
     * Writes a value; the driver may round or refuse it, so read it back to know what was set.
     *
     * @param value the value as text, e.g. {@code 1000000}
     * @throws IioException the backend's errno (EINVAL for a value the driver refuses, EBUSY for
     *                      one it cannot take while streaming), naming the attribute
     */
    public void write(String value) {
        io.write(this, Objects.requireNonNull(value, "value"));
    }

    /**
     * Whether the attribute can be written, as far as its backend can tell without writing it
     * (nothing is written; {@code local:} looks at the file's mode, which may take a system call).
     *
     * @return {@link Access#WRITABLE}, {@link Access#READ_ONLY}, or {@link Access#UNKNOWN} where
     *         the backend cannot tell ({@code ip:})
     */
    public Access access() {
        return io.access(this);
    }

    /**
     * Reads the value as an integer.
     *
     * @return the value
     * @throws IioException as {@link #read()}, or EINVAL naming the attribute and the text when it
     *                      is not an integer
     */
    public long readLong() {
        String text = read().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IioException(Errno.EINVAL, describe() + ": value '" + text + "' is not an integer");
        }
    }

    /**
     * Reads the value as a number.
     *
     * @return the value
     * @throws IioException as {@link #read()}, or EINVAL naming the attribute and the text when it
     *                      is not a number
     */
    public double readDouble() {
        String text = read().trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IioException(Errno.EINVAL, describe() + ": value '" + text + "' is not a number");
        }
    }

    /**
     * Writes an integer value, as {@link #write(String)}.
     *
     * @param value the value
     */
    public void write(long value) {
        write(Long.toString(value));
    }

    /** {@return a human path to the attribute for messages: {@code sim-adc/voltage0/raw}} */
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
