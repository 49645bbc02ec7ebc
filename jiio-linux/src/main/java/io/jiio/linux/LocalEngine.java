package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.SubmitQueue;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import io.jiio.buffer.BlockMemory;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@link DmaEngine} of one kernel buffer: its thread moves each submitted block's bytes through
 * the chosen {@link DataPath} and completes it, so the application sees the same
 * {@link BlockQueue} on {@code local:} as on {@code sim:} and {@code ip:}.
 *
 * <pre>
 *  enable: tracksLoss (reads the scan rate: LossTracker) → start
 *  start:  length, watermark → path.setup (staging buffers) → enable=1 → thread
 *  thread: take submitted block → path.fill / path.drain (one copy) → overrun (gap) → blockDone
 *  reap:   (zero-copy, on the dequeuing thread) poll → dequeue ioctl → overrun (gap) → blockDone
 *  abort:  cancel eventfd → join thread / wait out a reap → enable=0 → path.teardown
 *  close:  close the buffer fds, disable the channels
 * </pre>
 * Zero-copy: when the path is a {@link ZeroCopy} (DMABUF, block API), {@link #blockMemory()}
 * makes the kernel's buffers the queue's blocks at {@code allocate}; {@code submit} then hands a
 * block to the device with one ioctl, and the application's own {@code dequeue} collects the
 * completion with {@code poll()} and the dequeue ioctl ({@link #reap}), as libiio does: no copy and
 * no thread in between. Blocks of other memory (the application's own DMA buffers) take the
 * staging path, on the engine's thread. A kernel error on either is logged and closes the queue
 * with its cause (a waiting dequeue then fails with it), as a vanished device would.
 */
final class LocalEngine implements DmaEngine {
    private static final System.Logger LOG = System.getLogger(LocalEngine.class.getName());
    /** At most this many kernel buffers, the block API's limit. */
    static final int MAX_KERNEL_BUFFERS = 64;
    static final int MAX_STAGING_BUFFERS = 4;
    static final long MAX_STAGING_BYTES = 4L << 20;

    private final Sys sys;
    private final SysfsFiles files;
    private final String what;
    private final DataPath path;
    private final Path bufferDir;
    private final boolean output;
    private final long scanBytes;
    private final Runnable onClose;
    private final LossTracker loss;
    private final SubmitQueue pending = new SubmitQueue();
    /** The stop flag as the kernel paths ask for it, made once (a reap runs per block). */
    private final java.util.function.BooleanSupplier stopping = pending::stopping;
    private volatile IioException failure;
    private BlockQueue queue;
    private Thread thread;
    private int cancelFd = -1;
    private boolean enabled;
    private final ZeroCopy zeroCopy;
    private final BlockMemory memory;
    /** Held while an application thread collects completions ({@link #reap}); abort waits for it. */
    private final ReentrantLock reaping = new ReentrantLock();
    /** Whether this session's completions are collected by {@link #reap} (zero-copy) rather than a thread. */
    private volatile boolean reapOnCaller;
    /** The reaping threads' poll() set, shared by them one at a time; null unless reaping. */
    private Waiter reapWaiter;
    private DmaCompletion reapCompletion;
    /** While streaming zero-copy: the queue's block for each kernel buffer, set by submit. */
    private volatile AtomicReferenceArray<Block> byIndex;
    /** ... and its memory, where the engine reads the scans' timestamps. */
    private volatile AtomicReferenceArray<MemorySegment> memoryByIndex;

    LocalEngine(Sys sys, SysfsFiles files, String what, DataPath path, Path bufferDir, boolean output,
                long scanBytes, LossTracker loss, Runnable onClose) {
        this.sys = sys;
        this.files = files;
        this.what = what;
        this.path = path;
        this.bufferDir = bufferDir;
        this.output = output;
        this.scanBytes = scanBytes;
        this.onClose = onClose;
        this.loss = loss;
        this.zeroCopy = path instanceof ZeroCopy z ? z : null;
        this.memory = zeroCopy == null ? null : new BlockMemory() {
            @Override
            public List<Region> allocate(int count, long size) {
                return zeroCopy.allocateBlocks(Math.min(count, MAX_KERNEL_BUFFERS), size);
            }

            @Override
            public void free() {
                zeroCopy.freeBlocks();
            }
        };
    }

    @Override
    public BlockMemory blockMemory() {
        return memory;
    }

    private boolean zeroCopyActive() {
        return zeroCopy != null && zeroCopy.hasBlocks();
    }

    void queue(BlockQueue q) {
        this.queue = q;
    }

    @Override
    public String dataPath() {
        return path.label();
    }

    /**
     * Reads the scan rate and chooses how this session counts its losses ({@link LossTracker}):
     * the queue asks at each enable, just before {@link #start}.
     */
    @Override
    public boolean tracksLoss() {
        BlockQueue q = queue;
        boolean zeroCopying = zeroCopyActive();
        return loss.decide(zeroCopying && zeroCopy.kernelStamps(), !zeroCopying && q != null && q.blocks().isEmpty());
    }

    /** Why the thread stopped, when a kernel call failed. */
    IioException failure() {
        return failure;
    }

    @Override
    public void start(DmaCompletion completion) {
        long blockBytes = 0;
        int count = 0;
        for (Block b : queue.blocks()) {
            blockBytes = Math.max(blockBytes, b.size());
            count++;
        }
        if (count == 0) {
            // The application streams DMA buffers of its own: the staging buffers follow the
            // queue's limits, capped (the defaults, 64 × 16 MiB, would pin 1 GiB of kernel memory;
            // staging copes with any size).
            blockBytes = Math.min(queue.config().maxBlockSize(), MAX_STAGING_BYTES);
            count = Math.min(queue.config().maxBlocks(), MAX_STAGING_BUFFERS);
        }
        blockBytes = Math.max(scanBytes, blockBytes / scanBytes * scanBytes);
        count = Math.clamp(count, 1, MAX_KERNEL_BUFFERS);
        long length = Math.max(2, count * (blockBytes / scanBytes));
        try {
            files.write(bufferDir.resolve("length"), Long.toString(length));
            if (Files.exists(bufferDir.resolve("watermark"))) {
                files.write(bufferDir.resolve("watermark"), Long.toString(Math.min(length, blockBytes / scanBytes)));
            }
            if (zeroCopyActive()) {
                byIndex = new AtomicReferenceArray<>(queue.blocks().size());
                memoryByIndex = new AtomicReferenceArray<>(queue.blocks().size());
            } else {
                path.setup(blockBytes, count);
            }
            try {
                files.write(bufferDir.resolve("enable"), "1");
                enabled = true;
                cancelFd = sys.eventfd();
            } catch (IioException e) {
                disableQuietly();
                if (!zeroCopyActive()) {
                    path.teardown();
                }
                throw e;
            }
        } catch (IioException e) {
            String hint = e.errno() == Errno.EINVAL ? TriggerHint.missing(files, bufferDir.getParent(), what) : null;
            if (hint != null) {
                throw new IioException(Errno.EINVAL, hint, e);
            }
            throw new IioException(e.errno(), what + ": enable (" + path.label() + "): " + Reasons.of(e), e);
        }
        pending.restart(completion.waitStrategy());
        loss.restart();
        LOG.log(System.Logger.Level.DEBUG, what + ": enabled (" + path.label() + "), " + loss.description());
        failure = null;
        if (zeroCopyActive()) {
            reapWaiter = Waiter.shared(sys, cancelFd, this::checkAlive);
            reapCompletion = completion;
            reapOnCaller = true;
            return;
        }
        thread = Thread.ofPlatform().daemon().name("jiio-local-" + what).start(() -> run(completion));
    }

    @Override
    public boolean completesOnCaller() {
        return reapOnCaller;
    }

    /** The zero-copy completion path, on the dequeuing thread (see the class comment). */
    @Override
    public boolean reap(boolean timed, long deadlineNanos) {
        if (!reapOnCaller) {
            return false;
        }
        reaping.lock();
        try {
            if (!reapOnCaller) {
                return false; // aborted while this thread waited for the lock
            }
            reapWaiter.until(timed, deadlineNanos);
            int i = zeroCopy.awaitCompletion(reapWaiter, stopping);
            if (i >= 0) {
                completeZeroCopy(reapCompletion, i);
            }
            return true;
        } catch (RuntimeException e) {
            reapOnCaller = false;
            fail(asFailure(e));
            return true;
        } finally {
            reaping.unlock();
        }
    }

    @Override
    public void submit(Block block, MemorySegment memory) {
        if (zeroCopyActive()) {
            int i = zeroCopy.indexOf(memory);
            if (i < 0) {
                throw new IioException(Errno.EBUSY, what + ": this buffer streams the kernel's own blocks; "
                        + "the application's DMA buffers cannot join them (free() the blocks first)");
            }
            byIndex.set(i, block);
            memoryByIndex.set(i, memory);
            zeroCopy.enqueue(i, block.bytesUsed(), block.isCyclic());
            return;
        }
        pending.submit(block);
    }

    private void run(DmaCompletion completion) {
        try (Waiter waiter = new Waiter(sys, cancelFd, this::checkAlive)) {
            LossTracker.Scans scans = (dst, max) -> path.fill(dst, max, waiter, stopping); // once, not per block
            while (true) {
                Block b = pending.take();
                if (b == null) {
                    return;
                }
                MemorySegment m = pending.takenMemory();
                if (output) {
                    if (!play(b, m, waiter)) {
                        return;
                    }
                } else {
                    long got = loss.capture(m, b.size() / scanBytes * scanBytes, scans);
                    if (got < 0) {
                        return;
                    }
                    reportLoss(completion);
                    completion.blockDone(b, got, loss.firstStamp(m, got, System.nanoTime()));
                    continue;
                }
                completion.blockDone(b, b.bytesUsed(), System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(asFailure(e));
        }
    }

    /** A kernel error as it is; anything else (a bug) as EIO naming this buffer. */
    private IioException asFailure(RuntimeException e) {
        return e instanceof IioException io ? io : new IioException(Errno.EIO, what + ": " + e, e);
    }

    /**
     * Throws when the device went away (its sysfs directory is gone: unbound, unloaded, removed
     * through configfs) or someone else wrote {@code buffer/enable=0} under this capture: either
     * way no block will ever come, and the reader must hear why rather than wait for ever.
     */
    private void checkAlive() {
        Path enable = bufferDir.resolve("enable");
        if (!java.nio.file.Files.exists(bufferDir)) {
            throw new IioException(Errno.ENODEV, what + ": the device is gone (" + bufferDir.getParent()
                    + " no longer exists: removed or unbound)");
        }
        String v;
        try {
            v = files.read(enable).trim();
        } catch (IioException e) {
            throw new IioException(Errno.ENODEV, what + ": the device is gone (" + enable + ": "
                    + e.reason() + ")", e);
        }
        if (v.equals("0")) {
            throw new IioException(Errno.ECANCELED, what + ": the buffer was disabled by someone else ("
                    + enable + " reads 0)");
        }
    }

    /** Reports the kernel buffer {@code i} the dequeue ioctl returned as the queue's completed block. */
    private void completeZeroCopy(DmaCompletion completion, int i) {
        Block b = byIndex.get(i);
        if (output) {
            completion.blockDone(b, b.bytesUsed(), System.nanoTime());
            return;
        }
        long bytes = zeroCopy.completedBytes();
        long stamp = loss.completed(memoryByIndex.get(i), bytes, zeroCopy.completedStamp(), System.nanoTime());
        reportLoss(completion);
        completion.blockDone(b, bytes, stamp);
    }

    /** The gap before the block about to complete goes first, so the queue places it on that block. */
    private void reportLoss(DmaCompletion completion) {
        long lost = loss.lostBefore();
        if (lost > 0) {
            completion.overrun(lost);
        }
    }

    /** Hands the block to the kernel; a cyclic one stays with the device until abort. */
    private boolean play(Block b, MemorySegment memory, Waiter waiter) throws InterruptedException {
        if (!path.drain(memory, b.bytesUsed(), b.isCyclic(), waiter, pending::stopping)) {
            return false;
        }
        if (b.isCyclic()) {
            while (!pending.stopping()) {
                Thread.sleep(20);
            }
            return false;
        }
        return true;
    }

    private void fail(IioException e) {
        failure = e;
        LOG.log(System.Logger.Level.DEBUG, what + " stopped: " + e.getMessage());
        BlockQueue q = queue;
        if (q != null) {
            // Closing joins this thread (through abort), so it must happen elsewhere; the queue
            // then reports this cause (the kernel's errno, the file) to the application.
            Thread.ofPlatform().daemon().name("jiio-local-fail").start(() -> q.fail(e));
        }
    }

    @Override
    public void abort() {
        pending.stop();
        if (cancelFd >= 0) {
            Waiter.cancel(sys, cancelFd);
        }
        reaping.lock(); // a reap in progress sees the cancel and returns; none starts after this
        try {
            reapOnCaller = false;
            if (reapWaiter != null) {
                reapWaiter.close();
                reapWaiter = null;
            }
            reapCompletion = null;
        } finally {
            reaping.unlock();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        pending.clear();
        if (enabled) {
            disableQuietly();
            if (zeroCopyActive()) {
                zeroCopy.aborted();
            } else {
                path.teardown();
            }
        }
        if (cancelFd >= 0) {
            sys.close(cancelFd);
            cancelFd = -1;
        }
    }

    private void disableQuietly() {
        try {
            files.write(bufferDir.resolve("enable"), "0");
        } catch (IioException e) {
            // A device that is gone has nothing left to disable: the stream that found it gone says so once.
            LOG.log(java.nio.file.Files.exists(bufferDir) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    what + ": disable: " + e.getMessage());
        }
        enabled = false;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
