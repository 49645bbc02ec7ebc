package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Direction;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code read()}/{@code write()} on a device buffer, emulated over two blocks with a copy, exactly
 * as the kernel's {@code industrialio-buffer-dma} "fileio" does: for users who want a plain byte
 * stream, and as the copy baseline that the zero-copy block and DMA-buffer paths are measured
 * against.
 *
 * <pre>
 * try (FileIo in = FileIo.open(queue, 4096)) {     // two blocks of 2048 scans, enabled
 *     int n = in.read(segment);                    // whole scans, blocks until watermark scans
 * }
 * </pre>
 *
 * <h2>Blocks</h2>
 * {@link #open} claims the queue for the read()/write() path (from then on the block API and DMA
 * buffers are EBUSY on it, and it is EBUSY for them) and allocates two blocks of
 * {@code ceil(scanBytes × length / 2)} bytes each; each carries its whole-scan capacity. The
 * queue is enabled at once.
 * <ul>
 *   <li><b>Input</b>: both blocks are queued. {@link #read} copies out of the oldest completed
 *       block from where the last read stopped; a block read to its end is queued again.</li>
 *   <li><b>Output</b>: both blocks start free (the application's). {@link #write} copies into the
 *       current free block; a full block is queued with its whole capacity and the next free
 *       one taken, waiting for the device to play one if none is. {@link #flush} queues a
 *       partly filled block.</li>
 * </ul>
 * Blocks complete in the order they were queued, so bytes come out in the order they went in:
 * nothing is lost or repeated by this class.
 *
 * <h2>Blocking</h2>
 * In blocking mode (the queue's default) a read waits until at least
 * {@code min(requested scans, watermark)} scans are available — or until every block has
 * completed, when no more can come before this one is read — then copies as much as is available
 * up to the request: a short read, as the kernel's. A blocking write waits for free space until
 * everything is accepted. In non-blocking mode ({@link BlockQueue#setNonBlocking}) a read with
 * nothing available, and a write with no space, fail with {@code EAGAIN}; a write that accepted
 * some bytes returns their count instead.
 *
 * <h2>Losses</h2>
 * A copy erases block boundaries, and with them the place of a gap. So a read never spans one:
 * it ends before a block with scans lost before it ({@link Block#lostBefore()}), even if that
 * leaves it short, and {@link #readFirstScan()} / {@link #readLostBefore()} say where the scans of
 * the latest read sit in the device's stream and how many were lost just before them. The totals
 * stay the queue's ({@link BlockQueue#stats()}).
 *
 * <h2>Errors</h2>
 * All {@link IioException}s naming the queue and the operation: {@code EINVAL} a request of less
 * than one scan or (write) not whole scans; {@code EAGAIN} would block; {@code EPERM} read on an
 * output buffer or write on an input one; {@code EINTR} interrupted while waiting;
 * {@code ENODEV} after {@link #close()}, or when the queue itself was closed.
 *
 * <h2>Threads</h2>
 * Thread-safe: operations are serialised on one lock, which is not held while waiting for the
 * device, so {@link #dataAvailable()} and {@link #close()} never wait behind a blocked read.
 * Concurrent readers each get whole scans, never the same ones.
 */
public final class FileIo implements AutoCloseable {
    /** How long {@link #close()} of an output waits for the device to play what was written. */
    public static final long DRAIN_TIMEOUT_MS = 30_000;
    /** Waits are done in slices of this, so that a close is noticed promptly. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int BLOCKS = 2;

    private final BlockQueue queue;
    /** This side's claim on the queue, and its way to the queue's blocks. */
    private final FileIoClaim claim;
    private final String name;
    private final boolean input;
    private final long scanBytes;
    private final long length;
    private final long watermark;
    private final long blockSize;
    /** Whole-scan bytes of one block: what an input block holds at most, an output block plays. */
    private final long capacity;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    // --- guarded by lock ---
    /**
     * The blocks this side holds, in order. Input: completed blocks with data to read, the head
     * read up to {@code pos}. Output: free blocks, the head filled up to {@code pos}.
     */
    private final ArrayDeque<Block> held = new ArrayDeque<>(BLOCKS);
    /** Input blocks read to their end whose re-enqueue failed (device submit error): retried first. */
    private final ArrayDeque<Block> stranded = new ArrayDeque<>(BLOCKS);
    private long pos;
    /** Where the latest read's scans began: see {@link #readFirstScan()} and {@link #readLostBefore()}. */
    private long readFirstScan = Block.UNKNOWN;
    private long readLostBefore = Block.UNKNOWN;
    /** Threads waiting for the device without the lock; close waits for them to leave. */
    private int waiters;
    private boolean closed;
    /** Set first by close: new operations are refused, waiting ones give up. */
    private volatile boolean closing;

    private FileIo(BlockQueue queue, long length, long watermark, long blockSize) {
        this.queue = queue;
        this.claim = queue.fileIo();
        this.name = queue.name();
        this.input = queue.direction() == Direction.INPUT;
        this.scanBytes = queue.scanBytes();
        this.length = length;
        this.watermark = watermark;
        this.blockSize = blockSize;
        this.capacity = blockSize / scanBytes * scanBytes;
        claim.begin(this);
        List<Block> created = null;
        try {
            created = claim.allocate(BLOCKS, blockSize);
            if (input) {
                for (Block b : created) {
                    claim.enqueue(b, 0);
                }
            } else {
                for (Block b : created) {
                    held.addLast(b);
                }
            }
            queue.enable();
        } catch (RuntimeException e) {
            queue.disable();
            if (created != null) {
                claim.free();
            }
            claim.end(this);
            throw e;
        }
    }

    /**
     * Opens the read()/write() path on {@code queue} with the kernel's default watermark,
     * {@code length / 2} scans.
     *
     * @param queue  a queue opened with the device's buffer and no blocks; the FileIo owns it for
     *               reads and writes until closed (the queue itself stays the caller's to close)
     * @param length the buffer length in scans, at least 2
     * @return the open, enabled read()/write() path
     * @throws IioException as {@link #open(BlockQueue, long, long)}
     * @see #open(BlockQueue, long, long)
     */
    public static FileIo open(BlockQueue queue, long length) {
        Objects.requireNonNull(queue, "queue");
        if (length < 2) {
            throw lengthTooSmall(queue, length);
        }
        return open(queue, length, length / 2);
    }

    /**
     * Opens the read()/write() path on {@code queue}: allocates two blocks of
     * {@code ceil(scanBytes × length / 2)} bytes, queues them (input) or keeps them free
     * (output), and enables the queue.
     *
     * @param queue     a queue opened with the device's buffer and no blocks
     * @param length    the buffer length in scans, at least 2 (the sysfs {@code buffer/length})
     * @param watermark scans, 1..length: a blocking read waits for at least
     *                  {@code min(requested, watermark)} scans (the sysfs {@code buffer/watermark});
     *                  not used for output
     * @return the open, enabled read()/write() path; close it to give the queue back
     * @throws IioException EINVAL for a bad length or watermark, or blocks over the queue's
     *                      {@link QueueConfig} limits; EBUSY when the queue has blocks or DMA
     *                      buffers, or already a FileIo; ENODEV when it is closed
     */
    public static FileIo open(BlockQueue queue, long length, long watermark) {
        Objects.requireNonNull(queue, "queue");
        if (length < 2) {
            throw lengthTooSmall(queue, length);
        }
        if (watermark < 1 || watermark > length) {
            throw new IioException(Errno.EINVAL, queue.name() + ": fileio: watermark " + watermark
                    + " scans is out of range 1.." + length + " (the length)");
        }
        long scanBytes = queue.scanBytes();
        long total;
        try {
            total = Math.multiplyExact(scanBytes, length);
        } catch (ArithmeticException e) {
            throw new IioException(Errno.EINVAL, queue.name() + ": fileio: length " + length
                    + " scans of " + scanBytes + " bytes is too large");
        }
        long size = total / 2 + total % 2;
        QueueConfig config = queue.config();
        if (size > config.maxBlockSize()) {
            throw new IioException(Errno.EINVAL, queue.name() + ": fileio: length " + length
                    + " scans needs two blocks of " + size + " bytes, over the limit of "
                    + config.maxBlockSize() + " bytes (QueueConfig.maxBlockSize)");
        }
        if (config.maxBlocks() < BLOCKS) {
            throw new IioException(Errno.EINVAL, queue.name() + ": fileio: needs two blocks, over the limit of "
                    + config.maxBlocks() + " (QueueConfig.maxBlocks)");
        }
        return new FileIo(queue, length, watermark, size);
    }

    private static IioException lengthTooSmall(BlockQueue queue, long length) {
        return new IioException(Errno.EINVAL, queue.name() + ": fileio: length " + length
                + " scans is below the minimum of 2");
    }

    // ------------------------------------------------------------------ accessors

    /** {@return the queue this path reads or writes} */
    public BlockQueue queue() {
        return queue;
    }

    /** {@return the queue's direction: input is read, output written} */
    public Direction direction() {
        return queue.direction();
    }

    /** {@return the buffer length in scans, as opened} */
    public long length() {
        return length;
    }

    /** {@return the watermark in scans, as opened} */
    public long watermark() {
        return watermark;
    }

    /** {@return bytes of each of the two blocks: {@code ceil(scanBytes × length / 2)}} */
    public long blockSize() {
        return blockSize;
    }

    /** {@return bytes per scan: reads and writes move whole multiples of it} */
    public long scanBytes() {
        return scanBytes;
    }

    /** {@return whether the path is open: false from the moment {@link #close()} begins} */
    public boolean isOpen() {
        return !closing;
    }

    // ------------------------------------------------------------------ read

    /**
     * Copies whole scans into {@code dst} (its size rounded down to whole scans), see the class
     * comment for when it waits.
     *
     * @param dst where the scans go, from offset 0
     * @return the bytes copied: at least one scan, at most {@code dst.byteSize()} rounded down
     * @throws IioException EINVAL {@code dst} smaller than one scan; EAGAIN nothing available in
     *                      non-blocking mode; EPERM an output buffer; EINTR; ENODEV closed
     */
    public int read(MemorySegment dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException(name + ": read: the destination segment is read-only");
        }
        lock.lock();
        try {
            ensureOpen("read");
            if (!input) {
                throw new IioException(Errno.EPERM, name + ": read: this is an output buffer (write() it)");
            }
            long want = dst.byteSize();
            if (want < scanBytes) {
                throw new IioException(Errno.EINVAL, name + ": read: " + want
                        + " bytes is less than one scan of " + scanBytes + " bytes");
            }
            long scans = Math.min(want, Integer.MAX_VALUE) / scanBytes;
            pull();
            if (queue.isNonBlocking()) {
                if (unread() == 0) {
                    throw new IioException(Errno.EAGAIN, name + ": read: no scans are available yet "
                            + "(non-blocking)");
                }
            } else {
                long target = Math.min(scans, watermark) * scanBytes;
                while (unread() < target && !nothingPending()) {
                    awaitBlock(SLICE_NANOS);
                    ensureOpen("read");
                    pull();
                }
            }
            return (int) copyOut(dst, scans * scanBytes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #read(MemorySegment)} into {@code dst} from its position to its limit; the position
     * advances by the bytes copied.
     *
     * @param dst where the scans go; writable
     * @return the bytes copied
     * @throws IioException as {@link #read(MemorySegment)}
     */
    public int read(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int n = read(MemorySegment.ofBuffer(dst));
        dst.position(dst.position() + n);
        return n;
    }

    /**
     * {@link #read(MemorySegment)} into {@code dst[off .. off + len)}.
     *
     * @param dst where the scans go
     * @param off the first index to fill
     * @param len bytes at most
     * @return the bytes copied
     * @throws IioException as {@link #read(MemorySegment)}
     */
    public int read(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        return read(MemorySegment.ofArray(dst).asSlice(off, len));
    }

    /**
     * Copies up to {@code bytes} (whole scans) out of the held blocks; drained blocks go back. Stops
     * short of a block with scans lost before it, so that one read never joins the two sides of a
     * gap, and records where the read started ({@link #readFirstScan()}, {@link #readLostBefore()}).
     */
    private long copyOut(MemorySegment dst, long bytes) {
        Block first = held.peekFirst();
        if (first != null) {
            readFirstScan = first.firstScan == Block.UNKNOWN ? Block.UNKNOWN : first.firstScan + pos / scanBytes;
            readLostBefore = first.lostBefore == Block.UNKNOWN ? Block.UNKNOWN : pos == 0 ? first.lostBefore : 0;
        }
        long copied = 0;
        while (copied < bytes && !held.isEmpty()) {
            Block b = held.peekFirst();
            if (copied > 0 && pos == 0 && b.lostBefore > 0) {
                break; // the next read starts at the gap and says so
            }
            long n = Math.min(bytes - copied, b.bytesUsed - pos);
            copy(b.memory, pos, dst, copied, n, "read");
            copied += n;
            pos += n;
            if (pos == b.bytesUsed) {
                held.pollFirst();
                pos = 0;
                try {
                    claim.enqueue(b, 0);
                } catch (IioException e) {
                    // The bytes are copied: report them; the next call retries or reports the error.
                    if (b.state == BlockState.DEQUEUED) {
                        stranded.addLast(b);
                    }
                    break;
                }
            }
        }
        return copied;
    }

    /**
     * Input: the index since enable of the first scan the latest {@link #read} returned — the
     * position its block carried ({@link Block#firstScan()}) plus the scans read from that block
     * before. {@link Block#UNKNOWN} before the first read, or when the device cannot tell.
     *
     * <p>A read never returns scans from both sides of a gap: it stops short of a block that has
     * scans lost before it, and the next read begins with that block. So the scans of one read
     * are contiguous, and their positions are {@code readFirstScan()} onwards. Meant for one
     * reading thread; with several, the figures are those of whichever read came last.
     *
     * @return the scan index, or {@link Block#UNKNOWN}
     */
    public long readFirstScan() {
        lock.lock();
        try {
            return readFirstScan;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Input: the scans the device lost immediately before the latest read's first scan (0: it
     * follows the scans read before without a gap; only a read that starts a block can follow a
     * gap). {@link Block#UNKNOWN} before the first read, or when the device cannot tell.
     *
     * @return the scans lost, 0, or {@link Block#UNKNOWN}
     */
    public long readLostBefore() {
        lock.lock();
        try {
            return readLostBefore;
        } finally {
            lock.unlock();
        }
    }

    /** Input: bytes ready in the held blocks. */
    private long unread() {
        long n = -pos;
        for (Block b : held) {
            n += b.bytesUsed;
        }
        return held.isEmpty() ? 0 : n;
    }

    /** Input: no block is with the device, so nothing more can arrive before a read frees one. */
    private boolean nothingPending() {
        return held.size() + stranded.size() >= BLOCKS;
    }

    // ------------------------------------------------------------------ write

    /**
     * Copies {@code src} (whole scans) into the free blocks, queueing each block as it fills; see
     * the class comment for when it waits.
     *
     * @param src the scans to write
     * @return the bytes accepted: all of {@code src} in blocking mode (capped at the largest whole
     *         number of scans that fits an int), possibly fewer in non-blocking mode or when
     *         interrupted or closed after some were accepted
     * @throws IioException EINVAL {@code src} is not a whole number of scans (or empty); EAGAIN no
     *                      space in non-blocking mode; EPERM an input buffer; EINTR; ENODEV closed
     */
    public int write(MemorySegment src) {
        lock.lock();
        try {
            ensureOpen("write");
            if (input) {
                throw new IioException(Errno.EPERM, name + ": write: this is an input buffer (read() it)");
            }
            long len = src.byteSize();
            if (len < scanBytes) {
                throw new IioException(Errno.EINVAL, name + ": write: " + len
                        + " bytes is less than one scan of " + scanBytes + " bytes");
            }
            if (len % scanBytes != 0) {
                throw new IioException(Errno.EINVAL, name + ": write: " + len
                        + " bytes is not a whole number of " + scanBytes + "-byte scans");
            }
            long bytes = Math.min(len, Integer.MAX_VALUE / scanBytes * scanBytes);
            pull();
            long accepted = 0;
            while (accepted < bytes) {
                if (!held.isEmpty() && pos == capacity) {
                    // A full block whose enqueue failed before: try again first, to keep the order.
                    try {
                        submitHead();
                    } catch (IioException e) {
                        if (accepted > 0) {
                            break;
                        }
                        throw e;
                    }
                }
                if (held.isEmpty()) {
                    if (queue.isNonBlocking()) {
                        if (accepted > 0) {
                            break;
                        }
                        throw new IioException(Errno.EAGAIN, name + ": write: no free space: both blocks "
                                + "are queued to the device (non-blocking)");
                    }
                    try {
                        awaitBlock(SLICE_NANOS);
                        ensureOpen("write");
                        pull();
                    } catch (IioException e) {
                        if (accepted > 0) {
                            break;
                        }
                        throw e;
                    }
                    continue;
                }
                Block b = held.peekFirst();
                long n = Math.min(bytes - accepted, capacity - pos);
                copy(src, accepted, b.memory, pos, n, "write");
                pos += n;
                accepted += n;
                if (pos == capacity) {
                    try {
                        submitHead();
                    } catch (IioException e) {
                        break; // the block stays full at the head; the next call retries
                    }
                }
            }
            return (int) accepted;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #write(MemorySegment)} of {@code src} from its position to its limit; the position
     * advances by the bytes accepted.
     *
     * @param src the scans to write
     * @return the bytes accepted
     * @throws IioException as {@link #write(MemorySegment)}
     */
    public int write(ByteBuffer src) {
        int n = write(MemorySegment.ofBuffer(src));
        src.position(src.position() + n);
        return n;
    }

    /**
     * {@link #write(MemorySegment)} of {@code src[off .. off + len)}.
     *
     * @param src the scans to write
     * @param off the first index to take
     * @param len bytes, whole scans
     * @return the bytes accepted
     * @throws IioException as {@link #write(MemorySegment)}
     */
    public int write(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        return write(MemorySegment.ofArray(src).asSlice(off, len));
    }

    /**
     * Output: queues the partly filled block (its whole scans) so the device plays it now rather
     * than when it fills. Nothing to flush is a no-op. Never waits.
     *
     * @throws IioException EPERM on an input buffer; ENODEV closed
     */
    public void flush() {
        lock.lock();
        try {
            ensureOpen("flush");
            if (input) {
                throw new IioException(Errno.EPERM, name + ": flush: this is an input buffer");
            }
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    private void flushLocked() {
        if (pos > 0 && !held.isEmpty()) {
            submitHead();
        }
    }

    /** Queues the head block with its {@code pos} bytes; on failure it stays the head. */
    private void submitHead() {
        Block b = held.peekFirst();
        claim.enqueue(b, pos);
        held.pollFirst();
        pos = 0;
    }

    /**
     * Output: flushes, then waits up to {@code timeout} until the device has played everything
     * written (both blocks are free again).
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return false when the device was not done in time (call again to keep waiting)
     * @throws IioException EPERM on an input buffer; EINTR; ENODEV closed
     */
    public boolean drain(long timeout, TimeUnit unit) {
        lock.lock();
        try {
            ensureOpen("drain");
            if (input) {
                throw new IioException(Errno.EPERM, name + ": drain: this is an input buffer");
            }
            return drainLocked(System.nanoTime() + unit.toNanos(timeout), true);
        } finally {
            lock.unlock();
        }
    }

    private boolean drainLocked(long deadline, boolean refuseClosing) {
        flushLocked();
        while (true) {
            pull();
            if (held.size() == BLOCKS) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            awaitBlock(Math.min(left, SLICE_NANOS));
            if (refuseClosing) {
                ensureOpen("drain");
            }
        }
    }

    // ------------------------------------------------------------------ readiness

    /**
     * Input: bytes a read can take now — the unread part of the current block plus every completed
     * block. Output: bytes a write can put now without waiting.
     *
     * @return the bytes
     * @throws IioException ENODEV closed
     */
    public long dataAvailable() {
        lock.lock();
        try {
            ensureOpen("dataAvailable");
            if (input) {
                return unread() + queue.bytesAvailable();
            }
            return held.size() * capacity - pos + queue.blocksReady() * capacity;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The {@code poll()} analog: waits up to {@code timeout} until a read of {@link #watermark()}
     * scans would not block (input; or every block has completed), or a write of one scan would not
     * (output).
     *
     * @param timeout how long to wait; 0 only looks
     * @param unit    its unit
     * @return whether it is ready
     * @throws IioException EINTR; ENODEV closed
     */
    public boolean await(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        lock.lock();
        try {
            ensureOpen("await");
            while (true) {
                pull();
                boolean ready = input
                        ? unread() >= watermark * scanBytes || unread() > 0 && nothingPending()
                        : !held.isEmpty() && (held.size() > 1 || pos < capacity);
                if (ready) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                awaitBlock(Math.min(left, SLICE_NANOS));
                ensureOpen("await");
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ close

    /**
     * Output: flushes and waits (up to {@link #DRAIN_TIMEOUT_MS}) for the device to play
     * everything. Then disables the queue, frees both blocks and gives the queue back to the
     * block API. Idempotent; afterwards every operation is ENODEV. Threads waiting in a read or
     * write give up with ENODEV (a write that had accepted bytes returns their count).
     *
     * @throws IioException ETIMEDOUT (output) when the device did not play everything in time: the
     *                      rest was dropped, everything is closed all the same; EINTR when
     *                      interrupted while draining (likewise closed)
     */
    @Override
    public void close() {
        shutDown(true);
    }

    /**
     * Closes without flushing or draining: the queue is disabled at once and what the device has
     * not played yet is dropped (for input the same as {@link #close()}). Idempotent, like close.
     */
    public void abort() {
        shutDown(false);
    }

    private void shutDown(boolean drain) {
        IioException failure = null;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            if (drain && !input && !queue.isClosed()) {
                try {
                    if (!drainLocked(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MS), false)) {
                        failure = new IioException(Errno.ETIMEDOUT, name + ": close: the device did not play "
                                + "what was written within " + DRAIN_TIMEOUT_MS + " ms; the rest was dropped");
                    }
                } catch (IioException e) {
                    if (!queue.isClosed()) {
                        failure = e;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        try {
            queue.disable();
        } finally {
            lock.lock();
            try {
                // Waiters notice `closing` within a slice (the disable usually wakes them at once).
                while (waiters > 0) {
                    idle.awaitUninterruptibly();
                }
                closed = true;
                held.clear();
                stranded.clear();
                pos = 0;
            } finally {
                lock.unlock();
            }
            claim.free();
            claim.end(this);
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ------------------------------------------------------------------ helpers

    private void ensureOpen(String op) {
        if (closing) {
            throw new IioException(Errno.ENODEV, name + ": " + op
                    + ": the read()/write() path (FileIo) is closed");
        }
        if (queue.isClosed()) {
            throw new IioException(Errno.ENODEV, name + ": " + op + ": the buffer is closed");
        }
    }

    /** Takes every block the device has finished with, without waiting. Lock held. */
    private void pull() {
        while (!stranded.isEmpty()) {
            claim.enqueue(stranded.peekFirst(), 0);
            stranded.pollFirst();
        }
        Block b;
        while ((b = claim.dequeue(0)) != null) {
            accept(b);
        }
    }

    /**
     * Waits up to {@code nanos} for the device to finish a block, without the lock. Returns with
     * the lock held; callers check {@link #ensureOpen} after it.
     */
    private void awaitBlock(long nanos) {
        waiters++;
        lock.unlock();
        Block b;
        try {
            // close() frees the blocks only once every waiter has left, so this cannot take a
            // block of a later owner of the queue.
            b = claim.dequeue(nanos);
        } finally {
            lock.lock();
            if (--waiters == 0) {
                idle.signalAll();
            }
        }
        if (b != null) {
            accept(b);
        }
    }

    /** A block back from the device. Lock held. */
    private void accept(Block b) {
        if (closed) {
            return; // freed with the rest
        }
        if (!input) {
            held.addLast(b); // played (or aborted): free again
        } else if (b.bytesUsed > 0) {
            held.addLast(b);
        } else if (!closing) {
            // Aborted by a disable: nothing to read, give it straight back.
            try {
                claim.enqueue(b, 0);
            } catch (IioException e) {
                stranded.addLast(b);
                throw e;
            }
        }
    }

    private void copy(MemorySegment from, long fromOffset, MemorySegment to, long toOffset, long bytes, String op) {
        try {
            MemorySegment.copy(from, fromOffset, to, toOffset, bytes);
        } catch (IllegalStateException e) {
            // A block's memory unmapped under us: only a concurrent close of the queue does that.
            if (queue.isClosed()) {
                throw new IioException(Errno.ENODEV, name + ": " + op + ": the buffer was closed during the copy", e);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "fileio on " + name + " (" + queue.direction().xmlName() + ", length " + length + " scans, "
                + "two blocks of " + blockSize + " bytes)";
    }
}
