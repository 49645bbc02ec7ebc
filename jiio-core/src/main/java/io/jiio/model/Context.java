package io.jiio.model;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.spi.ContextBackend;
import io.jiio.spi.ContextProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * An IIO context: the devices one backend reaches. Open one with a URI, exactly as libiio does:
 * {@code sim:} (the simulated devices, the default), {@code local:} (this machine's IIO hardware),
 * {@code ip:host[:port]} (an iiod server).
 */
public final class Context implements AutoCloseable {
    /** The URI used when none is given: the simulated devices, which run anywhere. */
    public static final String DEFAULT_URI = "sim:";
    /** {@link #open(String, long)}: each backend's own default (libiio's 0; {@code ip:} 5000 ms). */
    public static final long DEFAULT_TIMEOUT = 0;
    /** {@link #open(String, long)}: wait as long as it takes (libiio's -1). */
    public static final long NO_TIMEOUT = -1;

    private final String name;
    private final String description;
    private final Map<String, String> attributes;
    private final List<Device> devices;
    private final ContextBackend backend;
    private volatile boolean closed;

    /**
     * Makes a context of a backend's devices; for backends (applications call {@link #open}).
     * Binds every device to this context and {@code backend}, so a device belongs to one context.
     *
     * @param name        the backend's name ({@code sim}, {@code local}, {@code network})
     * @param description free text (the OS and its version for {@code local:}), or {@code null}
     * @param attributes  context attributes, copied in their order
     * @param devices     the devices, in the order tools list them
     * @param backend     what carries out the devices' operations; closed with the context
     */
    public Context(String name, String description, Map<String, String> attributes,
                   List<Device> devices, ContextBackend backend) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description == null ? "" : description;
        this.attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.devices = List.copyOf(devices);
        this.backend = Objects.requireNonNull(backend, "backend");
        for (Device d : this.devices) {
            d.bind(this, backend);
        }
    }

    /**
     * Opens the context a URI names. {@code null} or empty means {@link #DEFAULT_URI}. The scheme
     * picks a {@link ContextProvider} from the class path; an unknown scheme is an error that lists
     * the known ones.
     *
     * @param uri a context URI, e.g. {@code sim:}, {@code local:}, {@code ip:192.168.2.1}
     * @return the open context; the caller closes it, which closes every buffer opened through it
     * @throws IioException EINVAL when the URI has no scheme, ENOSYS when no module on the class
     *                      path serves it, or whatever the backend reports (ENOENT, ECONNREFUSED, …)
     */
    public static Context open(String uri) {
        return open(uri, DEFAULT_TIMEOUT);
    }

    /**
     * Opens a context whose requests to its backend wait at most {@code timeoutMs}, as libiio's
     * context timeout does: connecting to and every reply from an iiod server ({@code ip:}). An
     * expired wait fails with {@link Errno#ETIMEDOUT}. Waits for a block are bounded per call
     * instead ({@link io.jiio.buffer.BlockQueue#dequeue(long, java.util.concurrent.TimeUnit)}).
     *
     * @param uri       as {@link #open(String)}
     * @param timeoutMs milliseconds (at least 1), {@link #DEFAULT_TIMEOUT} or {@link #NO_TIMEOUT}
     * @return the open context
     * @throws IioException EINVAL for any other negative timeout; what {@link #open(String)} throws
     */
    public static Context open(String uri, long timeoutMs) {
        if (timeoutMs < NO_TIMEOUT) {
            throw new IioException(Errno.EINVAL, "context timeout " + timeoutMs
                    + " ms: expected milliseconds, 0 for the backend's default or -1 for no limit");
        }
        String u = uri == null || uri.isBlank() ? DEFAULT_URI : uri.trim();
        int colon = u.indexOf(':');
        if (colon <= 0) {
            throw new IioException(Errno.EINVAL, "context URI '" + u
                    + "' has no scheme (expected e.g. sim:, local:, ip:HOST)");
        }
        String scheme = u.substring(0, colon);
        StringBuilder known = new StringBuilder();
        for (ContextProvider p : ServiceLoader.load(ContextProvider.class)) {
            if (p.scheme().equalsIgnoreCase(scheme)) {
                return p.open(u, timeoutMs);
            }
            known.append(known.isEmpty() ? "" : ", ").append(p.scheme()).append(':');
        }
        throw new IioException(Errno.ENOSYS, "context URI '" + u + "': no backend for scheme '"
                + scheme + ":' on the class path or module path (available: " + known + ")");
    }

    /** {@return the simulated devices, {@link #DEFAULT_URI}, opened} */
    public static Context open() {
        return open(DEFAULT_URI);
    }

    /** {@return the backend's name: {@code sim}, {@code local}, {@code network}} */
    public String name() {
        return name;
    }

    /** {@return free text about the context (empty when the backend has none)} */
    public String description() {
        return description;
    }

    /**
     * {@return the context attributes (e.g. {@code uri}, kernel version), in a stable order;
     * unmodifiable}
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** {@return every device and trigger, in the order tools list them; unmodifiable} */
    public List<Device> devices() {
        return devices;
    }

    /**
     * The device with this id, name or label; ids are looked at first.
     *
     * @param idNameOrLabel e.g. {@code iio:device0}, {@code sim-adc}
     * @return the device, or empty
     */
    public Optional<Device> device(String idNameOrLabel) {
        for (Device d : devices) {
            if (d.id().equals(idNameOrLabel)) {
                return Optional.of(d);
            }
        }
        for (Device d : devices) {
            if (idNameOrLabel.equals(d.name()) || idNameOrLabel.equals(d.label())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The device with this id, name or label, as {@link #device(String)}.
     *
     * @param idNameOrLabel e.g. {@code iio:device0}, {@code sim-adc}
     * @return the device
     * @throws IioException ENODEV listing the context's devices when there is none
     */
    public Device requireDevice(String idNameOrLabel) {
        return device(idNameOrLabel).orElseThrow(() -> {
            StringBuilder b = new StringBuilder();
            for (Device d : devices) {
                b.append(b.isEmpty() ? "" : ", ").append(d.displayName());
            }
            return new IioException(Errno.ENODEV, "no device '" + idNameOrLabel
                    + "' in context " + name + " (devices: " + b + ")");
        });
    }

    /** {@return the backend that carries out this context's operations (for backends and tools)} */
    public ContextBackend backend() {
        return backend;
    }

    /** {@return whether {@link #close()} has been called} */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the backend: open buffers are disabled and freed, connections closed. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            backend.close();
        }
    }
}
