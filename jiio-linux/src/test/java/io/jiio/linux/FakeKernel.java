package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A model of the kernel behind {@link Sys}, enough to run the DMABUF and block paths without
 * hardware and to check every rule of reference/iio-buffer-abi.md. Regular files (the generated
 * sysfs tree) go to the real {@link LinuxSys}; device nodes, their buffers, the DMA heap,
 * DMABUFs and eventfds are simulated. The simulated device completes work as soon as it is
 * enabled and not {@link #paused}: input fills a counter of 16-bit little-endian samples, output
 * appends to {@link #played}.
 *
 * <p>Every method is synchronized: the engine thread and the test thread share one kernel.
 */
final class FakeKernel implements Sys {
    private static final int FIRST_FAKE_FD = 1 << 20;
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    enum Kind { NODE, BUFFER, HEAP, DMABUF, EVENTFD }

    /** What an input converter puts in a transfer; returns the timestamp the kernel gives the block (0: none). */
    interface Converter {
        long fill(MemorySegment memory, long bytes);
    }

    /** One buffer of a fake IIO device (the node's buffer N) and what its converter does. */
    final class FakeDevice {
        final String nodePath;
        final Path enableFile;
        final boolean output;
        boolean dmabuf = true;
        boolean blocks = true;
        /** BLOCK_ALLOC grants at most this many. */
        int grantLimit = 64;
        /** BLOCK_ALLOC rounds block sizes up to pages, as some kernels do. */
        boolean pageRound;
        boolean enabled;
        /** When set: enable=1 fails with EINVAL while this current_trigger file is empty, as for a triggered device. */
        Path needsTrigger;
        boolean bufferOpen;
        boolean fileioActive;
        int counter;
        /** Fills input transfers; null: the 16-bit counter. */
        Converter converter;
        // DMABUF side
        final Map<Integer, Attachment> attachments = new HashMap<>();
        final ArrayDeque<Attachment> dmabufQueue = new ArrayDeque<>();
        // block API side
        final List<KBlock> kblocks = new ArrayList<>();
        final ArrayDeque<KBlock> incoming = new ArrayDeque<>();
        final ArrayDeque<KBlock> outgoing = new ArrayDeque<>();

        FakeDevice(String nodePath, Path enableFile, boolean output) {
            this.nodePath = nodePath;
            this.enableFile = enableFile;
            this.output = output;
        }
    }

    enum State { DEQUEUED, QUEUED, ACTIVE, DONE }

    static final class KBlock {
        final int id;
        final long size;
        final long offset;
        final MemorySegment memory;
        State state = State.DEQUEUED;
        long bytesUsed;
        int flags;
        /** iio_buffer_block.timestamp as the kernel set it on completion (0: not set). */
        long timestamp;

        KBlock(int id, long size, long offset, MemorySegment memory) {
            this.id = id;
            this.size = size;
            this.offset = offset;
            this.memory = memory;
        }
    }

    static final class DmaBufObj {
        final int fd;
        final MemorySegment memory;
        boolean cpuAccess;
        /** Pending fence: queued and not yet completed. */
        boolean busy;
        int syncStarts;
        int syncEnds;

        DmaBufObj(int fd, MemorySegment memory) {
            this.fd = fd;
            this.memory = memory;
        }
    }

    static final class Attachment {
        final DmaBufObj buf;
        long bytesUsed;
        int flags;
        boolean queued;

        Attachment(DmaBufObj buf) {
            this.buf = buf;
        }
    }

    private record Fd(Kind kind, FakeDevice device, Object object) {
    }

    private final Sys real = LinuxSys.get();
    private final Arena arena = Arena.ofShared();
    /** Device node path → its buffers, by index. */
    private final Map<String, List<FakeDevice>> nodes = new HashMap<>();
    private final Map<Integer, Fd> fds = new HashMap<>();
    private final Map<Integer, String> realPaths = new HashMap<>();
    private final Map<String, Consumer<String>> writeHooks = new HashMap<>();
    private final Map<Long, Errno> failNext = new HashMap<>();
    private final Map<Integer, Long> eventfds = new HashMap<>();
    private String heapPath;
    private int nextFd = FIRST_FAKE_FD;
    final ByteArrayOutputStream played = new ByteArrayOutputStream();
    final List<String> log = new ArrayList<>();
    /** poll() and each ioctl (by name): the names of the threads that made them. */
    private final Map<String, java.util.Set<String>> callers = new HashMap<>();
    boolean paused;
    int mmaps;
    int munmaps;

    /** Adds the next buffer of the device at {@code node}, enabled through {@code bufferDir/enable}. */
    synchronized FakeDevice buffer(Path node, Path bufferDir, boolean output) {
        FakeDevice d = new FakeDevice(node.toString(), bufferDir.resolve("enable"), output);
        nodes.computeIfAbsent(node.toString(), k -> new ArrayList<>()).add(d);
        writeHooks.put(d.enableFile.toString(), v -> {
            if (d.needsTrigger != null && v.trim().equals("1") && Trees.read(d.needsTrigger).trim().isEmpty()) {
                Trees.write(d.enableFile, "0");
                throw err(Errno.EINVAL, "write enable");
            }
            d.enabled = v.trim().equals("1");
            if (!d.enabled) {
                // Disabling aborts: every pending DMABUF fence is signalled (with an error).
                Attachment a;
                while ((a = d.dmabufQueue.poll()) != null) {
                    a.queued = false;
                    a.buf.busy = false;
                }
                for (Attachment x : d.attachments.values()) {
                    x.queued = false;
                    x.buf.busy = false;
                }
                notifyAll();
            }
            pump(d);
        });
        return d;
    }

    /** Someone else writes {@code value} to the sysfs file at {@code path} (another process, a shell). */
    synchronized void externalWrite(Path path, String value) throws java.io.IOException {
        java.nio.file.Files.writeString(path, value);
        Consumer<String> hook = writeHooks.get(path.toString());
        if (hook != null) {
            hook.accept(value);
        }
        notifyAll();
    }

    /** The device is removed: it stops, and its sysfs directory disappears (as after an unbind). */
    synchronized void remove(FakeDevice d, Path sysfsDir) throws java.io.IOException {
        d.enabled = false;
        try (var walk = java.nio.file.Files.walk(sysfsDir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
        notifyAll();
    }

    synchronized void heap(Path heap) {
        heapPath = heap.toString();
    }

    /** Runs {@code hook} with the value after each write() to the file at {@code path}. */
    synchronized void onWrite(Path path, Consumer<String> hook) {
        writeHooks.put(path.toString(), hook);
    }

    /** Makes the next ioctl with this request fail with {@code errno}. */
    synchronized void failNext(long request, Errno errno) {
        failNext.put(request, errno);
    }

    synchronized void resume() {
        paused = false;
        for (List<FakeDevice> buffers : nodes.values()) {
            buffers.forEach(this::pump);
        }
        notifyAll();
    }

    synchronized int openFds() {
        return fds.size() - eventfds.size();
    }

    synchronized List<DmaBufObj> dmabufs() {
        List<DmaBufObj> all = new ArrayList<>();
        for (Fd f : fds.values()) {
            if (f.kind == Kind.DMABUF) {
                all.add((DmaBufObj) f.object);
            }
        }
        return all;
    }

    // ------------------------------------------------------------------ Sys

    /** Device nodes open right now: the kernel lets one process hold an IIO node at a time. */
    private final java.util.Set<String> openNodes = new java.util.HashSet<>();

    @Override
    public synchronized int open(String path, int flags) {
        List<FakeDevice> buffers = nodes.get(path);
        if (buffers != null) {
            if (!openNodes.add(path)) {
                throw err(Errno.EBUSY, "open " + path);
            }
            return newFd(Kind.NODE, buffers.getFirst(), buffers);
        }
        if (path.equals(heapPath)) {
            return newFd(Kind.HEAP, null, null);
        }
        int fd = real.open(path, flags);
        realPaths.put(fd, path);
        return fd;
    }

    private int newFd(Kind kind, FakeDevice d, Object o) {
        int fd = nextFd++;
        fds.put(fd, new Fd(kind, d, o));
        return fd;
    }

    @Override
    public synchronized void close(int fd) {
        Fd f = fds.remove(fd);
        eventfds.remove(fd);
        if (f == null) {
            realPaths.remove(fd);
            real.close(fd);
            return;
        }
        if (f.kind == Kind.NODE) {
            openNodes.remove(f.device.nodePath);
        }
        if (f.kind == Kind.BUFFER) {
            // Closing the buffer fd detaches every DMABUF.
            f.device.attachments.clear();
            f.device.dmabufQueue.clear();
            f.device.bufferOpen = false;
        }
        log.add("close " + f.kind);
    }

    @Override
    public synchronized long read(int fd, MemorySegment dst, long length) {
        if (fds.containsKey(fd)) {
            throw err(Errno.EINVAL, "read");
        }
        return real.read(fd, dst, length);
    }

    @Override
    public synchronized long write(int fd, MemorySegment src, long length) {
        if (eventfds.containsKey(fd)) {
            eventfds.merge(fd, src.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), Long::sum);
            notifyAll();
            return 8;
        }
        if (fds.containsKey(fd)) {
            throw err(Errno.EINVAL, "write");
        }
        String path = realPaths.get(fd);
        String value = new String(src.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
        Errno injected = failNext.remove((long) path.hashCode());
        if (injected != null) {
            throw err(injected, "write");
        }
        long n = real.write(fd, src, length);
        Consumer<String> hook = writeHooks.get(path);
        if (hook != null) {
            hook.accept(value);
        }
        return n;
    }

    /** Makes the next write() to {@code path} fail with {@code errno}, as a driver's store function would. */
    synchronized void failWrite(Path path, Errno errno) {
        failNext.put((long) path.toString().hashCode(), errno);
    }

    synchronized int logSize() {
        return log.size();
    }

    /** {@return what was logged since the log had {@code from} entries} */
    synchronized List<String> logSince(int from) {
        return List.copyOf(log.subList(from, log.size()));
    }

    /** {@return the names of the threads that made this call: "poll" or an ioctl's name} */
    synchronized java.util.Set<String> callers(String call) {
        return java.util.Set.copyOf(callers.getOrDefault(call, java.util.Set.of()));
    }

    private void calledBy(String call) {
        callers.computeIfAbsent(call, k -> new java.util.HashSet<>()).add(Thread.currentThread().getName());
    }

    @Override
    public synchronized int ioctl(int fd, long request, MemorySegment arg) {
        log.add(Ioctl.name(request));
        calledBy(Ioctl.name(request));
        Errno injected = failNext.remove(request);
        if (injected != null) {
            throw err(injected, "ioctl " + Ioctl.name(request));
        }
        Fd f = fds.get(fd);
        if (f == null) {
            throw err(Errno.ENOTTY, "ioctl " + Ioctl.name(request)); // a regular file
        }
        String call = "ioctl " + Ioctl.name(request);
        switch (f.kind) {
            case NODE -> {
                if (request != Ioctl.IIO_BUFFER_GET_FD) {
                    throw err(Errno.ENOTTY, call);
                }
                long index = BlockDescriptor.u32(arg, 0);
                @SuppressWarnings("unchecked")
                List<FakeDevice> buffers = (List<FakeDevice>) f.object;
                if (index >= buffers.size()) {
                    throw err(Errno.ENODEV, call);
                }
                FakeDevice b = buffers.get((int) index);
                if (b.bufferOpen) {
                    throw err(Errno.EBUSY, call);
                }
                b.bufferOpen = true;
                BlockDescriptor.u32(arg, 0, newFd(Kind.BUFFER, b, null));
                return 0;
            }
            case HEAP -> {
                if (request != Ioctl.DMA_HEAP_IOCTL_ALLOC) {
                    throw err(Errno.ENOTTY, call);
                }
                long len = BlockDescriptor.u64(arg, DmabufDescriptor.HEAP_LEN_OFFSET);
                if (len == 0) {
                    throw err(Errno.EINVAL, call);
                }
                int nfd = nextFd;
                DmaBufObj b = new DmaBufObj(nfd, arena.allocate(len, 4096));
                newFd(Kind.DMABUF, null, b);
                BlockDescriptor.u32(arg, DmabufDescriptor.HEAP_FD_OFFSET, nfd);
                return 0;
            }
            case DMABUF -> {
                if (request != Ioctl.DMA_BUF_IOCTL_SYNC) {
                    throw err(Errno.ENOTTY, call);
                }
                DmaBufObj b = (DmaBufObj) f.object;
                long flags = BlockDescriptor.u64(arg, 0);
                if ((flags & ~7L) != 0 || (flags & 3) == 0) {
                    throw err(Errno.EINVAL, call);
                }
                if ((flags & DmabufDescriptor.SYNC_END) == 0) {
                    b.syncStarts++;
                    b.cpuAccess = true;
                } else {
                    b.syncEnds++;
                    b.cpuAccess = false;
                }
                return 0;
            }
            case BUFFER -> {
                return bufferIoctl(f.device, request, arg, call);
            }
            default -> throw err(Errno.ENOTTY, call);
        }
    }

    private int bufferIoctl(FakeDevice d, long request, MemorySegment arg, String call) {
        if (request == Ioctl.IIO_BUFFER_DMABUF_ATTACH || request == Ioctl.IIO_BUFFER_DMABUF_DETACH) {
            if (!d.dmabuf) {
                throw err(Errno.EPERM, call); // the rule: no DMABUF support → not permitted
            }
            int bfd = (int) BlockDescriptor.u32(arg, 0);
            Fd bf = fds.get(bfd);
            if (bf == null || bf.kind != Kind.DMABUF) {
                throw err(Errno.EBADF, call);
            }
            if (request == Ioctl.IIO_BUFFER_DMABUF_ATTACH) {
                if (d.attachments.containsKey(bfd)) {
                    throw err(Errno.EBUSY, call); // attached twice
                }
                if (d.fileioActive) {
                    throw err(Errno.EBUSY, call);
                }
                d.attachments.put(bfd, new Attachment((DmaBufObj) bf.object));
            } else {
                Attachment a = d.attachments.remove(bfd);
                if (a == null) {
                    throw err(Errno.EINVAL, call);
                }
                d.dmabufQueue.remove(a);
            }
            return 0;
        }
        if (request == Ioctl.IIO_BUFFER_DMABUF_ENQUEUE) {
            int bfd = (int) BlockDescriptor.u32(arg, DmabufDescriptor.FD_OFFSET);
            int flags = (int) BlockDescriptor.u32(arg, DmabufDescriptor.FLAGS_OFFSET);
            long used = BlockDescriptor.u64(arg, DmabufDescriptor.BYTES_USED_OFFSET);
            Attachment a = d.attachments.get(bfd);
            if (a == null) {
                throw err(Errno.EPERM, call); // not attached
            }
            if (used == 0 || used > a.buf.memory.byteSize()) {
                throw err(Errno.EINVAL, call);
            }
            if ((flags & DmabufDescriptor.FLAG_CYCLIC) != 0 && !d.output) {
                throw err(Errno.EINVAL, call); // cyclic input
            }
            if ((flags & ~DmabufDescriptor.FLAG_CYCLIC) != 0) {
                throw err(Errno.EINVAL, call);
            }
            if (a.queued) {
                throw err(Errno.EPERM, call); // already queued
            }
            if (d.fileioActive) {
                throw err(Errno.EBUSY, call);
            }
            if (a.buf.busy) {
                throw err(Errno.EBUSY, call); // an earlier user's fence still pending (non-blocking: 0 ms)
            }
            if (a.buf.cpuAccess) {
                log.add("ENQUEUE during CPU access of DMABUF " + bfd);
            }
            a.bytesUsed = used;
            a.flags = flags;
            a.queued = true;
            a.buf.busy = true;
            d.dmabufQueue.add(a);
            pump(d);
            return 0;
        }
        if (!d.blocks) {
            throw err(Errno.ENOTTY, call);
        }
        if (request == Ioctl.BLOCK_FREE) {
            for (KBlock b : d.kblocks) {
                b.state = State.DONE;
            }
            d.kblocks.clear();
            d.incoming.clear();
            d.outgoing.clear();
            return 0;
        }
        if (request == Ioctl.BLOCK_ALLOC) {
            if (d.fileioActive) {
                throw err(Errno.EBUSY, call);
            }
            long size = BlockDescriptor.u32(arg, BlockDescriptor.REQ_SIZE_OFFSET);
            long count = BlockDescriptor.u32(arg, BlockDescriptor.REQ_COUNT_OFFSET);
            if (size == 0 || size > 16 << 20) {
                throw err(Errno.EINVAL, call);
            }
            long granted = Math.min(count, Math.min(d.grantLimit, 64) - d.kblocks.size());
            if (d.pageRound) {
                size = align(size);
            }
            int first = d.kblocks.size();
            long offset = d.kblocks.isEmpty() ? 0 : d.kblocks.getLast().offset + align(d.kblocks.getLast().size);
            for (int i = 0; i < granted; i++) {
                d.kblocks.add(new KBlock(first + i, size, offset, arena.allocate(size, 4096)));
                offset += align(size);
            }
            BlockDescriptor.u32(arg, BlockDescriptor.REQ_COUNT_OFFSET, Math.max(0, granted));
            BlockDescriptor.u32(arg, BlockDescriptor.REQ_ID_OFFSET, first);
            return 0;
        }
        int id = (int) BlockDescriptor.u32(arg, BlockDescriptor.ID_OFFSET);
        if (request == Ioctl.BLOCK_DEQUEUE) {
            KBlock b = d.outgoing.poll();
            if (b == null) {
                throw err(Errno.EAGAIN, call);
            }
            b.state = State.DEQUEUED;
            fillBlock(arg, b);
            return 0;
        }
        if (id < 0 || id >= d.kblocks.size()) {
            throw err(Errno.EINVAL, call);
        }
        KBlock b = d.kblocks.get(id);
        if (request == Ioctl.BLOCK_QUERY) {
            fillBlock(arg, b);
            return 0;
        }
        if (request == Ioctl.BLOCK_ENQUEUE) {
            switch (b.state) {
                case QUEUED -> {
                    return 0; // no-op
                }
                case DONE -> d.outgoing.remove(b); // taken off the outgoing queue and resubmitted
                case DEQUEUED -> {
                }
                default -> throw err(Errno.EBUSY, call); // ACTIVE
            }
            long used = BlockDescriptor.u32(arg, BlockDescriptor.BYTES_USED_OFFSET);
            if (d.output && (used == 0 || used > b.size)) {
                throw err(Errno.EINVAL, call);
            }
            b.bytesUsed = d.output ? used : b.size;
            b.flags = (int) BlockDescriptor.u32(arg, BlockDescriptor.FLAGS_OFFSET);
            b.state = State.QUEUED;
            d.incoming.add(b);
            pump(d);
            return 0;
        }
        throw err(Errno.ENOTTY, call);
    }

    private static void fillBlock(MemorySegment arg, KBlock b) {
        BlockDescriptor.u32(arg, BlockDescriptor.ID_OFFSET, b.id);
        BlockDescriptor.u32(arg, BlockDescriptor.SIZE_OFFSET, b.size);
        BlockDescriptor.u32(arg, BlockDescriptor.BYTES_USED_OFFSET, b.bytesUsed);
        BlockDescriptor.u32(arg, BlockDescriptor.FLAGS_OFFSET, b.flags);
        BlockDescriptor.u32(arg, BlockDescriptor.DATA_OFFSET_OFFSET, b.offset);
        BlockDescriptor.u64(arg, BlockDescriptor.TIMESTAMP_OFFSET, b.timestamp);
    }

    private static long align(long n) {
        return (n + 4095) / 4096 * 4096;
    }

    /** The device at work: everything queued completes at once while enabled and not paused. */
    private void pump(FakeDevice d) {
        if (!d.enabled || paused) {
            return;
        }
        Attachment a;
        while ((a = d.dmabufQueue.poll()) != null) {
            transfer(d, a.buf.memory, a.bytesUsed);
            a.queued = false;
            if ((a.flags & DmabufDescriptor.FLAG_CYCLIC) != 0) {
                continue; // repeats until disabled: its fence never signals
            }
            a.buf.busy = false;
        }
        KBlock b;
        while ((b = d.incoming.poll()) != null) {
            b.timestamp = transfer(d, b.memory, b.bytesUsed);
            if ((b.flags & BlockDescriptor.FLAG_CYCLIC) != 0) {
                b.state = State.ACTIVE;
                continue;
            }
            b.state = State.DONE;
            d.outgoing.add(b);
        }
        notifyAll();
    }

    /** Moves one transfer's data; returns the block timestamp the converter gave it (0: none). */
    private long transfer(FakeDevice d, MemorySegment m, long bytes) {
        if (d.output) {
            played.writeBytes(m.asSlice(0, bytes).toArray(ValueLayout.JAVA_BYTE));
        } else if (d.converter != null) {
            return d.converter.fill(m, bytes);
        } else {
            for (long i = 0; i + 2 <= bytes; i += 2) {
                m.set(LE16, i, (short) d.counter++);
            }
        }
        return 0;
    }

    @Override
    public synchronized MemorySegment mmap(int fd, long length, long offset) {
        Fd f = fds.get(fd);
        if (f == null) {
            throw err(Errno.ENODEV, "mmap");
        }
        mmaps++;
        if (f.kind == Kind.DMABUF) {
            return ((DmaBufObj) f.object).memory.asSlice(offset, length);
        }
        if (f.kind == Kind.BUFFER || f.kind == Kind.NODE) {
            for (KBlock b : f.device.kblocks) {
                if (b.offset == offset && b.size == length) {
                    return b.memory;
                }
            }
        }
        throw err(Errno.EINVAL, "mmap");
    }

    @Override
    public synchronized void munmap(MemorySegment mapping) {
        munmaps++;
    }

    @Override
    public synchronized int poll(MemorySegment pfds, int count, int timeoutMs) {
        calledBy("poll");
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            int ready = 0;
            for (int i = 0; i < count; i++) {
                long base = i * Sys.POLLFD_SIZE;
                int fd = pfds.get(ValueLayout.JAVA_INT, base + Sys.POLLFD_FD);
                short events = pfds.get(ValueLayout.JAVA_SHORT, base + Sys.POLLFD_EVENTS);
                short rev = (short) (revents(fd) & (events | Sys.POLLERR | Sys.POLLHUP | Sys.POLLNVAL));
                pfds.set(ValueLayout.JAVA_SHORT, base + Sys.POLLFD_REVENTS, rev);
                if (rev != 0) {
                    ready++;
                }
            }
            long left = deadline - System.nanoTime();
            if (ready > 0 || left <= 0) {
                return ready;
            }
            try {
                wait(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }

    private short revents(int fd) {
        if (eventfds.containsKey(fd)) {
            return eventfds.get(fd) > 0 ? Sys.POLLIN : 0;
        }
        Fd f = fds.get(fd);
        if (f == null) {
            return Sys.POLLNVAL;
        }
        return switch (f.kind) {
            case DMABUF -> ((DmaBufObj) f.object).busy ? 0 : (short) (Sys.POLLOUT | Sys.POLLIN);
            case BUFFER, NODE -> f.device.outgoing.isEmpty() ? 0 : (f.device.output ? Sys.POLLOUT : Sys.POLLIN);
            default -> 0;
        };
    }

    @Override
    public synchronized int eventfd() {
        int fd = newFd(Kind.EVENTFD, null, null);
        eventfds.put(fd, 0L);
        return fd;
    }

    private static IioException err(Errno e, String call) {
        return new IioException(e, call + ": " + e.description());
    }
}
