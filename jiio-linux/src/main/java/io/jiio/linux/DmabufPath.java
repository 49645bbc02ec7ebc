package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Mainline DMABUF (Linux 6.11): DMABUFs allocated from a DMA heap, attached to the buffer fd
 * (IIO_BUFFER_DMABUF_ATTACH), queued with IIO_BUFFER_DMABUF_ENQUEUE; a transfer is complete when
 * its DMABUF fd polls POLLOUT (its fence signalled). CPU access is bracketed with
 * DMA_BUF_IOCTL_SYNC START/END, as the kernel requires for coherency.
 *
 * <pre>
 *  state of a DMABUF here    how it leaves
 *  ----------------------    ------------------------------------------------------
 *  in flight (FIFO order)    POLLOUT on the head → SYNC_START → ours
 *  current (input, copied)   drained → SYNC_END → ENQUEUE → in flight
 *  free (output, ours)       filled → SYNC_END → ENQUEUE → in flight
 * </pre>
 * Transfers complete in enqueue order, so only the head of the in-flight queue is ever waited on.
 */
final class DmabufPath extends ZeroCopyPath<DmabufPath.Buf> {
    static final String HEAP = "system";

    static final class Buf extends KernelBuffer {
        final int fd;
        boolean attached;
        /** Between SYNC_START and SYNC_END: the CPU may touch the memory, the device may not. */
        boolean cpu;

        Buf(int fd, long size, MemorySegment memory) {
            super(size, memory);
            this.fd = fd;
        }
    }

    private final int bufferFd;
    private final Path heap;
    private final boolean output;
    private final MemorySegment arg = Arena.ofAuto().allocate(DmabufDescriptor.HEAP_ALLOC_SIZE, 8);
    private final List<Buf> all = new ArrayList<>();
    private final ArrayDeque<Buf> inFlight = new ArrayDeque<>();

    DmabufPath(Sys sys, int bufferFd, Path heap, long scanBytes, boolean output, String what) {
        super(sys, scanBytes, what, "DMABUF", DmabufDescriptor.FLAG_CYCLIC);
        this.bufferFd = bufferFd;
        this.heap = heap;
        this.output = output;
    }

    @Override
    public String label() {
        return "dmabuf";
    }

    /**
     * Whether DMABUFs can be attached: a one-page DMABUF from the heap, attached and detached. No
     * heap (ENOENT), or an attach the buffer refuses (ENOTTY: no such ioctl; ENODEV or EPERM: no
     * DMABUF support in the driver) mean "not available"; the reason is returned, null when fine.
     */
    static String probe(Sys sys, int bufferFd, Path heap) {
        int heapFd;
        try {
            heapFd = sys.open(heap.toString(), Sys.O_RDONLY | Sys.O_CLOEXEC);
        } catch (IioException e) {
            return "no DMA heap " + heap + " (" + e.errno() + ")";
        }
        int buf = -1;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment req = a.allocate(DmabufDescriptor.HEAP_ALLOC_SIZE, 8);
            buf = allocate(sys, heapFd, req, 4096);
            MemorySegment fdArg = a.allocate(4, 4);
            BlockDescriptor.u32(fdArg, 0, buf);
            try {
                sys.ioctl(bufferFd, Ioctl.IIO_BUFFER_DMABUF_ATTACH, fdArg);
            } catch (IioException e) {
                return "the buffer refuses DMABUFs: IIO_BUFFER_DMABUF_ATTACH answered " + e.errno();
            }
            sys.ioctl(bufferFd, Ioctl.IIO_BUFFER_DMABUF_DETACH, fdArg);
            return null;
        } catch (IioException e) {
            return "DMA heap " + heap + ": " + Reasons.of(e);
        } finally {
            if (buf >= 0) {
                sys.close(buf);
            }
            sys.close(heapFd);
        }
    }

    private static int allocate(Sys sys, int heapFd, MemorySegment req, long bytes) {
        req.fill((byte) 0);
        BlockDescriptor.u64(req, DmabufDescriptor.HEAP_LEN_OFFSET, bytes);
        BlockDescriptor.u32(req, DmabufDescriptor.HEAP_FD_FLAGS_OFFSET, Sys.O_RDWR | Sys.O_CLOEXEC);
        sys.ioctl(heapFd, Ioctl.DMA_HEAP_IOCTL_ALLOC, req);
        return (int) BlockDescriptor.u32(req, DmabufDescriptor.HEAP_FD_OFFSET);
    }

    @Override
    public void setup(long bytes, int count) {
        int heapFd;
        try {
            heapFd = sys.open(heap.toString(), Sys.O_RDONLY | Sys.O_CLOEXEC);
        } catch (IioException e) {
            throw new IioException(e.errno(), what + ": open DMA heap " + heap + ": " + e.errno().description(), e);
        }
        try {
            for (int i = 0; i < count; i++) {
                int fd;
                try {
                    fd = allocate(sys, heapFd, arg, bytes);
                } catch (IioException e) {
                    throw new IioException(e.errno(), what + ": DMA_HEAP_IOCTL_ALLOC of " + bytes + " bytes from "
                            + heap + ": " + e.errno().description(), e);
                }
                MemorySegment mem;
                try {
                    mem = sys.mmap(fd, bytes, 0);
                } catch (IioException e) {
                    sys.close(fd);
                    throw new IioException(e.errno(), what + ": mmap of a " + bytes + "-byte DMABUF: "
                            + e.errno().description(), e);
                }
                Buf b = new Buf(fd, bytes, mem);
                all.add(b);
                fdCall(b, Ioctl.IIO_BUFFER_DMABUF_ATTACH);
                b.attached = true;
                if (output || leaveWithApplication()) {
                    sync(b, DmabufDescriptor.SYNC_START);
                    free.add(b);
                } else {
                    enqueue(b, bytes, 0);
                }
            }
        } catch (IioException e) {
            teardown();
            throw e;
        } finally {
            sys.close(heapFd);
        }
    }

    /** Waits for the oldest transfer's fence (POLLOUT on its DMABUF), then opens CPU access. */
    @Override
    protected Buf awaitCompleted(Waiter waiter, BooleanSupplier stopping) {
        Buf head;
        synchronized (this) {
            head = inFlight.peek();
        }
        if (head == null) {
            throw new IioException(Errno.EINVAL, what + ": no DMABUF is queued to wait for");
        }
        if (!waiter.await(head.fd, Sys.POLLOUT, stopping)) {
            return null;
        }
        synchronized (this) {
            inFlight.poll();
        }
        sync(head, DmabufDescriptor.SYNC_START);
        return head;
    }

    /** A DMABUF comes back whole: the device fills all of it. */
    @Override
    protected long bytesFilled(Buf b) {
        return b.size;
    }

    // ------------------------------------------------------------------ zero-copy

    @Override
    protected int bufferCount() {
        return all.size();
    }

    @Override
    protected Buf buffer(int index) {
        return all.get(index);
    }

    @Override
    public synchronized void enqueue(int index, long bytesUsed, boolean cyclic) {
        Buf b = all.get(index);
        enqueue(b, output ? bytesUsed : b.size, cyclic ? DmabufDescriptor.FLAG_CYCLIC : 0);
    }

    @Override
    public int awaitCompletion(Waiter waiter, BooleanSupplier stopping) {
        while (true) {
            Buf head;
            synchronized (this) {
                head = inFlight.peek();
            }
            if (head == null) {
                // Nothing in the kernel: wait for the next enqueue (or a stop) without busy-looping.
                if (stopping.getAsBoolean() || waiter.expired()) {
                    return -1;
                }
                synchronized (this) {
                    try {
                        wait(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                }
                continue;
            }
            Buf b = awaitCompleted(waiter, stopping);
            if (b == null) {
                return -1;
            }
            synchronized (this) {
                completed(output ? 0 : b.size, 0); // no timestamp in the DMABUF ABI
                return all.indexOf(b);
            }
        }
    }

    @Override
    public synchronized void aborted() {
        // Disabling signalled every pending fence; the CPU may touch the memory again.
        Buf b;
        while ((b = inFlight.poll()) != null) {
            sync(b, DmabufDescriptor.SYNC_START);
        }
    }

    @Override
    protected void releaseBlocks() {
        // The queue has unmapped each block through its region; what is left is DETACH and close.
        for (Buf b : all) {
            release(b);
            sys.close(b.fd);
        }
        all.clear();
        inFlight.clear();
    }

    @Override
    protected synchronized void enqueue(Buf b, long bytesUsed, int flags) {
        if (b.cpu) {
            sync(b, DmabufDescriptor.SYNC_END);
        }
        arg.fill((byte) 0);
        BlockDescriptor.u32(arg, DmabufDescriptor.FD_OFFSET, b.fd);
        BlockDescriptor.u32(arg, DmabufDescriptor.FLAGS_OFFSET, flags);
        BlockDescriptor.u64(arg, DmabufDescriptor.BYTES_USED_OFFSET, bytesUsed);
        try {
            sys.ioctl(bufferFd, Ioctl.IIO_BUFFER_DMABUF_ENQUEUE, arg);
        } catch (IioException e) {
            throw new IioException(e.errno(), what + ": IIO_BUFFER_DMABUF_ENQUEUE of DMABUF fd " + b.fd + " ("
                    + bytesUsed + " bytes" + ((flags & DmabufDescriptor.FLAG_CYCLIC) != 0 ? ", cyclic" : "")
                    + "): " + e.errno().description(), e);
        }
        inFlight.add(b);
        notifyAll(); // an engine thread waiting for work (zero-copy) looks again
    }

    /** DMA_BUF_IOCTL_SYNC: START before the CPU reads or writes, END before the device may. */
    private synchronized void sync(Buf b, int startOrEnd) {
        arg.fill((byte) 0);
        BlockDescriptor.u64(arg, DmabufDescriptor.SYNC_FLAGS_OFFSET, DmabufDescriptor.SYNC_RW | startOrEnd);
        try {
            sys.ioctl(b.fd, Ioctl.DMA_BUF_IOCTL_SYNC, arg);
            b.cpu = startOrEnd == DmabufDescriptor.SYNC_START;
        } catch (IioException e) {
            throw new IioException(e.errno(), what + ": DMA_BUF_IOCTL_SYNC "
                    + (startOrEnd == DmabufDescriptor.SYNC_START ? "START" : "END") + " on DMABUF fd " + b.fd + ": "
                    + e.errno().description(), e);
        }
    }

    private synchronized void fdCall(Buf b, long request) {
        arg.fill((byte) 0);
        BlockDescriptor.u32(arg, 0, b.fd);
        try {
            sys.ioctl(bufferFd, request, arg);
        } catch (IioException e) {
            throw new IioException(e.errno(), what + ": " + Ioctl.name(request) + " of DMABUF fd " + b.fd + ": "
                    + e.errno().description(), e);
        }
    }

    @Override
    public void teardown() {
        if (hasBlocks()) {
            return; // the DMABUFs are the queue's blocks until it frees them
        }
        for (Buf b : all) {
            release(b);
            sys.munmap(b.memory);
            sys.close(b.fd);
        }
        all.clear();
        inFlight.clear();
        dropStaging();
    }

    /**
     * Takes {@code b} from the device for good: SYNC_END if the CPU has it, DETACH if attached.
     * On the way out a failure is only logged, so the remaining DMABUFs are still released.
     */
    private void release(Buf b) {
        if (b.cpu) {
            try {
                sync(b, DmabufDescriptor.SYNC_END);
            } catch (IioException e) {
                System.getLogger(DmabufPath.class.getName()).log(System.Logger.Level.WARNING, e.getMessage());
            }
        }
        if (b.attached) {
            try {
                fdCall(b, Ioctl.IIO_BUFFER_DMABUF_DETACH);
            } catch (IioException e) {
                System.getLogger(DmabufPath.class.getName()).log(System.Logger.Level.WARNING, e.getMessage());
            }
        }
    }
}
