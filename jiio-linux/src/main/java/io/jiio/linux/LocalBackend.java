package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.Transfer;
import io.jiio.model.Attribute;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.spi.ContextBackend;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code local:} backend: this machine's IIO devices, read from sysfs by {@link DeviceScanner},
 * attributes through {@link SysfsFiles}, buffers opened by {@link BufferOpener} and streamed by a
 * {@link LocalEngine} over the data path the kernel offers.
 */
public final class LocalBackend implements ContextBackend {
    private final Sys sys;
    private final LocalUri uri;
    private final SysfsFiles files;
    private final NodeFds nodes;
    private final Map<Device, DeviceScanner.Scanned> scanned = new IdentityHashMap<>();
    private final List<BlockQueue> queues = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private LocalBackend(Sys sys, LocalUri uri) {
        this.sys = sys;
        this.uri = uri;
        this.files = new SysfsFiles(sys);
        this.nodes = new NodeFds(sys);
    }

    /**
     * Opens {@code local:[sysfs=DIR][,dev=DIR][,mode=dmabuf|block|fileio]}: scans the IIO devices
     * under sysfs once, now; device nodes are opened when a buffer is.
     *
     * @param uriText the URI, scheme included
     * @param sys     the system-call layer: {@link LinuxSys#get()}, or a fake kernel in tests
     * @return the context; closing it closes every buffer it opened
     * @throws IioException EINVAL for a malformed URI, ENOENT when there is no IIO devices
     *                      directory (the industrialio module not loaded)
     */
    public static Context open(String uriText, Sys sys) {
        LocalUri uri = LocalUri.parse(uriText);
        LocalBackend backend = new LocalBackend(sys, uri);
        Path devices = uri.devicesDir();
        if (!Files.isDirectory(devices)) {
            throw new IioException(Errno.ENOENT, "context URI '" + uriText + "': no IIO devices directory "
                    + devices + " (is the industrialio module loaded?)");
        }
        List<Path> dirs = new ArrayList<>();
        try (var s = Files.list(devices)) {
            s.filter(Files::isDirectory).forEach(dirs::add);
        } catch (java.io.IOException e) {
            throw new IioException(Errno.EIO, "cannot list " + devices + ": " + e.getMessage(), e);
        }
        dirs.sort((a, b) -> {
            String x = a.getFileName().toString();
            String y = b.getFileName().toString();
            int kind = Boolean.compare(x.startsWith("trigger"), y.startsWith("trigger"));
            return kind != 0 ? kind : DeviceScanner.natural(x, y);
        });
        DeviceScanner scanner = new DeviceScanner(backend.files, backend);
        List<Device> list = new ArrayList<>();
        for (Path d : dirs) {
            String id = d.getFileName().toString();
            if (!id.startsWith("iio:device") && !id.startsWith("trigger")) {
                continue;
            }
            DeviceScanner.Scanned s = scanner.scan(d, uri.debugDir());
            backend.scanned.put(s.device(), s);
            list.add(s.device());
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("local,kernel", System.getProperty("os.version", "unknown"));
        attrs.put("uri", uriText);
        attrs.put("local,sysfs", uri.sysfs().toString());
        attrs.put("local,dev", uri.dev().toString());
        attrs.put("local,mode", uri.mode().name().toLowerCase(Locale.ROOT));
        for (Device d : list) {
            if (d.isBufferCapable()) {
                attrs.put("local,transfer," + d.id(), backend.probeTransfer(backend.scanned.get(d)));
                attrs.put("local,loss," + d.id(), LossTracker.capability(backend.files, devices,
                        backend.scanned.get(d).dir(), d));
            }
        }
        String description = System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " "
                + System.getProperty("os.arch", "");
        return new Context("local", description.trim(), attrs, list, backend);
    }

    /** Which data path buffer 0 would take now, or why none can be probed: for {@code jiio info}. */
    private String probeTransfer(DeviceScanner.Scanned s) {
        Path node = uri.dev().resolve(s.device().id());
        int devFd;
        try {
            devFd = sys.open(node.toString(), Sys.O_RDWR | Sys.O_NONBLOCK | Sys.O_CLOEXEC);
        } catch (IioException e) {
            return "unknown: cannot open " + node + " (" + e.errno() + ")";
        }
        int bufFd = devFd;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arg = a.allocate(4, 4);
            try {
                sys.ioctl(devFd, Ioctl.IIO_BUFFER_GET_FD, arg);
                bufFd = (int) BlockDescriptor.u32(arg, 0);
            } catch (IioException e) {
                if (e.errno() != Errno.ENOTTY && e.errno() != Errno.EINVAL) {
                    return "unknown: IIO_BUFFER_GET_FD answered " + e.errno();
                }
            }
            BufferOpener opener = new BufferOpener(sys, files, uri, nodes);
            return opener.choose(uri.mode(), bufFd, 1, false, s.device().displayName()).label();
        } catch (IioException e) {
            return "unavailable: " + Reasons.of(e);
        } finally {
            if (bufFd != devFd) {
                sys.close(bufFd);
            }
            sys.close(devFd);
        }
    }

    private DeviceScanner.Scanned scanned(Device d) {
        DeviceScanner.Scanned s = scanned.get(d);
        if (s == null) {
            throw new IioException(Errno.ENODEV, "device " + d.displayName() + " is not part of this local: context");
        }
        return s;
    }

    private Path file(Attribute a) {
        DeviceScanner.Scanned s = scanned(a.device());
        return switch (a.kind()) {
            case DEVICE, CHANNEL -> s.dir().resolve(a.filename());
            case BUFFER -> {
                if (s.bufferAttrDir() == null) {
                    throw new IioException(Errno.ENOENT, a.describe() + ": the device has no buffer directory");
                }
                yield s.dir().resolve(s.bufferAttrDir()).resolve(a.filename());
            }
            case DEBUG -> s.debugDir().resolve(a.filename());
        };
    }

    @Override
    public String read(Attribute attribute) {
        ensureOpen();
        return files.read(file(attribute));
    }

    @Override
    public void write(Attribute attribute, String value) {
        ensureOpen();
        files.write(file(attribute), value);
    }

    /**
     * From the file's mode: sysfs gives a file without a store function no write bit, and refuses
     * to open it for writing even to root; a file with one is writable unless this process may not
     * write it (a non-root user and a root-owned 0644 file).
     */
    @Override
    public Attribute.Access access(Attribute attribute) {
        Path f;
        try {
            f = file(attribute);
        } catch (IioException noFile) {
            return Attribute.Access.UNKNOWN;
        }
        return files.access(f);
    }

    @Override
    public BlockQueue openBuffer(Device device, int bufferIndex, ChannelMask mask, QueueConfig config) {
        ensureOpen();
        BlockQueue q = new BufferOpener(sys, files, uri, nodes).open(scanned(device), bufferIndex, mask, config,
                uri.mode());
        queues.removeIf(BlockQueue::isClosed);
        queues.add(q);
        return q;
    }

    @Override
    public Device trigger(Device device) {
        ensureOpen();
        DeviceScanner.Scanned s = scanned(device);
        if (!s.hasTrigger()) {
            return null;
        }
        String name = files.read(s.dir().resolve("trigger/current_trigger")).trim();
        if (name.isEmpty()) {
            return null;
        }
        for (Device d : scanned.keySet()) {
            if (d.isTrigger() && name.equals(d.name())) {
                return d;
            }
        }
        throw new IioException(Errno.ENXIO, device.displayName() + ": current trigger '" + name
                + "' is not a trigger of this context");
    }

    @Override
    public void setTrigger(Device device, Device trigger) {
        ensureOpen();
        DeviceScanner.Scanned s = scanned(device);
        if (!s.hasTrigger()) {
            throw new IioException(Errno.ENOENT, device.displayName() + " takes no trigger (no "
                    + s.dir().resolve("trigger/current_trigger") + ")");
        }
        files.write(s.dir().resolve("trigger/current_trigger"), trigger == null ? "" : trigger.name());
    }

    /** The mode the URI forces, {@link Transfer#AUTO} when none. */
    Transfer mode() {
        return uri.mode();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IioException(Errno.ENODEV, "local: context is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        for (BlockQueue q : queues) {
            q.close();
        }
        queues.clear();
    }
}
