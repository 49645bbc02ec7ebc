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

    private final String name;
    private final String description;
    private final Map<String, String> attributes;
    private final List<Device> devices;
    private final ContextBackend backend;
    private volatile boolean closed;

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
     */
    public static Context open(String uri) {
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
                return p.open(u);
            }
            known.append(known.isEmpty() ? "" : ", ").append(p.scheme()).append(':');
        }
        throw new IioException(Errno.ENOSYS, "context URI '" + u + "': no backend for scheme '"
                + scheme + ":' on the class path or module path (available: " + known + ")");
    }

    /** Opens {@link #DEFAULT_URI}. */
    public static Context open() {
        return open(DEFAULT_URI);
    }

    /** The backend's name: {@code sim}, {@code local}, {@code network}. */
    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Context attributes (e.g. {@code uri}, kernel version), in a stable order. */
    public Map<String, String> attributes() {
        return attributes;
    }

    public List<Device> devices() {
        return devices;
    }

    /** The device with this id, name or label. */
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

    /** The device, or an ENODEV error listing the context's devices. */
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

    public ContextBackend backend() {
        return backend;
    }

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
