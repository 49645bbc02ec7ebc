package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.Transfer;
import io.jiio.model.Channel;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens buffer N of a device in the order the ABI requires: {@code enable=0}; every scan element's
 * {@code _en} written (the unwanted ones off first) and read back, because coupled channels switch
 * each other; the device node opened and IIO_BUFFER_GET_FD for the buffer's own fd; the data path
 * chosen. {@code length}, {@code watermark} and {@code enable=1} follow when the queue is enabled
 * ({@link LocalEngine#start}), once the block size is known.
 */
final class BufferOpener {
    private final Sys sys;
    private final SysfsFiles files;
    private final LocalUri uri;
    private final NodeFds nodes;

    BufferOpener(Sys sys, SysfsFiles files, LocalUri uri, NodeFds nodes) {
        this.sys = sys;
        this.files = files;
        this.uri = uri;
        this.nodes = nodes;
    }

    BlockQueue open(DeviceScanner.Scanned s, int index, ChannelMask mask, QueueConfig config, Transfer forced) {
        Device device = s.device();
        String what = device.displayName() + "/buffer" + index;
        Direction dir = direction(device, mask);
        Path bufferDir = bufferDir(s, index, what);
        // Find out whether the device is busy before touching anything: the kernel lets one process
        // open an IIO device node at a time, and a buffer enabled by someone else is theirs. Writing
        // enable=0 first (as libiio does) would stop another capture before our open failed.
        int devFd = openNode(device, what);
        int bufFd = devFd;
        List<Path> enables;
        try {
            if (files.read(bufferDir.resolve("enable")).trim().equals("1")) {
                throw new IioException(Errno.EBUSY, what + ": busy: the buffer is enabled by another user or queue ("
                        + bufferDir.resolve("enable") + " reads 1); jiio leaves it alone");
            }
            files.write(bufferDir.resolve("enable"), "0");
            enables = setChannels(s, index, mask, what);
        } catch (RuntimeException e) {
            nodes.release(devFd);
            throw e;
        }
        try {
            bufFd = bufferFd(devFd, index, what);
            ScanLayout layout = ScanLayout.of(device, mask);
            long scanBytes = layout.scanBytes();
            Transfer t = forced != Transfer.AUTO ? forced : config.transfer();
            DataPath path = choose(t, bufFd, scanBytes, dir == Direction.OUTPUT, what);
            int fdToClose = bufFd;
            Runnable onClose = () -> {
                if (fdToClose != devFd) {
                    sys.close(fdToClose);
                }
                nodes.release(devFd);
                for (Path en : enables) {
                    try {
                        files.write(en, "0");
                    } catch (IioException e) {
                        // Gone with the device (removed, unbound): nothing to undo, and already reported.
                        System.getLogger(BufferOpener.class.getName()).log(java.nio.file.Files.exists(en.getParent())
                                ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, e.getMessage());
                    }
                }
            };
            LossTracker loss = new LossTracker(files, uri.devicesDir(), s.dir(), device, layout,
                    dir == Direction.OUTPUT);
            LocalEngine engine = new LocalEngine(sys, files, what, path, bufferDir, dir == Direction.OUTPUT,
                    scanBytes, loss, onClose);
            BlockQueue q = new BlockQueue(what + "@local", dir, engine, config, layout);
            engine.queue(q);
            return q;
        } catch (RuntimeException e) {
            if (bufFd != devFd) {
                sys.close(bufFd);
            }
            nodes.release(devFd);
            throw e;
        }
    }

    private int openNode(Device device, String what) {
        return nodes.acquire(uri.dev().resolve(device.id()).toString(), what);
    }

    private static Direction direction(Device device, ChannelMask mask) {
        Direction dir = null;
        for (int p : mask.positions().toArray()) {
            Direction d = device.channels().get(p).direction();
            if (dir != null && d != dir) {
                throw new IioException(Errno.EINVAL, "device " + device.displayName()
                        + ": a buffer carries input or output channels, not both");
            }
            dir = d;
        }
        return dir;
    }

    private static Path bufferDir(DeviceScanner.Scanned s, int index, String what) {
        Path d = s.dir().resolve("buffer" + index);
        if (Files.isDirectory(d)) {
            return d;
        }
        if (index == 0 && Files.isDirectory(s.dir().resolve("buffer"))) {
            return s.dir().resolve("buffer");
        }
        throw new IioException(Errno.ENOENT, what + ": the device has no " + d.getFileName() + " directory in "
                + s.dir());
    }

    private List<Path> setChannels(DeviceScanner.Scanned s, int index, ChannelMask mask, String what) {
        Device device = s.device();
        List<Channel> scan = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (Channel c : device.channels()) {
            String en = s.enableFiles().get(c);
            if (en == null) {
                continue;
            }
            Path p = s.dir().resolve("buffer" + index).resolve(en);
            if (!Files.exists(p) && index == 0) {
                p = s.dir().resolve("scan_elements").resolve(en);
            }
            if (!Files.exists(p)) {
                if (mask.isEnabled(c)) {
                    throw new IioException(Errno.ENOENT, what + ": channel " + c.id() + " has no " + en
                            + " in buffer" + index);
                }
                continue;
            }
            scan.add(c);
            paths.add(p);
        }
        for (int i = 0; i < scan.size(); i++) {
            if (!mask.isEnabled(scan.get(i))) {
                files.write(paths.get(i), "0");
            }
        }
        List<Path> enabled = new ArrayList<>();
        for (int i = 0; i < scan.size(); i++) {
            if (mask.isEnabled(scan.get(i))) {
                files.write(paths.get(i), "1");
                enabled.add(paths.get(i));
            }
        }
        // Read back: a coupled channel (I/Q pairs, say) may have switched another one on or off.
        List<String> extra = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < scan.size(); i++) {
            boolean on = !files.read(paths.get(i)).trim().equals("0");
            if (on && !mask.isEnabled(scan.get(i))) {
                extra.add(scan.get(i).id());
                enabled.add(paths.get(i));
            } else if (!on && mask.isEnabled(scan.get(i))) {
                missing.add(scan.get(i).id());
            }
        }
        if (!extra.isEmpty() || !missing.isEmpty()) {
            for (Path p : enabled) {
                files.write(p, "0");
            }
            throw new IioException(Errno.EINVAL, what + ": the kernel changed the channel selection"
                    + (extra.isEmpty() ? "" : "; also enabled: " + String.join(", ", extra))
                    + (missing.isEmpty() ? "" : "; refused: " + String.join(", ", missing))
                    + " (coupled channels: open the buffer with the channels that go together)");
        }
        return enabled;
    }

    /**
     * IIO_BUFFER_GET_FD: the buffer's own fd. A kernel before 5.13 (or a stand-in such as a FIFO)
     * answers ENOTTY or EINVAL; buffer 0 is then the device node itself, as libiio does.
     */
    private int bufferFd(int devFd, int index, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arg = a.allocate(4, 4);
            BlockDescriptor.u32(arg, 0, index);
            sys.ioctl(devFd, Ioctl.IIO_BUFFER_GET_FD, arg);
            return (int) BlockDescriptor.u32(arg, 0);
        } catch (IioException e) {
            if (index == 0 && (e.errno() == Errno.ENOTTY || e.errno() == Errno.EINVAL)) {
                return devFd;
            }
            String why = switch (e.errno()) {
                case ENODEV -> "the device has no buffer " + index;
                case EBUSY -> "buffer " + index + " is already open";
                default -> e.errno().description();
            };
            throw new IioException(e.errno(), what + ": IIO_BUFFER_GET_FD: " + why, e);
        }
    }

    /** libiio 1.x's order: DMABUF, then the block API, then read()/write(); or what was forced. */
    DataPath choose(Transfer t, int bufFd, long scanBytes, boolean output, String what) {
        Path heap = uri.dmaHeap(DmabufPath.HEAP);
        String noDmabuf = t == Transfer.AUTO || t == Transfer.DMABUF ? DmabufPath.probe(sys, bufFd, heap) : "skipped";
        if (noDmabuf == null) {
            return new DmabufPath(sys, bufFd, heap, scanBytes, output, what);
        }
        if (t == Transfer.DMABUF) {
            throw new IioException(Errno.EOPNOTSUPP, what + ": --mode dmabuf: DMABUF path unavailable: " + noDmabuf);
        }
        String noBlock = t == Transfer.AUTO || t == Transfer.BLOCK ? BlockPath.probe(sys, bufFd) : "skipped";
        if (noBlock == null) {
            return new BlockPath(sys, bufFd, scanBytes, output, what);
        }
        if (t == Transfer.BLOCK) {
            throw new IioException(Errno.EOPNOTSUPP, what + ": --mode block: the block API is unavailable: "
                    + noBlock + " (it exists only in the Analog Devices kernels)");
        }
        return new FileIoPath(sys, bufFd, scanBytes, what);
    }
}
