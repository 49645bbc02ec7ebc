package io.jiio.linux;

import io.jiio.IioException;
import io.jiio.buffer.BlockMemory;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ZeroCopy} bookkeeping the block and DMABUF paths share: {@link #allocateBlocks} is
 * their own {@link #setup}, with every kernel buffer left with the application and mapped as one
 * of the queue's blocks; while it holds them the path does not tear them down. The subclass lists
 * its buffers ({@link #bufferCount}, {@link #buffer}) and moves them to and from the device.
 */
abstract class ZeroCopyPath<B extends KernelBuffer> extends StagingPath<B> implements ZeroCopy {
    protected final Sys sys;
    // Guarded by this: the submitting thread and the engine thread both get here.
    private boolean zeroCopy;
    private boolean leaveWithApplication;
    private long completed;
    private long completedStamp;
    private boolean kernelStamps;

    ZeroCopyPath(Sys sys, long scanBytes, String what, String noun, int cyclicFlag) {
        super(scanBytes, what, noun, cyclicFlag);
        this.sys = sys;
    }

    /** How many kernel buffers {@link #setup} made. */
    protected abstract int bufferCount();

    protected abstract B buffer(int index);

    /**
     * Refuses a buffer that cannot be the queue's block of {@code size} bytes; every buffer is
     * then given back. None is refused unless the kernel may size them otherwise.
     */
    protected void checkBlock(B b, long size) {
    }

    /** Gives the kernel buffers back to the kernel once the queue has unmapped them. */
    protected abstract void releaseBlocks();

    /** Whether {@link #setup} is to keep every buffer (zero-copy) rather than queue the input ones. */
    protected final boolean leaveWithApplication() {
        return leaveWithApplication;
    }

    /**
     * The bytes of the transfer {@link #awaitCompletion} just reported and the kernel's timestamp
     * of it, 0 for none (under this lock).
     */
    protected final void completed(long bytes, long stamp) {
        completed = bytes;
        completedStamp = stamp;
        kernelStamps |= stamp != 0;
    }

    @Override
    public final synchronized List<BlockMemory.Region> allocateBlocks(int count, long size) {
        leaveWithApplication = true; // setup then leaves every buffer with the application
        try {
            setup(size, count); // tears down what it made if it fails
        } finally {
            leaveWithApplication = false;
        }
        zeroCopy = true;
        free.clear(); // the queue owns them now
        List<BlockMemory.Region> regions = new ArrayList<>();
        for (int i = 0; i < bufferCount(); i++) {
            B b = buffer(i);
            try {
                checkBlock(b, size);
            } catch (IioException e) {
                zeroCopy = false;
                teardown(); // unmaps every buffer and gives them back
                throw e;
            }
            MemorySegment m = b.memory;
            regions.add(new BlockMemory.Region(m, () -> sys.munmap(m)));
        }
        return regions;
    }

    @Override
    public final synchronized boolean hasBlocks() {
        return zeroCopy;
    }

    @Override
    public final synchronized int indexOf(MemorySegment memory) {
        for (int i = 0; i < bufferCount(); i++) {
            if (buffer(i).memory.address() == memory.address()) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public final synchronized long completedBytes() {
        return completed;
    }

    @Override
    public final synchronized long completedStamp() {
        return completedStamp;
    }

    @Override
    public final synchronized boolean kernelStamps() {
        return kernelStamps;
    }

    @Override
    public final synchronized void freeBlocks() {
        // The queue unmaps each block through its region; what is left is the kernel's side.
        zeroCopy = false;
        releaseBlocks();
    }
}
