package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
final class BlockPath extends ZeroCopyPath<BlockPath.KernelBlock> {
    static final class KernelBlock extends KernelBuffer {
        final int id;

        KernelBlock(int id, long size, MemorySegment memory) {
            super(size, memory);
            this.id = id;
        }
    }

    private final int fd;
    private final boolean output;
    // Used by one thread at a time (setup by the enabling thread, then the engine thread it starts).
    private final MemorySegment req = Arena.ofAuto().allocate(BlockDescriptor.BLOCK_SIZE, 8);
    private KernelBlock[] blocks = new KernelBlock[0];
    private int firstId;
    // --- zero-copy: kernel blocks are the queue's blocks (guarded by this)
    private final MemorySegment submitReq = Arena.ofAuto().allocate(BlockDescriptor.BLOCK_SIZE, 8);
    private boolean[] inFlight = new boolean[0];

    BlockPath(Sys sys, int fd, long scanBytes, boolean output, String what) {
        super(sys, scanBytes, what, "kernel block", BlockDescriptor.FLAG_CYCLIC);
        this.fd = fd;
        this.output = output;
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
        inFlight = new boolean[granted]; // zero-copy's: which blocks the queue has given the kernel
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
            if (output || leaveWithApplication()) {
                free.add(blocks[i]);
            } else {
                enqueue(blocks[i], size, 0);
            }
        }
    }

    @Override
    protected KernelBlock awaitCompleted(Waiter waiter, BooleanSupplier stopping) {
        return dequeue(waiter, stopping);
    }

    /** BLOCK_DEQUEUE left the block's descriptor in {@code req}: its bytes_used. */
    @Override
    protected long bytesFilled(KernelBlock b) {
        return BlockDescriptor.u32(req, BlockDescriptor.BYTES_USED_OFFSET);
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

    @Override
    protected void enqueue(KernelBlock b, long bytesUsed, int flags) {
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

    // ------------------------------------------------------------------ zero-copy

    @Override
    protected int bufferCount() {
        return blocks.length;
    }

    @Override
    protected KernelBlock buffer(int index) {
        return blocks[index];
    }

    @Override
    protected void checkBlock(KernelBlock b, long size) {
        if (b.size != size) {
            // The kernel trims a request to its maximum block size (16 MiB by default); an
            // input block is always filled whole, so a block of another size than the
            // queue's cannot stand in for it.
            throw new IioException(Errno.EINVAL, what + ": BLOCK_ALLOC made block " + b.id + " " + b.size
                    + " bytes, not the " + size + " asked for (the kernel's block size limit?)");
        }
    }

    @Override
    public synchronized void enqueue(int index, long bytesUsed, boolean cyclic) {
        KernelBlock b = blocks[index];
        submitReq.fill((byte) 0);
        BlockDescriptor.u32(submitReq, BlockDescriptor.ID_OFFSET, b.id);
        BlockDescriptor.u32(submitReq, BlockDescriptor.BYTES_USED_OFFSET, output ? bytesUsed : b.size);
        BlockDescriptor.u32(submitReq, BlockDescriptor.FLAGS_OFFSET, cyclic ? BlockDescriptor.FLAG_CYCLIC : 0);
        try {
            sys.ioctl(fd, Ioctl.BLOCK_ENQUEUE, submitReq);
        } catch (IioException e) {
            throw wrap(e, Ioctl.BLOCK_ENQUEUE, "of block " + b.id + " (" + bytesUsed + " bytes)");
        }
        inFlight[index] = true;
    }

    @Override
    public int awaitCompletion(Waiter waiter, BooleanSupplier stopping) {
        while (true) {
            KernelBlock b = dequeue(waiter, stopping);
            if (b == null) {
                return -1;
            }
            synchronized (this) {
                int i = b.id - firstId;
                if (!inFlight[i]) {
                    // Aborted in an earlier session and never given back: the application owns it.
                    continue;
                }
                inFlight[i] = false;
                completed(BlockDescriptor.u32(req, BlockDescriptor.BYTES_USED_OFFSET),
                        BlockDescriptor.u64(req, BlockDescriptor.TIMESTAMP_OFFSET));
                return i;
            }
        }
    }

    @Override
    public synchronized void aborted() {
        java.util.Arrays.fill(inFlight, false);
    }

    @Override
    protected void releaseBlocks() {
        // The queue has unmapped each block through its region; what is left is BLOCK_FREE.
        blocks = new KernelBlock[0];
        inFlight = new boolean[0];
        blockFree();
    }

    @Override
    public void teardown() {
        if (hasBlocks()) {
            return; // the blocks belong to the queue until it frees them
        }
        for (KernelBlock b : blocks) {
            if (b != null) {
                sys.munmap(b.memory);
            }
        }
        blocks = new KernelBlock[0];
        dropStaging();
        blockFree();
    }

    /** BLOCK_FREE on the way out: a failure there is only logged, nothing is left to undo. */
    private void blockFree() {
        try {
            sys.ioctl(fd, Ioctl.BLOCK_FREE, MemorySegment.NULL);
        } catch (IioException e) {
            System.getLogger(BlockPath.class.getName()).log(System.Logger.Level.WARNING,
                    what + ": BLOCK_FREE: " + e.errno().description());
        }
    }
}
