package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * The block API of the Analog Devices kernels: BLOCK_ALLOC, then per block BLOCK_QUERY, mmap by
 * offset and (input) BLOCK_ENQUEUE; streaming is BLOCK_DEQUEUE → copy → BLOCK_ENQUEUE;
 * BLOCK_FREE at the end. Kernel-owned blocks are never touched; the kernel's errors (EBUSY for an
 * ACTIVE block, EAGAIN on an empty outgoing queue, ENODEV when the device went) come back as
 * exceptions naming the block and the call.
 *
 * <pre>
 *  state of a kernel block here     how it leaves
 *  ---------------------------      -------------------------------------------
 *  kernel (incoming/active/done)    BLOCK_DEQUEUE hands it back (input: data)
 *  current (input, being copied)    drained → BLOCK_ENQUEUE → kernel
 *  free (output, ours)              filled → BLOCK_ENQUEUE → kernel
 * </pre>
 */
final class BlockPath implements DataPath {
    private static final class KernelBlock {
        final int id;
        final long size;
        final MemorySegment memory;

        KernelBlock(int id, long size, MemorySegment memory) {
            this.id = id;
            this.size = size;
            this.memory = memory;
        }
    }

    private final Sys sys;
    private final int fd;
    private final long scanBytes;
    private final boolean output;
    private final String what;
    // Used by one thread at a time (setup by the enabling thread, then the engine thread it starts).
    private final MemorySegment req = Arena.ofAuto().allocate(BlockDescriptor.BLOCK_SIZE, 8);
    private KernelBlock[] blocks = new KernelBlock[0];
    private int firstId;
    private final ArrayDeque<KernelBlock> free = new ArrayDeque<>();
    private KernelBlock current;
    private long currentUsed;
    private long pos;

    BlockPath(Sys sys, int fd, long scanBytes, boolean output, String what) {
        this.sys = sys;
        this.fd = fd;
        this.scanBytes = scanBytes;
        this.output = output;
        this.what = what;
    }

    @Override
    public String label() {
        return "block";
    }

    /** Whether the kernel has the block API: BLOCK_FREE never fails where it exists (libiio's probe). */
    static String probe(Sys sys, int fd) {
        try {
            sys.ioctl(fd, Ioctl.BLOCK_FREE, MemorySegment.NULL);
            return null;
        } catch (IioException e) {
            return "BLOCK_FREE answered " + e.errno() + " (" + e.errno().description() + ")";
        }
    }

    @Override
    public void setup(long bytes, int count) {
        req.fill((byte) 0);
        BlockDescriptor.u32(req, BlockDescriptor.REQ_TYPE_OFFSET, 0);
        BlockDescriptor.u32(req, BlockDescriptor.REQ_SIZE_OFFSET, bytes);
        BlockDescriptor.u32(req, BlockDescriptor.REQ_COUNT_OFFSET, count);
        call(Ioctl.BLOCK_ALLOC, "of " + count + " blocks of " + bytes + " bytes");
        int granted = (int) BlockDescriptor.u32(req, BlockDescriptor.REQ_COUNT_OFFSET);
        firstId = (int) BlockDescriptor.u32(req, BlockDescriptor.REQ_ID_OFFSET);
        if (granted == 0) {
            teardown();
            throw new IioException(Errno.ENOMEM, what + ": BLOCK_ALLOC granted no block of " + bytes + " bytes");
        }
        blocks = new KernelBlock[granted];
        try {
            mapAndQueue(granted);
        } catch (IioException e) {
            teardown();
            throw e;
        }
    }

    private void mapAndQueue(int granted) {
        for (int i = 0; i < granted; i++) {
            int id = firstId + i;
            clear(id);
            call(Ioctl.BLOCK_QUERY, "of block " + id);
            long size = BlockDescriptor.u32(req, BlockDescriptor.SIZE_OFFSET);
            long offset = BlockDescriptor.u32(req, BlockDescriptor.DATA_OFFSET_OFFSET);
            MemorySegment mem;
            try {
                mem = sys.mmap(fd, size, offset);
            } catch (IioException e) {
                throw new IioException(e.errno(), what + ": mmap of block " + id + " (" + size + " bytes at offset "
                        + offset + "): " + e.errno().description(), e);
            }
            blocks[i] = new KernelBlock(id, size, mem);
            if (output) {
                free.add(blocks[i]);
            } else {
                enqueue(blocks[i], size, 0);
            }
        }
    }

    @Override
    public long fill(MemorySegment dst, long max, Waiter waiter, BooleanSupplier stopping) {
        while (current == null) {
            KernelBlock b = dequeue(waiter, stopping);
            if (b == null) {
                return -1;
            }
            long used = BlockDescriptor.u32(req, BlockDescriptor.BYTES_USED_OFFSET);
            if (used == 0) {
                enqueue(b, b.size, 0); // aborted transfer: nothing to hand on
                continue;
            }
            current = b;
            currentUsed = used;
            pos = 0;
        }
        long n = Math.min(currentUsed - pos, max / scanBytes * scanBytes);
        MemorySegment.copy(current.memory, pos, dst, 0, n);
        pos += n;
        if (pos >= currentUsed) {
            KernelBlock b = current;
            current = null;
            enqueue(b, b.size, 0);
        }
        return n;
    }

    @Override
    public boolean drain(MemorySegment src, long bytes, boolean cyclic, Waiter waiter, BooleanSupplier stopping) {
        long done = 0;
        while (done < bytes) {
            KernelBlock b = free.poll();
            if (b == null) {
                b = dequeue(waiter, stopping);
                if (b == null) {
                    return false;
                }
            }
            long room = b.size / scanBytes * scanBytes;
            if (cyclic && bytes > room) {
                free.add(b);
                throw new IioException(Errno.EINVAL, what + ": a cyclic block of " + bytes
                        + " bytes does not fit one kernel block of " + room + " bytes");
            }
            long n = Math.min(room, bytes - done);
            MemorySegment.copy(src, done, b.memory, 0, n);
            enqueue(b, n, cyclic ? BlockDescriptor.FLAG_CYCLIC : 0);
            done += n;
        }
        return true;
    }

    private KernelBlock dequeue(Waiter waiter, BooleanSupplier stopping) {
        while (true) {
            // poll() first: on a blocking fd BLOCK_DEQUEUE would sleep in the kernel, beyond cancel.
            if (!waiter.await(fd, output ? Sys.POLLOUT : Sys.POLLIN, stopping)) {
                return null;
            }
            req.fill((byte) 0);
            try {
                sys.ioctl(fd, Ioctl.BLOCK_DEQUEUE, req);
                int id = (int) BlockDescriptor.u32(req, BlockDescriptor.ID_OFFSET);
                int i = id - firstId;
                if (i < 0 || i >= blocks.length) {
                    throw new IioException(Errno.EPROTO, what + ": BLOCK_DEQUEUE returned block " + id
                            + ", not one of ours (" + firstId + ".." + (firstId + blocks.length - 1) + ")");
                }
                return blocks[i];
            } catch (IioException e) {
                if (e.errno() != Errno.EAGAIN) {
                    throw wrap(e, Ioctl.BLOCK_DEQUEUE, "");
                }
            }
        }
    }

    private void enqueue(KernelBlock b, long bytesUsed, int flags) {
        clear(b.id);
        BlockDescriptor.u32(req, BlockDescriptor.BYTES_USED_OFFSET, bytesUsed);
        BlockDescriptor.u32(req, BlockDescriptor.FLAGS_OFFSET, flags);
        call(Ioctl.BLOCK_ENQUEUE, "of block " + b.id + " (" + bytesUsed + " bytes)");
    }

    private void clear(int id) {
        req.fill((byte) 0);
        BlockDescriptor.u32(req, BlockDescriptor.ID_OFFSET, id);
    }

    private void call(long request, String detail) {
        try {
            sys.ioctl(fd, request, req);
        } catch (IioException e) {
            throw wrap(e, request, detail);
        }
    }

    private IioException wrap(IioException e, long request, String detail) {
        return new IioException(e.errno(), what + ": " + Ioctl.name(request) + (detail.isEmpty() ? "" : " " + detail)
                + ": " + e.errno().description(), e);
    }

    @Override
    public void teardown() {
        for (KernelBlock b : blocks) {
            if (b != null) {
                sys.munmap(b.memory);
            }
        }
        blocks = new KernelBlock[0];
        free.clear();
        current = null;
        try {
            sys.ioctl(fd, Ioctl.BLOCK_FREE, MemorySegment.NULL);
        } catch (IioException e) {
            System.getLogger(BlockPath.class.getName()).log(System.Logger.Level.WARNING,
                    what + ": BLOCK_FREE: " + e.errno().description());
        }
    }
}
