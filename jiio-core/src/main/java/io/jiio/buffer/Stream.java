package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Direction;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The convenience loop over a queue, libiio's {@code iio_stream}: {@code count} blocks (or DMA
 * buffers) circulate between the application and the device, and {@link #next()} hands back one
 * at a time, in order.
 *
 * <pre>
 * try (Stream s = Stream.ofBlocks(queue, 4, 1 &lt;&lt; 20)) {       // input
 *     while (running) {
 *         Stream.Chunk c = s.next();         // the next filled block; the previous one goes back
 *         process(c.segment());              // exactly the valid bytes, no copy
 *     }
 * }
 * </pre>
 *
 * <p><b>Waiting.</b> {@code next()} waits for the device with the queue's {@link WaitStrategy},
 * and the device's thread waits for returned blocks the same way. It is chosen when the queue is
 * opened — {@code device.openBuffer(0, mask, QueueConfig.defaults().withWaitStrategy(w))}, e.g.
 * {@link WaitStrategy#SPIN_THEN_PARK} for a steady stream of small blocks (see
 * {@link WaitStrategy} for which fits when) — and {@link #waitStrategy()} says which it is.
 *
 * <p><b>Input.</b> The first {@code next()} enqueues every block and enables the queue. Each
 * {@code next()} gives the previously returned block back to the device (ending its CPU access
 * bracket, for a DMA buffer) and returns the next filled one.
 *
 * <p><b>Output.</b> {@code next()} returns the next empty block to fill: the first {@code count}
 * at once, later ones as the device drains them. The filled one goes to the device with
 * {@link #submit(long)} (that many bytes) or, whole, with the following {@code next()}. The queue
 * is enabled once every block has been queued and {@code next()} has to wait, or by
 * {@link #drain}, so the device does not start on a half-filled queue. {@link #drain} waits until
 * everything submitted has been played.
 *
 * <h2>Slots</h2>
 * Each block or buffer is a slot; slots are handed out strictly round robin (0, 1, …, count-1, 0
 * …), which is also the order they are queued and the device completes them.
 * <pre>
 *  slot \ op    next() takes it                  next()/submit() gives it back   close
 *  ---------    -------------------------------  ------------------------------  ---------------
 *  FREE         HELD at once                     -                               freed / closed
 *  QUEUED       waits for the device, then HELD  -                               aborted, freed
 *  HELD         -                                QUEUED (submit(0): FREE)        freed / closed
 * </pre>
 * At most one slot is HELD: the {@link Chunk} the application is working on.
 *
 * <h2>Memory and allocation</h2>
 * The block path allocates nothing per {@code next()}: the {@link Chunk} is one reusable view,
 * and each block's segment of its valid bytes is sliced once and cached. The DMA-buffer path
 * cannot avoid a little: every enqueue makes a {@link Fence}, and every CPU access bracket a new
 * segment ({@link DmaBuf#beginCpuAccess}).
 *
 * <p>Not thread-safe, and confined to one thread for DMA buffers: a CPU access bracket must end on
 * the thread that began it, and {@code next()} ends the previous chunk's bracket.
 */
public final class Stream implements AutoCloseable {
    private static final byte FREE = 0;
    private static final byte QUEUED = 1;
    private static final byte HELD = 2;
    /** A "forever" that {@code nanoTime() + timeout} cannot overflow. */
    private static final long FOREVER_SLICE_DAYS = 1;

    private final BlockQueue queue;
    private final boolean input;
    private final int count;
    private final long size;
    private final long capacity;
    private final long scanBytes;
    /** The block path: the blocks and a cached segment of each one's whole-scan capacity. */
    private final Block[] blocks;
    private final MemorySegment[] capacitySlices;
    /** The DMA-buffer path: the buffers and the fence of each one's latest enqueue. */
    private final DmaBuf[] bufs;
    private final Fence[] fences;
    private final byte[] state;
    /** Per slot: the bytes it will be handed out with and the device's timestamp. */
    private final long[] used;
    private final long[] stamps;
    /** Per slot: the position of its latest transfer ({@link Block#firstScan()}, {@link Block#lostBefore()}). */
    private final long[] firstScans;
    private final long[] lostBefore;
    private final Chunk chunk = new Chunk();

    private int nextSlot;
    private int held = -1;
    private boolean enabled;
    private boolean closed;
    private long sequence;

    private Stream(BlockQueue queue, int count, long size, Block[] blocks, DmaBuf[] bufs) {
        this.queue = queue;
        this.input = queue.direction() == Direction.INPUT;
        this.count = count;
        this.size = size;
        this.scanBytes = queue.scanBytes();
        this.capacity = size / scanBytes * scanBytes;
        this.blocks = blocks;
        this.bufs = bufs;
        this.state = new byte[count];
        this.used = new long[count];
        this.stamps = new long[count];
        this.firstScans = new long[count];
        this.lostBefore = new long[count];
        // Fresh slots: an output chunk starts empty with its whole capacity to fill.
        Arrays.fill(used, capacity);
        if (blocks != null) {
            capacitySlices = new MemorySegment[count];
            for (int i = 0; i < count; i++) {
                capacitySlices[i] = blocks[i].segment().asSlice(0, capacity);
            }
            fences = null;
        } else {
            capacitySlices = null;
            fences = new Fence[count];
        }
    }

    /**
     * A stream of {@code count} blocks of {@code blockBytes} each, allocated on {@code queue} (which
     * must have none yet: the stream dequeues whatever completes). {@link #close()} frees them.
     *
     * @param queue      a disabled queue with no blocks; it stays the caller's to close, after the stream
     * @param count      blocks in circulation (4 is a good start: one with the application, the
     *                   rest with the device)
     * @param blockBytes bytes per block; a multiple of the scan size wastes nothing
     * @return the stream; the first {@link #next()} starts the device
     * @throws IioException EBUSY when the queue already has blocks; the queue's own errors for a
     *                      bad count or size (EINVAL)
     */
    public static Stream ofBlocks(BlockQueue queue, int count, long blockBytes) {
        List<Block> existing = queue.blocks();
        if (!existing.isEmpty()) {
            throw new IioException(Errno.EBUSY, queue.name() + ": stream: the queue already has "
                    + existing.size() + " blocks (a stream needs a queue of its own: free them first)");
        }
        List<Block> created = queue.allocate(count, blockBytes);
        try {
            return new Stream(queue, count, blockBytes, created.toArray(new Block[0]), null);
        } catch (RuntimeException e) {
            queue.free();
            throw e;
        }
    }

    /**
     * A stream of {@code count} DMA buffers of {@code bufBytes} each, allocated from
     * {@link DmaHeap#system()} and attached to {@code queue}. {@link #close()} closes them.
     *
     * @param queue    a disabled queue; it stays the caller's to close, after the stream
     * @param count    DMA buffers in circulation, at least 1
     * @param bufBytes bytes per buffer, at least one scan
     * @return the stream; the first {@link #next()} starts the device
     * @throws IioException EINVAL for a count below 1 or a bad size; the queue's attach errors
     */
    public static Stream ofDmaBufs(BlockQueue queue, int count, long bufBytes) {
        if (count < 1) {
            throw new IioException(Errno.EINVAL, queue.name() + ": stream: buffer count " + count
                    + " must be at least 1");
        }
        DmaBuf[] bufs = new DmaBuf[count];
        try {
            for (int i = 0; i < count; i++) {
                bufs[i] = DmaHeap.system().allocate(bufBytes);
                queue.attach(bufs[i]);
            }
            return new Stream(queue, count, bufBytes, null, bufs);
        } catch (RuntimeException e) {
            for (DmaBuf b : bufs) {
                if (b != null) {
                    b.close();
                }
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ next / submit / drain

    /**
     * The next chunk, waiting as long as it takes; the previous one goes back to the device.
     *
     * @return the chunk: one object, reused by every call
     * @throws IioException EINTR when interrupted, the queue's errno when it failed or closed
     */
    public Chunk next() {
        return take(-1);
    }

    /**
     * The next chunk, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait for the device
     * @param unit    its unit
     * @return the chunk: one object, reused by every call
     * @throws IioException ETIMEDOUT when the device completed nothing in time; the stream stays
     *                      usable (the previous chunk has been given back, the next call waits on)
     */
    public Chunk next(long timeout, TimeUnit unit) {
        Chunk c = take(Math.max(0, unit.toNanos(timeout)));
        if (c == null) {
            throw new IioException(Errno.ETIMEDOUT, queue.name() + ": stream: no "
                    + (bufs != null ? "DMA buffer" : "block") + " completed within " + unit.toMillis(timeout) + " ms");
        }
        return c;
    }

    /**
     * As {@link #next(long, TimeUnit)}, but {@code null} on timeout instead of an exception: for
     * loops that wait in short slices to notice a stop request.
     *
     * @param timeout how long to wait for the device
     * @param unit    its unit
     * @return the chunk, or {@code null} when the device completed nothing in time
     * @throws IioException as {@link #next(long, TimeUnit)}, but for the timeout
     */
    public Chunk poll(long timeout, TimeUnit unit) {
        return take(Math.max(0, unit.toNanos(timeout)));
    }

    /**
     * Output: sends the current chunk to the device with its first {@code bytesUsed} bytes (whole
     * scans, up to {@link Chunk#capacity()}); 0 hands it back unplayed, to be filled again when its
     * turn comes round.
     *
     * @param bytesUsed bytes to play, whole scans, 0 to {@link Chunk#capacity()}
     * @throws IioException EPERM on an input stream or with no chunk taken; EINVAL for a bad size
     */
    public void submit(long bytesUsed) {
        ensureOpen("submit");
        if (input) {
            throw new IioException(Errno.EPERM, queue.name() + ": stream: submit is for output streams "
                    + "(an input chunk goes back with the next next())");
        }
        if (held < 0) {
            throw new IioException(Errno.EPERM, queue.name() + ": stream: submit without a chunk (call next() first)");
        }
        if (bytesUsed < 0 || bytesUsed > capacity || bytesUsed % scanBytes != 0) {
            throw new IioException(Errno.EINVAL, queue.name() + ": stream: submit of " + bytesUsed
                    + " bytes: must be whole " + scanBytes + "-byte scans within 0.." + capacity);
        }
        if (bytesUsed == 0) {
            int s = held;
            chunk.valid = false;
            if (bufs != null && bufs[s].cpuAccess() != null) {
                bufs[s].endCpuAccess();
            }
            state[s] = FREE;
            held = -1;
            return;
        }
        release(bytesUsed);
    }

    /**
     * Output: enables the queue if it is not yet and waits until every submitted chunk has been
     * played. A chunk taken with {@link #next()} but not submitted is not played (and stays taken).
     *
     * @param timeout how long to wait for the device
     * @param unit    its unit
     * @throws IioException ETIMEDOUT if the device did not finish in time; EPERM on an input stream
     */
    public void drain(long timeout, TimeUnit unit) {
        ensureOpen("drain");
        if (input) {
            throw new IioException(Errno.EPERM, queue.name() + ": stream: drain is for output streams");
        }
        long deadline = System.nanoTime() + Math.max(0, unit.toNanos(timeout));
        for (int i = 0; i < count; i++) {
            int s = (nextSlot + i) % count;
            if (state[s] != QUEUED) {
                continue;
            }
            ensureEnabled();
            if (!await(s, Math.max(0, deadline - System.nanoTime()))) {
                throw new IioException(Errno.ETIMEDOUT, queue.name() + ": stream: drain: the device did not play "
                        + "every submitted chunk within " + unit.toMillis(timeout) + " ms");
            }
        }
    }

    private Chunk take(long nanos) {
        ensureOpen("next");
        if (input && !enabled) {
            for (int s = 0; s < count; s++) {
                enqueue(s, capacity);
                state[s] = QUEUED;
            }
            ensureEnabled();
        }
        if (held >= 0) {
            release(capacity);
        }
        int s = nextSlot;
        if (state[s] == QUEUED) {
            ensureEnabled();
            if (!await(s, nanos)) {
                return null;
            }
        }
        return hand(s);
    }

    /** Gives the held slot to the device with {@code bytes} (input: whatever it fills). */
    private void release(long bytes) {
        int s = held;
        chunk.valid = false;
        if (bufs != null && bufs[s].cpuAccess() != null) {
            bufs[s].endCpuAccess();
        }
        enqueue(s, bytes);
        state[s] = QUEUED;
        held = -1;
    }

    private void enqueue(int s, long bytes) {
        if (blocks != null) {
            if (input) {
                queue.enqueue(blocks[s]);
            } else {
                queue.enqueue(blocks[s], bytes, 0);
            }
        } else {
            fences[s] = queue.enqueue(bufs[s], bytes, 0);
        }
    }

    private void ensureEnabled() {
        if (!enabled) {
            queue.enable();
            enabled = true;
        }
    }

    /**
     * Waits for slot {@code s} to come back from the device and records what it holds; FREE on
     * success, false on timeout. {@code nanos} negative waits for ever.
     */
    private boolean await(int s, long nanos) {
        if (blocks != null) {
            Block b;
            if (nanos < 0) {
                b = queue.dequeue();
            } else if (nanos == 0) {
                b = queue.tryDequeue();
            } else {
                b = queue.poll(nanos, TimeUnit.NANOSECONDS);
            }
            if (b == null) {
                return false;
            }
            if (b != blocks[s]) {
                throw new IllegalStateException(queue.name() + ": stream: expected block " + blocks[s].id()
                        + " back from the device, got " + b + " (was a block enqueued behind the stream's back?)");
            }
            used[s] = input ? b.bytesUsed() : capacity;
            stamps[s] = input ? b.timestampNs() : 0;
            firstScans[s] = b.firstScan();
            lostBefore[s] = b.lostBefore();
        } else {
            Fence f = fences[s];
            if (nanos < 0) {
                while (!f.await(FOREVER_SLICE_DAYS, TimeUnit.DAYS)) {
                    // keep waiting
                }
            } else if (!f.await(nanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
            Errno error = f.error();
            state[s] = FREE;
            used[s] = input && error != null ? 0 : capacity;
            stamps[s] = 0;
            firstScans[s] = f.firstScan();
            lostBefore[s] = f.lostBefore();
            if (error != null && error != Errno.EINTR) {
                throw new IioException(error, queue.name() + ": stream: " + f + ": transfer failed: "
                        + error.description());
            }
            // EINTR: aborted. A queue that failed or closed says why; one merely disabled gives the
            // buffer back empty, like an aborted block.
            if (error == Errno.EINTR) {
                queue.requireOpen("next");
            }
            if (input && error == null) {
                stamps[s] = f.timestampNs();
            }
        }
        state[s] = FREE;
        return true;
    }

    /** Hands slot {@code s} (FREE) to the application as the chunk. */
    private Chunk hand(int s) {
        long bytes = used[s];
        MemorySegment seg;
        if (blocks != null) {
            seg = bytes == capacity ? capacitySlices[s] : blocks[s].segment().asSlice(0, bytes);
        } else {
            seg = bufs[s].beginCpuAccess(input ? CpuAccess.READ : CpuAccess.WRITE).asSlice(0, bytes);
        }
        state[s] = HELD;
        held = s;
        nextSlot = s + 1 == count ? 0 : s + 1;
        chunk.index = s;
        chunk.sequence = sequence++;
        chunk.segment = seg;
        chunk.bytesUsed = bytes;
        chunk.timestampNs = stamps[s];
        chunk.firstScan = firstScans[s];
        chunk.lostBefore = lostBefore[s];
        chunk.valid = true;
        return chunk;
    }

    // ------------------------------------------------------------------ accessors / close

    /** {@return the queue the stream circulates on} */
    public BlockQueue queue() {
        return queue;
    }

    /** {@return the queue's direction: an input stream reads chunks, an output one fills them} */
    public Direction direction() {
        return queue.direction();
    }

    /**
     * How {@link #next()} waits for the device, and the device's thread for the blocks it is given
     * back: the queue's {@link QueueConfig#waitStrategy()}, chosen when the queue was opened.
     *
     * @return the wait strategy
     */
    public WaitStrategy waitStrategy() {
        return queue.config().waitStrategy();
    }

    /** {@return blocks (or DMA buffers) in circulation} */
    public int count() {
        return count;
    }

    /**
     * Where slot {@code index}'s latest transfer sat in the device's stream: the index of its
     * first scan — what its chunk's {@link Chunk#firstScan()} says when the slot is next handed
     * out. For an output stream after {@link #drain}, the way to see the last chunks' figures,
     * which no {@code next()} hands out again. 0 for a slot that never came back from the device;
     * {@link Block#UNKNOWN} when the device cannot tell.
     *
     * @param index the slot, 0 to {@code count() - 1}
     * @return the scan index, 0, or {@link Block#UNKNOWN}
     */
    public long slotFirstScan(int index) {
        return firstScans[Objects.checkIndex(index, count)];
    }

    /**
     * Scans lost (input) or played as silence (output) just before slot {@code index}'s latest
     * transfer; see {@link #slotFirstScan(int)}.
     *
     * @param index the slot, 0 to {@code count() - 1}
     * @return the scans, or {@link Block#UNKNOWN}
     */
    public long slotLostBefore(int index) {
        return lostBefore[Objects.checkIndex(index, count)];
    }

    /** {@return bytes per block or DMA buffer, as allocated} */
    public long blockBytes() {
        return size;
    }

    /**
     * {@return the bytes of the whole scans one block holds: what an input block is filled with, an
     * output block may play}
     */
    public long capacityBytes() {
        return capacity;
    }

    /** {@return whether the stream circulates DMA buffers rather than blocks} */
    public boolean usesDmaBufs() {
        return bufs != null;
    }

    /** {@return the DMA buffers (empty for a block stream); they stay the stream's to close} */
    public List<DmaBuf> dmaBufs() {
        return bufs == null ? List.of() : List.of(bufs);
    }

    /** {@return the blocks (empty for a DMA-buffer stream); they stay the stream's to free} */
    public List<Block> blocks() {
        return blocks == null ? List.of() : List.of(blocks);
    }

    /** {@return whether {@link #close()} has been called} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Disables the queue (transfers in flight are aborted: an output stream does not play what
     * was not yet played — {@link #drain} first), then frees the blocks or closes the DMA buffers.
     * The queue itself stays open. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        chunk.valid = false;
        if (held >= 0 && bufs != null && bufs[held].cpuAccess() != null) {
            try {
                bufs[held].endCpuAccess();
            } catch (IioException otherThread) {
                // DmaBuf.close() below drops the bracket anyway.
            }
        }
        held = -1;
        RuntimeException failure = null;
        try {
            queue.disable();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (blocks != null) {
            if (!queue.isClosed() && !queue.blocks().isEmpty()) {
                try {
                    queue.free();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
        } else {
            for (DmaBuf b : bufs) {
                b.close();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void ensureOpen(String op) {
        if (closed) {
            throw new IioException(Errno.EBADF, queue.name() + ": stream: " + op + " after close");
        }
    }

    @Override
    public String toString() {
        return "stream of " + count + (bufs != null ? " DMA buffers" : " blocks") + " of " + size
                + " bytes on " + queue.name();
    }

    /**
     * The block or DMA buffer the application holds: one object per stream, updated by every
     * {@link Stream#next()}. Valid until the next {@code next()}, {@code submit()} or
     * {@code close()}; after that {@link #segment()} fails (EPERM) rather than hand out memory the
     * device owns. A segment obtained earlier and kept is not checked on every access: for a DMA
     * buffer it fails once its bracket has ended, but for a block (a cached slice of the queue's
     * mapping) it still reaches the memory the device now fills — do not keep it.
     */
    public final class Chunk {
        private int index;
        private long sequence;
        private MemorySegment segment;
        private long bytesUsed;
        private long timestampNs;
        private long firstScan;
        private long lostBefore;
        private boolean valid;

        private Chunk() {
        }

        /** {@return which block or buffer of the stream (0..count-1)} */
        public int index() {
            return index;
        }

        /** {@return how many chunks the stream handed out before this one: 0, 1, 2 …} */
        public long sequence() {
            return sequence;
        }

        /**
         * The memory: input, exactly the valid bytes the device filled; output, the whole-scan
         * capacity to fill. For a DMA buffer, valid only inside its CPU access bracket, i.e. until
         * the stream moves on.
         *
         * @return the chunk's memory
         * @throws IioException EPERM once the stream has moved on
         */
        public MemorySegment segment() {
            if (!valid) {
                throw new IioException(Errno.EPERM, queue.name() + ": stream: chunk " + sequence
                        + " was handed back (next(), submit() or close() since)");
            }
            return segment;
        }

        /** {@return input: bytes of valid data (0 if the transfer was aborted); output: the capacity} */
        public long bytesUsed() {
            return bytesUsed;
        }

        /** {@return the whole scans in {@link #bytesUsed()}} */
        public long scans() {
            return bytesUsed / scanBytes;
        }

        /** {@return bytes an output chunk can hold (whole scans)} */
        public long capacity() {
            return capacity;
        }

        /**
         * Input blocks and DMA buffers: {@link System#nanoTime()} of the first sample, as the
         * device reported it (for a DMA buffer, through its fence). Output: 0.
         *
         * @return the timestamp, or 0
         */
        public long timestampNs() {
            return timestampNs;
        }

        /**
         * Input: the index since enable of this chunk's first scan ({@link Block#firstScan()}).
         * Output: where this slot's previous transfer started playing (0 for a fresh slot).
         * {@link Block#UNKNOWN} when the device cannot tell.
         *
         * @return the scan index, or {@link Block#UNKNOWN}
         */
        public long firstScan() {
            return firstScan;
        }

        /**
         * Input: scans lost immediately before this chunk (0: contiguous with the previous one).
         * Output: scan periods of silence before this slot's previous transfer. {@link Block#UNKNOWN}
         * when the device cannot tell.
         *
         * @return the scans, 0, or {@link Block#UNKNOWN}
         */
        public long lostBefore() {
            return lostBefore;
        }

        /** {@return the block, for a block stream; {@code null} for DMA buffers} */
        public Block block() {
            return blocks == null ? null : blocks[index];
        }

        /** {@return the DMA buffer, for a DMA-buffer stream; {@code null} for blocks} */
        public DmaBuf dmaBuf() {
            return bufs == null ? null : bufs[index];
        }

        @Override
        public String toString() {
            return "chunk " + sequence + " (" + (bufs != null ? "buffer " : "block ") + index + ", "
                    + bytesUsed + " bytes" + (valid ? "" : ", handed back") + ")";
        }
    }
}
