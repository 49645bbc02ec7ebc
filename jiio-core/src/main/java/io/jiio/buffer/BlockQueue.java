package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One device buffer's block queue: the kernel's {@code iio_dma_buffer_queue} with the block API of
 * the first seed (allocate, query, enqueue, dequeue, free) on top. This class owns every block
 * state transition.
 *
 * <h2>Transitions</h2>
 * <pre>
 *  from \ op    enqueue            dequeue        device done        disable (abort)     free
 *  ---------    -----------------  -------------  -----------------  ------------------  -----
 *  DEQUEUED     QUEUED (+submit    -              -                  -                   DEAD
 *               when enabled)
 *  QUEUED       no-op (kernel)     -              -                  stays QUEUED        DEAD
 *  ACTIVE       EBUSY              -              DONE (outgoing)    DONE, bytesUsed 0   DEAD*
 *  DONE         resubmit: taken    DEQUEUED       -                  -                   DEAD
 *               off outgoing
 *  DEAD         EINVAL             -              released*          -                   -
 * </pre>
 * {@code enable} submits every QUEUED block (QUEUED → ACTIVE). {@code *} A block freed while
 * ACTIVE keeps its memory until the device completes or aborts it. Dequeue takes the head of the
 * outgoing queue; with nothing there it blocks, times out ({@code ETIMEDOUT}) or, non-blocking,
 * returns {@code null} (the would-block result, EAGAIN in the kernel). After {@link #close()}
 * every operation fails with {@code ENODEV}, except {@code disable} and {@code close} (no-ops) and
 * {@code map} (its blocks are DEAD: {@code EINVAL}); a block of another queue, or of a freed
 * generation, is {@code EINVAL}.
 *
 * <h2>Concurrency</h2>
 * The block cycle crosses threads twice, both times without a lock: a submit goes to the engine
 * through its lock-free {@link SubmitQueue} (or straight to the kernel), and a completion comes back
 * on {@code outgoing}, a single-producer single-consumer {@link BlockRing} that the completing
 * thread publishes to with a release store and the dequeuing thread reads with acquire, so
 * everything the device wrote to a block happens-before the dequeue that returns it. A thread with
 * nothing to take waits on the ring's {@link Doorbell} with the configured {@link WaitStrategy}; a
 * completion wakes it only if it parked.
 *
 * <p>The application's side — enqueue, dequeue, and every query and control operation — is
 * serialised by {@code lock}, which the device side never takes: with one application thread it is
 * never contended, and it makes that side the ring's single consumer. The one race left between the
 * sides is a block's state while the device holds it: completion moves it ACTIVE → DONE and free
 * (or detach) moves it ACTIVE → DEAD, each with a compare-and-set, so exactly one wins; a block
 * freed that way is a zombie whose memory goes when the device lets go of it. A block completed
 * and freed at once may still reach the ring: dequeue skips DEAD entries. Control operations
 * (allocate, enable, disable, free, close) are further serialised by {@code control}, held while
 * the engine aborts without {@code lock}. Lock order: control, then lock.
 *
 * <h2>Memory</h2>
 * All blocks live in one {@link BlockMapping}; {@link #map(Block)} hands out a block's segment only
 * while the application owns it (DEQUEUED).
 */
public final class BlockQueue implements AutoCloseable {
    private final String name;
    private final Direction direction;
    private final DmaEngine engine;
    private final QueueConfig config;
    private final long scanBytes;
    private final ScanLayout layout;

    private final ReentrantLock control = new ReentrantLock();
    private final ReentrantLock lock = new ReentrantLock();
    /** Held by the one application thread collecting completions for a thread-less engine. */
    private final ReentrantLock reaper = new ReentrantLock();
    /** The read()/write() path's claim: while {@link FileIo} holds it, the block and DMABUF API are EBUSY. */
    private final FileIoClaim fileIo = new FileIoClaim(this, lock);
    /** The DMA buffers attached here, each with its internal block. */
    private final Attachments attachments = new Attachments(this, lock);
    private final List<QueuePoller> pollers = new CopyOnWriteArrayList<>();
    private final Completion completion = new Completion();
    /**
     * Completed blocks, device → application. Room for four times the blocks there can be: at most
     * one live entry per block, and stale ones (blocks freed as they completed) only until the
     * next dequeue or free.
     */
    private final BlockRing outgoing;
    private final Doorbell outgoingBell;
    private final CompletionLedger ledger;

    // --- guarded by lock ---
    private final List<Block> blocks = new ArrayList<>();
    private final ArrayDeque<Block> incoming = new ArrayDeque<>();
    /** Blocks freed or detached while ACTIVE: abort releases those the device did not complete. */
    private final List<Block> zombies = new ArrayList<>();
    /**
     * The application side's two per-block counters, in the middle of an array of their own: as
     * fields they would share a cache line with the final fields the device's thread reads on
     * every completion, and each write would take that line away from it (false sharing).
     * {@code [SUBMITS]}: submits since the queue opened (each block remembers its number,
     * {@link Block#submitOrder}); {@code [TAKEN_BYTES]}: bytes of the blocks taken off
     * {@code outgoing}, stale ones included (with the ledger's, what is available).
     */
    private final long[] appSide = new long[2 * PAD + 2];
    private static final int PAD = 16;
    private static final int SUBMITS = PAD;
    private static final int TAKEN_BYTES = PAD + 1;
    private BlockMapping mapping;
    /** The engine's memory for the current generation of blocks, or null (the queue's mapping). */
    private BlockMemory engineMemory;
    private long enqueueTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(DmaBuf.DEFAULT_TIMEOUT_MS);
    private boolean enabled;
    private boolean closed;
    /** Why the device side gave up, when it did ({@link #fail}); what calls on a closed queue report. */
    private volatile IioException failure;
    private boolean nonBlocking;
    private long watermark = 1;

    /**
     * Makes a queue for a backend's buffer (applications get theirs from
     * {@link io.jiio.model.Device#openBuffer}). It starts disabled, with no blocks.
     *
     * @param name      what messages call this queue, e.g. {@code sim-adc/buffer0}
     * @param direction input (the device fills blocks) or output (it plays them)
     * @param engine    the device side; the queue closes it when it is closed itself
     * @param config    limits, data path and wait strategy
     * @param scanBytes bytes per scan of the enabled channels: input blocks are filled, and output
     *                  blocks must be enqueued, in whole scans
     * @throws IioException EINVAL for a scan size below 1
     */
    public BlockQueue(String name, Direction direction, DmaEngine engine, QueueConfig config, long scanBytes) {
        this(name, direction, engine, config, scanBytes, null);
    }

    /**
     * A queue of a device's buffer: {@code layout} (the enabled channels' places in a scan) is
     * what {@link #layout()} returns and gives the scan size.
     *
     * @param name      what messages call this queue, e.g. {@code sim-adc/buffer0}
     * @param direction input (the device fills blocks) or output (it plays them)
     * @param engine    the device side; the queue closes it when it is closed itself
     * @param config    limits, data path and wait strategy
     * @param layout    the enabled channels' places in a scan
     */
    public BlockQueue(String name, Direction direction, DmaEngine engine, QueueConfig config, ScanLayout layout) {
        this(name, direction, engine, config, layout.scanBytes(), layout);
    }

    private BlockQueue(String name, Direction direction, DmaEngine engine, QueueConfig config, long scanBytes,
                       ScanLayout layout) {
        this.layout = layout;
        this.name = Objects.requireNonNull(name, "name");
        this.direction = Objects.requireNonNull(direction, "direction");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.config = Objects.requireNonNull(config, "config");
        if (scanBytes < 1) {
            throw new IioException(Errno.EINVAL, name + ": scan size " + scanBytes + " must be at least 1 byte");
        }
        this.scanBytes = scanBytes;
        this.outgoing = new BlockRing(4 * config.maxBlocks());
        this.outgoingBell = new Doorbell(outgoing::tail, config.waitStrategy());
        this.ledger = new CompletionLedger(direction, engine.tracksLoss());
    }

    /** {@return what messages call this queue, e.g. {@code sim-adc/buffer0}} */
    public String name() {
        return name;
    }

    /** {@return input (dequeue filled blocks) or output (fill blocks, enqueue them)} */
    public Direction direction() {
        return direction;
    }

    /** {@return the limits, data path and wait strategy the queue was opened with} */
    public QueueConfig config() {
        return config;
    }

    /** {@return the engine's data path ({@link DmaEngine#dataPath()}): how samples reach the device} */
    public String dataPath() {
        return engine.dataPath();
    }

    /**
     * Where each enabled channel sits in a scan, for reading samples out of a block
     * ({@link io.jiio.model.Demux}) without building the layout from the mask again.
     *
     * @return the layout the queue was opened with
     * @throws IioException ENODATA for a queue made without a device (tests, benchmarks)
     */
    public ScanLayout layout() {
        if (layout == null) {
            throw new IioException(Errno.ENODATA, name + ": a queue made without a device has no channel layout");
        }
        return layout;
    }

    /** {@return bytes per scan of the enabled channels: block sizes and bytes used come in these} */
    public long scanBytes() {
        return scanBytes;
    }

    // ------------------------------------------------------------------ allocate / query / free

    /**
     * Allocates {@code count} more blocks of {@code size} bytes each (BLOCK_ALLOC). New blocks are
     * DEQUEUED: owned by the application. May be called again to add blocks (not with a
     * backend that maps the device's own blocks, which allocates once per generation: {@link #free()}
     * first).
     *
     * <p>Sizes are bytes, as the kernel's are; what a block carries is whole scans: one scan is
     * {@link #scanBytes()} (every enabled channel's sample), so a block of {@code size} bytes holds
     * {@code size / scanBytes()} scans and the rest of it stays unused. Ask for
     * {@code scans * scanBytes()} to get exactly {@code scans}.
     *
     * @param count how many blocks, at least 1; with those there are, at most
     *              {@link QueueConfig#maxBlocks()}
     * @param size  bytes per block, from one scan to {@link QueueConfig#maxBlockSize()}; input
     *              blocks are filled in whole scans, so a size that is a multiple of
     *              {@link #scanBytes()} wastes nothing
     * @return the new blocks, in id order
     * @throws IioException EINVAL for a count or size out of range, EBUSY while the read()/write()
     *                      path uses the buffer, ENOMEM when the device grants none, ENODEV once closed
     */
    public List<Block> allocate(int count, long size) {
        return allocate(count, size, false);
    }

    /** The one allocate; {@code forFileIo}: the read()/write() path's own, past its claim's check. */
    List<Block> allocate(int count, long size, boolean forFileIo) {
        control.lock();
        try {
            lock.lock();
            try {
                ensureOpen("allocate");
                if (!forFileIo) {
                    fileIo.checkBuffer("allocate");
                }
                return allocateLocked(count, size);
            } finally {
                lock.unlock();
            }
        } finally {
            control.unlock();
        }
    }

    private List<Block> allocateLocked(int count, long size) {
        if (count < 1) {
            throw invalid("allocate: block count " + count + " must be at least 1");
        }
        if (size < scanBytes) {
            throw invalid("allocate: a block of " + size + " bytes cannot hold one scan of " + scanBytes
                    + " bytes (the enabled channels' samples): give SCANS × " + scanBytes + " bytes");
        }
        if (size > config.maxBlockSize()) {
            throw invalid("allocate: a block of " + size + " bytes (" + size / scanBytes + " scans of " + scanBytes
                    + " bytes) exceeds the limit of " + config.maxBlockSize() + " bytes, "
                    + config.maxBlockSize() / scanBytes + " scans (QueueConfig.maxBlockSize)");
        }
        if ((long) blocks.size() + count > config.maxBlocks()) {
            throw invalid("allocate: " + count + " more blocks would make " + (blocks.size() + count)
                    + ", over the limit of " + config.maxBlocks() + " (QueueConfig.maxBlocks)");
        }
        BlockMemory em = engine.blockMemory();
        if (em != null) {
            return allocateFromEngine(em, count, size);
        }
        if (mapping == null) {
            mapping = BlockMapping.reserve(config.maxBlocks()
                    * BlockMapping.pageAlign(config.maxBlockSize()));
        }
        List<Block> created = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long offset = mapping.carve(size);
            Block b = new Block(this, mapping, blocks.size(), size, offset);
            blocks.add(b);
            created.add(b);
        }
        return Collections.unmodifiableList(created);
    }

    /** Blocks in the engine's memory ({@link BlockMemory}): one generation, each block its own mapping. */
    private List<Block> allocateFromEngine(BlockMemory em, int count, long size) {
        if (!blocks.isEmpty()) {
            throw busy("allocate: the device's own blocks are allocated in one go; free() the "
                    + blocks.size() + " there are first");
        }
        List<BlockMemory.Region> regions = em.allocate(count, size);
        if (regions.isEmpty() || regions.size() > count) {
            em.free();
            throw new IioException(Errno.ENOMEM, name + ": allocate: the device granted " + regions.size()
                    + " of " + count + " blocks");
        }
        engineMemory = em;
        List<Block> created = new ArrayList<>(regions.size());
        for (BlockMemory.Region r : regions) {
            if (r.memory().byteSize() != size) {
                throw new IllegalStateException("engine memory of " + r.memory().byteSize() + " bytes for a "
                        + size + "-byte block");
            }
            Block b = new Block(this, BlockMapping.external(r.memory(), r.unmap()), blocks.size(), size, 0);
            blocks.add(b);
            created.add(b);
        }
        return Collections.unmodifiableList(created);
    }

    /** Blocks allocated now; under lock. */
    int blockCount() {
        return blocks.size();
    }

    /** {@return the current blocks, in id order (empty after {@link #free()}); a snapshot} */
    public List<Block> blocks() {
        lock.lock();
        try {
            return List.copyOf(blocks);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A snapshot of a block's fields (BLOCK_QUERY).
     *
     * @param id the block's id
     * @return its fields and state, as they are now
     * @throws IioException EINVAL for an id not allocated, ENODEV once closed
     */
    public BlockInfo query(int id) {
        lock.lock();
        try {
            ensureOpen("query");
            if (id < 0 || id >= blocks.size()) {
                throw invalid("query: no block " + id + " (" + blocks.size() + " allocated)");
            }
            return snapshot(blocks.get(id));
        } finally {
            lock.unlock();
        }
    }

    BlockInfo snapshot(Block b) {
        lock.lock();
        try {
            return new BlockInfo(b.id(), b.size(), b.bytesUsed, b.flags, b.timestampNs, b.offset(), b.state,
                    b.firstScan, b.lostBefore);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees every block (BLOCK_FREE). Blocks the device is still working on keep their memory until
     * it completes or aborts them; all others are released now. Every block becomes DEAD; block ids
     * start again at 0 with the next {@link #allocate}.
     */
    public void free() {
        control.lock();
        try {
            lock.lock();
            try {
                ensureOpen("free");
                fileIo.checkBlocks("free");
                if (blocks.isEmpty()) {
                    throw invalid("free: no blocks are allocated (already freed?)");
                }
                freeLocked();
            } finally {
                lock.unlock();
            }
        } finally {
            control.unlock();
        }
    }

    /** Frees the blocks there are, if any, without free()'s checks: the read()/write() path's close. */
    void freeAllocated() {
        control.lock();
        try {
            lock.lock();
            try {
                if (!closed && !blocks.isEmpty()) {
                    freeLocked();
                }
            } finally {
                lock.unlock();
            }
        } finally {
            control.unlock();
        }
    }

    private void freeLocked() {
        for (Block b : blocks) {
            if (!bury(b)) {
                b.mapping.release();
            }
        }
        blocks.clear();
        incoming.clear();
        Block stale;
        while ((stale = outgoing.poll()) != null) {
            appSide[TAKEN_BYTES] += stale.bytesUsed;
        }
        if (mapping != null) {
            mapping.release();
            mapping = null;
        }
        if (engineMemory != null) {
            engineMemory.free();
            engineMemory = null;
        }
        outgoingBell.alert();
    }

    /**
     * Makes a block DEAD. Returns true when the device still holds it: it is then a zombie, whose
     * memory the completion or the abort hand-back releases; false when the caller releases it now.
     */
    private boolean bury(Block b) {
        if (b.state == BlockState.ACTIVE) {
            b.zombie = true; // before the state, so a completion that sees DEAD sees the zombie
            if (b.transition(BlockState.ACTIVE, BlockState.DEAD)) {
                zombies.add(b);
                return true;
            }
            b.zombie = false; // the device completed it first: DONE, on its way to the ring
        }
        b.transition(BlockState.DEAD);
        return false;
    }

    // ------------------------------------------------------------------ enqueue

    /**
     * Enqueues a block with default fields: input blocks are filled to capacity; output blocks are
     * played whole (their size rounded down to whole scans), not cyclic.
     *
     * @param block a block of this queue the application owns (DEQUEUED, or DONE not yet dequeued)
     * @throws IioException as {@link #enqueue(Block, long, int)}
     */
    public void enqueue(Block block) {
        enqueue(block, direction == Direction.OUTPUT ? block.size() / scanBytes * scanBytes : 0, 0);
    }

    /**
     * Hands a block to the device side (BLOCK_ENQUEUE). For output, {@code bytesUsed} is how much of
     * it to play (1..size, whole scans); for input it is ignored, the device fills whole scans up to
     * the block's size. {@code flags}: {@link BlockFlags#CYCLIC} (output only) or 0.
     *
     * <p>After this the block belongs to the device: its memory must not be touched until it is
     * dequeued again. On a disabled queue the block waits (QUEUED) for {@link #enable()}.
     * Enqueueing a QUEUED block again does nothing, as in the kernel.
     *
     * @param block     a block of this queue the application owns (DEQUEUED, or DONE not yet dequeued)
     * @param bytesUsed output: bytes to play, 1..size in whole scans; input: ignored
     * @param flags     {@link BlockFlags#CYCLIC} or 0
     * @throws IioException EINVAL for a block of another queue or a freed one, bad bytesUsed or
     *                      flags; EBUSY for a block the device holds (ACTIVE) or while the
     *                      read()/write() path uses the buffer; ENODEV once closed
     */
    public void enqueue(Block block, long bytesUsed, int flags) {
        enqueue(block, bytesUsed, flags, false);
    }

    /** The one block enqueue; {@code forFileIo}: the read()/write() path's own, past its claim's check. */
    void enqueue(Block block, long bytesUsed, int flags, boolean forFileIo) {
        lock.lock();
        try {
            ensureOpen("enqueue");
            if (!forFileIo) {
                fileIo.checkBlocks("enqueue");
            }
            checkOwn(block, "enqueue");
            validateFlags(block, flags);
            switch (block.state) {
                case DEQUEUED -> {
                    validateBytesUsed(block, bytesUsed);
                    queue(block, bytesUsed, flags);
                }
                case DONE -> {
                    validateBytesUsed(block, bytesUsed);
                    takeOffOutgoing(block);
                    queue(block, bytesUsed, flags);
                }
                case QUEUED -> {
                    // Already on the incoming queue: the kernel treats a repeated enqueue as a no-op.
                }
                case ACTIVE -> throw busy("enqueue: block " + block.id() + " is ACTIVE (owned by the device)");
                case DEAD -> throw invalid("enqueue: block " + block.id() + " is DEAD (freed)");
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a DONE block out of the outgoing ring for a resubmit. A block is DONE from the moment its
     * completion claimed it, a few instructions before it is published: that window is waited out.
     */
    private void takeOffOutgoing(Block block) {
        for (int spins = 0; !outgoing.remove(block); spins++) {
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        appSide[TAKEN_BYTES] += block.bytesUsed;
    }

    void validateFlags(Block block, int flags) {
        if ((flags & BlockFlags.RESERVED_0) != 0) {
            throw invalid("enqueue: block " + block.id() + ": flag bit 0 is reserved");
        }
        if ((flags & ~BlockFlags.VALID) != 0) {
            throw invalid("enqueue: block " + block.id() + ": unknown flags 0x" + Integer.toHexString(flags));
        }
        if ((flags & BlockFlags.CYCLIC) != 0 && direction == Direction.INPUT) {
            throw invalid("enqueue: block " + block.id() + ": CYCLIC is for output buffers only");
        }
    }

    /** Output blocks carry 1..size bytes in whole scans; input blocks are sized by the device. */
    private void validateBytesUsed(Block block, long bytesUsed) {
        if (direction == Direction.INPUT) {
            return;
        }
        if (bytesUsed < 1 || bytesUsed > block.size()) {
            throw invalid("enqueue: block " + block.id() + ": bytesUsed " + bytesUsed
                    + " is out of range 1.." + block.size());
        }
        if (bytesUsed % scanBytes != 0) {
            throw invalid("enqueue: block " + block.id() + ": bytesUsed " + bytesUsed
                    + " is not a whole number of " + scanBytes + "-byte scans");
        }
    }

    private void queue(Block block, long bytesUsed, int flags) {
        block.bytesUsed = direction == Direction.OUTPUT ? bytesUsed : block.size() / scanBytes * scanBytes;
        block.flags = flags;
        block.timestampNs = 0;
        block.firstScan = Block.UNKNOWN;
        block.lostBefore = Block.UNKNOWN;
        block.transition(BlockState.QUEUED);
        incoming.addLast(block);
        if (enabled) {
            submitIncoming(System.nanoTime());
        }
    }

    /**
     * Hands every QUEUED block to the device. {@code since} is when the blocks became available
     * to it: now for an enqueue, the moment of enable for blocks that waited for it, so a device
     * never mistakes a block that was there from the start for a late one.
     */
    private void submitIncoming(long since) {
        Block b;
        IioException blockFailure = null;
        while ((b = incoming.pollFirst()) != null) {
            b.transition(BlockState.ACTIVE);
            b.submitNanos = since;
            b.submitOrder = ++appSide[SUBMITS];
            try {
                engine.submit(b, b.memory);
            } catch (IioException e) {
                if (b.dmabuf != null) {
                    // The kernel signals the fence with the submit error; the caller gets the fence.
                    b.state = BlockState.DONE;
                    attachments.submitFailed(b.fence, e.errno());
                    b.fence = null;
                } else {
                    b.state = BlockState.DEQUEUED;
                    blockFailure = e;
                }
            }
        }
        if (blockFailure != null) {
            throw blockFailure;
        }
    }

    // ------------------------------------------------------------------ DMABUF

    /**
     * Attaches a DMA buffer (IIO_BUFFER_DMABUF_ATTACH): from now on it can be enqueued here. One
     * buffer may be attached to several queues; attaching it twice to one queue is EBUSY.
     *
     * @param buf a buffer from a {@link DmaHeap}, large enough for one scan; the caller keeps
     *            owning it (closing it detaches it everywhere)
     * @throws IioException EBUSY when attached already or while the read()/write() path uses the
     *                      buffer, EINVAL when it cannot hold one scan, ENODEV once closed
     */
    public void attach(DmaBuf buf) {
        attachments.attach(buf);
    }

    /**
     * Detaches a DMA buffer (IIO_BUFFER_DMABUF_DETACH). A transfer not yet started is cancelled
     * (its fence signals EINTR); one in progress runs to completion or abort before the queue lets
     * go of the memory.
     *
     * @param buf an attached buffer
     * @throws IioException EPERM when it is not attached here
     */
    public void detach(DmaBuf buf) {
        attachments.detach(buf);
    }

    /**
     * Whether a DMA buffer is attached here.
     *
     * @param buf the buffer
     * @return true when attached
     */
    public boolean isAttached(DmaBuf buf) {
        return attachments.isAttached(buf);
    }

    /**
     * Hands a DMA buffer to the device (IIO_BUFFER_DMABUF_ENQUEUE) and returns the fence that
     * signals when the device is done with it. First waits — up to the enqueue timeout, 5000 ms
     * by default, 0 in non-blocking mode — for earlier transfers of the buffer on any queue, which
     * is what orders a device-to-device hand-off.
     *
     * @param buf       an attached buffer; its CPU access bracket must be closed
     * @param bytesUsed 1..size; for input, how much the device may fill (whole scans)
     * @param flags     {@link BlockFlags#CYCLIC} (output only) or 0
     * @return the transfer's fence: wait on it before the CPU touches the buffer again
     * @throws IioException EINVAL bad bytesUsed or flags; EPERM not attached or already queued;
     *                      EBUSY dead, still in use after the timeout, CPU access open, or the
     *                      read()/write() path active
     */
    public Fence enqueue(DmaBuf buf, long bytesUsed, int flags) {
        return attachments.enqueue(buf, bytesUsed, flags);
    }

    /**
     * Enqueues the whole buffer (rounded down to whole scans), not cyclic — the seed API's
     * {@code bytes_used = 0}.
     *
     * @param buf an attached buffer
     * @return the transfer's fence
     * @throws IioException as {@link #enqueue(DmaBuf, long, int)}
     */
    public Fence enqueue(DmaBuf buf) {
        return enqueue(buf, buf.size() / scanBytes * scanBytes, 0);
    }

    /**
     * The seed API's form, where IIO allocates each DMA buffer itself (IIO_BUFFER_DMABUF_ALLOC):
     * allocates from {@link DmaHeap#system()} and attaches in one call. The queue owns the buffer
     * and closes it when the queue closes. A convenience on top of {@link #attach}.
     *
     * @param size bytes, at least one scan
     * @return the attached buffer; the caller must not close it
     * @throws IioException as {@link DmaHeap#allocate} and {@link #attach}
     */
    public DmaBuf allocateDmaBuf(long size) {
        return attachments.allocateDmaBuf(size);
    }

    /** The attachments: {@link DmaBuf#close()} detaches through them. */
    Attachments attachments() {
        return attachments;
    }

    /**
     * An attachment's block, its fields set for a transfer, goes to the device: QUEUED, and
     * submitted at once when the queue is enabled. Under lock.
     */
    void queueAttachment(Block b) {
        b.state = BlockState.QUEUED;
        incoming.addLast(b);
        if (enabled) {
            submitIncoming(System.nanoTime());
        }
    }

    /**
     * Detach's end of an attachment's block: DEAD, its memory released now or, while the device
     * holds it, when the device lets go. Under lock.
     *
     * @return the fence of a transfer cancelled before it started (to signal EINTR), or null
     */
    Fence killAttachment(Block b) {
        BlockState was = b.state;
        if (bury(b)) {
            return null; // the device has it: its fence signals when it completes or is aborted
        }
        Fence f = null;
        if (was == BlockState.QUEUED) {
            incoming.remove(b);
            f = b.fence;
            b.fence = null;
        }
        b.mapping.release();
        return f;
    }

    /**
     * How long a DMA buffer enqueue waits for earlier transfers (default 5000 ms, as the kernel).
     *
     * @param timeout the wait, 0 for none
     * @param unit    its unit
     * @throws IioException EINVAL for a negative timeout
     */
    public void setEnqueueTimeout(long timeout, TimeUnit unit) {
        if (timeout < 0) {
            throw invalid("enqueue timeout " + timeout + " must not be negative");
        }
        lock.lock();
        try {
            enqueueTimeoutNanos = unit.toNanos(timeout);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Non-blocking mode (O_NONBLOCK): DMA buffer enqueues do not wait for earlier transfers (EBUSY
     * instead) and FileIo reads and writes fail with EAGAIN instead of waiting.
     *
     * @param on true for non-blocking
     */
    public void setNonBlocking(boolean on) {
        lock.lock();
        try {
            nonBlocking = on;
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether the queue is in non-blocking mode} */
    public boolean isNonBlocking() {
        lock.lock();
        try {
            return nonBlocking;
        } finally {
            lock.unlock();
        }
    }

    /** How long a DMA buffer enqueue waits now: 0 in non-blocking mode. */
    long enqueueTimeoutNanos() {
        lock.lock();
        try {
            return nonBlocking ? 0 : enqueueTimeoutNanos;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ FileIo exclusivity

    /** The read()/write() path's claim on this queue, through which {@link FileIo} reaches it. */
    FileIoClaim fileIo() {
        return fileIo;
    }

    // ------------------------------------------------------------------ dequeue

    /**
     * Takes the next completed block, waiting as long as it takes (BLOCK_DEQUEUE, blocking fd).
     * The block is the application's again (DEQUEUED): read it (input) or fill it (output), then
     * enqueue it.
     *
     * @return the oldest completed block
     * @throws IioException EINTR when interrupted; ENODEV once closed (or the failure's own errno
     *                      when the device failed, see {@link #fail}); the {@link #endOfData}
     *                      error once the device has no more
     */
    public Block dequeue() {
        return take("dequeue", false, 0, false);
    }

    /**
     * Takes the next completed block, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; 0 only looks
     * @param unit    its unit
     * @return the oldest completed block
     * @throws IioException ETIMEDOUT when no block completed in time, EINTR when interrupted
     */
    public Block dequeue(long timeout, TimeUnit unit) {
        Block b = poll(timeout, unit);
        if (b == null) {
            throw new IioException(Errno.ETIMEDOUT, name + ": no block completed within " + unit.toMillis(timeout)
                    + " ms");
        }
        return b;
    }

    /**
     * Takes the next completed block, waiting at most {@code timeout}; {@code null} when none completed
     * in time. Unlike {@link #dequeue(long, TimeUnit)}, a timeout is not an exception, so a caller that
     * waits in slices can never mistake a queue that failed with ETIMEDOUT (a remote link that went
     * silent) for "not yet" and spin on it.
     *
     * @param timeout how long to wait; 0 only looks
     * @param unit    its unit
     * @return the oldest completed block, or {@code null} when none completed in time
     * @throws IioException when the queue is closed or failed (with the failure's errno), EINTR when
     *                      interrupted
     */
    public Block poll(long timeout, TimeUnit unit) {
        return take("dequeue", true, Math.max(0, unit.toNanos(timeout)), false);
    }

    /**
     * Takes the next completed block if there is one (BLOCK_DEQUEUE, non-blocking fd).
     *
     * @return the block, or {@code null} — the would-block result (EAGAIN) — when none is ready
     */
    public Block tryDequeue() {
        return take("dequeue", true, 0, false);
    }

    /**
     * The one dequeue: looks under the lock, and with nothing there waits on the outgoing ring's
     * doorbell (without the lock) for a completion or a control event, then looks again.
     *
     * @param timed     whether {@code nanos} bounds the wait (0: do not wait)
     * @param forFileIo the read()/write() path's own dequeue, past its claim's check
     * @return the block, or null when {@code timed} and nothing completed in time
     */
    Block take(String op, boolean timed, long nanos, boolean forFileIo) {
        long deadline = timed ? System.nanoTime() + nanos : 0;
        boolean last = false;
        while (true) {
            int epoch = outgoingBell.epoch(); // before looking: an alert after the look ends the wait
            long seen;
            lock.lock();
            try {
                if (!forFileIo) {
                    fileIo.checkBlocks(op);
                }
                Block b = takeNext(op);
                if (b != null || last) {
                    return b;
                }
                // Empty as of the look: the tail equals the head; any completion since moves it.
                seen = outgoing.head();
            } finally {
                lock.unlock();
            }
            int reaped = reap(timed, deadline);
            if (reaped == REAPED) {
                last = timed && System.nanoTime() - deadline >= 0;
                continue;
            }
            if (timed && nanos <= 0) {
                return null;
            }
            try {
                if (reaped == REAPER_BUSY) {
                    // Another thread collects for a thread-less engine; it may only be looking
                    // (isReady), so wait for its publish in short slices, then try to collect.
                    long slice = System.nanoTime() + REAPER_SLICE_NANOS;
                    boolean moved = outgoingBell.await(seen, epoch, true, timed && deadline - slice < 0 ? deadline : slice,
                            true);
                    last = !moved && timed && System.nanoTime() - deadline >= 0;
                    continue;
                }
                last = !outgoingBell.await(seen, epoch, timed, deadline, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IioException(Errno.EINTR, name + ": " + (forFileIo ? "read/write" : op) + " interrupted");
            }
        }
    }

    private Block takeNext(String op) {
        ensureOpen(op);
        IioException why = failure;
        if (why != null) {
            // A failing queue aborts its blocks on its way to closed: they must not reach a waiter
            // as empty blocks, which would read as "no data" rather than as the failure.
            throw new IioException(why.errno(), op + ": " + name + " stopped: " + why.reason(), why);
        }
        Block b;
        while ((b = outgoing.poll()) != null) {
            appSide[TAKEN_BYTES] += b.bytesUsed;
            if (b.state == BlockState.DONE) {
                b.transition(BlockState.DEQUEUED);
                return b;
            }
            // stale: freed as it completed
        }
        if (blocks.isEmpty()) {
            throw invalid(op + ": no blocks are allocated (freed?)");
        }
        IioException end = endOfData;
        if (end != null) {
            throw new IioException(end.errno(), op + ": " + name + ": " + end.reason(), end);
        }
        return null;
    }

    /** Set when the device has no more data (a replayed recording's end): see {@link #endOfData}. */
    private volatile IioException endOfData;

    /**
     * The device will complete no more blocks (a recording replayed to its end): once every block it
     * completed has been taken, dequeue fails with {@code why} instead of waiting for ever. Cleared
     * by the next enable.
     *
     * @param why what dequeue then throws (ENODATA "end of recording")
     */
    public void endOfData(IioException why) {
        lock.lock();
        try {
            endOfData = why;
        } finally {
            lock.unlock();
        }
        outgoingBell.alert();
    }

    // ------------------------------------------------------------------ map

    /**
     * The block's memory, exactly {@code size} bytes of the queue's mapping (the mmap-by-offset
     * analog). Only while the application owns the block: a device-owned block is EBUSY, a freed
     * one EINVAL. Allocation-free: the segment is made once per block.
     *
     * @param block a block of this queue
     * @return its memory, valid until the block is enqueued or freed
     * @throws IioException EBUSY while the device owns the block, EINVAL for a freed block or one
     *                      of another queue
     */
    public MemorySegment map(Block block) {
        BlockState s = block.state;
        if (s == BlockState.DEQUEUED && block.queue == this) {
            return block.memory;
        }
        checkOwn(block, "map");
        if (s == BlockState.DEAD) {
            throw invalid("map: block " + block.id() + " is DEAD (freed)");
        }
        throw busy("map: block " + block.id() + " is " + s + " (owned by the device)");
    }

    // ------------------------------------------------------------------ enable / disable

    /** Starts the device: every QUEUED block is submitted. Enabling an enabled queue is a no-op. */
    public void enable() {
        control.lock();
        try {
            lock.lock();
            try {
                ensureOpen("enable");
                if (enabled) {
                    return;
                }
                enabled = true;
                endOfData = null;
                ledger.restart(engine.tracksLoss());
                long since = System.nanoTime();
                engine.start(completion);
                submitIncoming(since);
                // A dequeue already waiting may have to collect completions itself from now on
                // (DmaEngine.reap): it looks again.
                outgoingBell.alert();
            } finally {
                lock.unlock();
            }
        } finally {
            control.unlock();
            // Also when a plain block's submit failed: the DMA buffers' fences must not stay pending.
            attachments.signalFailedSubmits();
        }
    }

    /**
     * Stops the device. Transfers in progress are aborted: their blocks come back DONE with
     * bytesUsed 0 (cyclic blocks included). QUEUED blocks stay queued for the next enable.
     * Disabling a disabled queue is a no-op.
     */
    public void disable() {
        control.lock();
        try {
            lock.lock();
            try {
                if (!enabled) {
                    return;
                }
                enabled = false;
            } finally {
                lock.unlock();
            }
            engine.abort();
            List<Fence> interrupted = new ArrayList<>();
            lock.lock();
            try {
                handBack(interrupted);
            } finally {
                lock.unlock();
            }
            for (Fence f : interrupted) {
                f.signal(Errno.EINTR);
            }
        } finally {
            control.unlock();
        }
    }

    /**
     * After an abort: every block still ACTIVE comes back DONE with bytesUsed 0, in submit order
     * (DMA buffers through their fences, which are collected in {@code interrupted}); zombies the
     * device never completed release their memory. The engine is stopped, so this thread is now
     * the ring's producer.
     */
    private void handBack(List<Fence> interrupted) {
        List<Block> back = new ArrayList<>();
        for (Block b : blocks) {
            if (b.state == BlockState.ACTIVE) {
                back.add(b);
            }
        }
        for (Block b : attachments.blocks()) {
            if (b.state == BlockState.ACTIVE) {
                back.add(b);
            }
        }
        back.sort(Comparator.comparingLong(b -> b.submitOrder));
        for (Block b : back) {
            if (b.fence != null) {
                interrupted.add(b.fence);
                b.fence = null;
            }
            b.bytesUsed = 0;
            b.timestampNs = 0;
            ledger.aborted(b);
            if (b.dmabuf != null) {
                b.transition(BlockState.DONE);
            } else {
                toOutgoing(b);
            }
        }
        for (Block z : zombies) {
            if (z.buryZombie()) {
                if (z.fence != null) {
                    interrupted.add(z.fence);
                    z.fence = null;
                }
                z.mapping.release();
            }
        }
        zombies.clear();
    }

    /** {@return whether the device is running (between {@link #enable()} and {@link #disable()})} */
    public boolean isEnabled() {
        lock.lock();
        try {
            return enabled;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ readiness

    /**
     * Lets an engine without a thread of its own ({@link DmaEngine#reap}) collect completions on
     * this thread; one thread at a time, the others wait for what it publishes. Never under
     * {@code lock}: a reap may wait in the kernel.
     *
     * @return {@link #REAPED}, {@link #NOT_REAPING} (the engine completes blocks on its own
     *         thread) or {@link #REAPER_BUSY} (another application thread is collecting)
     */
    private int reap(boolean timed, long deadline) {
        if (!engine.completesOnCaller()) {
            return NOT_REAPING; // the usual engine, with a thread of its own: no lock on this path
        }
        if (!reaper.tryLock()) {
            return REAPER_BUSY;
        }
        try {
            return engine.reap(timed, deadline) ? REAPED : NOT_REAPING;
        } finally {
            reaper.unlock();
        }
    }

    private static final int REAPED = 0;
    private static final int NOT_REAPING = 1;
    private static final int REAPER_BUSY = 2;
    /** How long a dequeue waits for another thread's collection before it tries to collect itself. */
    private static final long REAPER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Whether the engine's completions are collected by the application's threads ({@link DmaEngine#reap}). */
    boolean completesOnCaller() {
        return engine.completesOnCaller();
    }

    /**
     * Bytes the application can dequeue now without waiting: the bytesUsed of every DONE block on
     * the outgoing queue.
     *
     * @return the bytes, 0 when no block is waiting
     */
    public long bytesAvailable() {
        reap(true, System.nanoTime());
        lock.lock();
        try {
            dropStale();
            return ledger.outgoingBytes() - appSide[TAKEN_BYTES];
        } finally {
            lock.unlock();
        }
    }

    /** {@return completed blocks waiting on the outgoing queue} */
    public int blocksReady() {
        reap(true, System.nanoTime());
        lock.lock();
        try {
            dropStale();
            return outgoing.size();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the stale entries (blocks freed as they completed) off the ring's head; under lock. */
    private void dropStale() {
        Block b;
        while ((b = outgoing.peek()) != null && b.state == BlockState.DEAD) {
            outgoing.poll();
            appSide[TAKEN_BYTES] += b.bytesUsed;
        }
    }

    /**
     * Sets how many bytes must be available before the queue counts as ready for a
     * {@link QueuePoller} (input queues; like the buffer's {@code watermark}). Default 1: any
     * completed block. Output queues are ready whenever a drained block can be dequeued.
     *
     * @param bytes at least 1
     * @throws IioException EINVAL below 1
     */
    public void setWatermark(long bytes) {
        if (bytes < 1) {
            throw invalid("watermark " + bytes + " must be at least 1 byte");
        }
        lock.lock();
        try {
            watermark = bytes;
        } finally {
            lock.unlock();
        }
    }

    /** {@return the bytes that must be available before the queue counts as ready} */
    public long watermark() {
        lock.lock();
        try {
            return watermark;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a dequeue would not block: enough bytes for the watermark (input), a drained block
     * (output), or an error to report (closed, freed).
     *
     * @return true when a dequeue would return at once
     */
    public boolean isReady() {
        reap(true, System.nanoTime());
        lock.lock();
        try {
            if (closed || blocks.isEmpty()) {
                return true;
            }
            dropStale();
            if (outgoing.size() == 0) {
                return false;
            }
            return direction == Direction.OUTPUT || ledger.outgoingBytes() - appSide[TAKEN_BYTES] >= watermark
                    || !inFlight();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the device holds or will be given a block (a zombie included); under lock. */
    private boolean inFlight() {
        if (!incoming.isEmpty()) {
            return true;
        }
        for (Block b : blocks) {
            if (b.state == BlockState.ACTIVE) {
                return true;
            }
        }
        for (Block z : zombies) {
            if (z.zombie) {
                return true; // freed, but the device still holds it
            }
        }
        return false;
    }

    void register(QueuePoller poller) {
        pollers.add(poller);
    }

    void unregister(QueuePoller poller) {
        pollers.remove(poller);
    }

    private void wakePollers() {
        if (pollers.isEmpty()) {
            return; // the usual case: no iterator on the hot path
        }
        for (QueuePoller p : pollers) {
            p.wakeup();
        }
    }

    // ------------------------------------------------------------------ stats / close

    /**
     * The queue's counters. Exact once the device is stopped; while it runs, each figure is one the
     * completing thread wrote, possibly a moment old.
     *
     * @return the counters since the queue opened
     */
    public QueueStats stats() {
        return ledger.stats();
    }

    /** {@return whether the queue is closed (or failed)} */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the queue because its device failed for good (a remote buffer's connection or OPEN
     * failed, a kernel error on the engine's thread): as {@link #close()}, but waiting and later
     * calls report {@code cause} — its errno and reason — instead of a bare ENODEV, so the
     * application learns why. Called from any thread but the engine's own (close joins it).
     *
     * @param cause why the device side gave up
     */
    public void fail(IioException cause) {
        if (failure == null) {
            failure = cause;
        }
        close();
    }

    /** Disables, frees, and releases the engine. Idempotent; waiters get ENODEV. */
    @Override
    public void close() {
        control.lock();
        try {
            if (isClosed()) {
                return;
            }
            disable();
            Attachments.Detached detached;
            lock.lock();
            try {
                if (!blocks.isEmpty()) {
                    freeLocked();
                }
                detached = attachments.detachAll();
                closed = true;
            } finally {
                lock.unlock();
            }
            outgoingBell.alert();
            detached.finish();
            wakePollers();
            engine.close();
        } finally {
            control.unlock();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Publishes a DONE block to the application; the producer's side of {@code outgoing}. */
    private void publish(Block b) {
        ledger.toOutgoing(b.bytesUsed); // before the publish: available bytes never go below zero
        if (!outgoing.offer(b)) {
            throw new IllegalStateException(name + ": outgoing ring of " + outgoing.capacity()
                    + " full: more completions than blocks (a DmaEngine completing from two threads at once?)");
        }
        outgoingBell.ring();
        wakePollers();
    }

    /** The abort hand-back's completion: state and publish. */
    private void toOutgoing(Block b) {
        b.transition(BlockState.DONE);
        publish(b);
    }

    /**
     * Throws what ended this queue, if it has ended: the failure's errno and reason (a queue that
     * failed), or ENODEV (closed). For callers that learn of an abort indirectly, through a fence.
     *
     * @param op what the caller was doing, for the message
     * @throws IioException when the queue has ended
     */
    public void requireOpen(String op) {
        lock.lock();
        try {
            ensureOpen(op);
        } finally {
            lock.unlock();
        }
    }

    void ensureOpen(String op) {
        if (closed) {
            IioException why = failure;
            if (why != null) {
                throw new IioException(why.errno(), op + ": " + name + " stopped: " + why.reason(), why);
            }
            throw new IioException(Errno.ENODEV, op + ": " + name + " is closed");
        }
    }

    private void checkOwn(Block block, String op) {
        if (block.queue != this) {
            throw invalid(op + ": block " + block.id() + " belongs to " + block.queue.name + ", not " + name);
        }
    }

    IioException invalid(String message) {
        return new IioException(Errno.EINVAL, name + ": " + message);
    }

    IioException busy(String message) {
        return new IioException(Errno.EBUSY, name + ": " + message);
    }

    @Override
    public String toString() {
        return name + " (" + direction.xmlName() + ")";
    }

    /**
     * The device-facing callbacks; a separate object so applications cannot call them. Runs on the
     * completing thread without the queue's lock (see the class's Concurrency section).
     */
    private final class Completion implements DmaCompletion {
        @Override
        public void blockDone(Block block, long bytesUsed, long timestampNs) {
            if (block.queue != BlockQueue.this) {
                throw new IllegalStateException(name + ": device completed a block of " + block.queue.name);
            }
            BlockState s = block.state;
            if (s != BlockState.ACTIVE && s != BlockState.DEAD) {
                throw new IllegalStateException(name + ": device completed block " + block.id()
                        + " which is " + s + ", not ACTIVE");
            }
            if (s == BlockState.ACTIVE && (bytesUsed < 0 || bytesUsed > block.size())) {
                // Refused while the block stays ACTIVE, so disable still aborts it.
                throw new IllegalStateException(name + ": device reported " + bytesUsed
                        + " bytes used in block " + block.id() + " of size " + block.size());
            }
            Fence done = block.fence;
            block.fence = null;
            if (s == BlockState.DEAD || !block.transition(BlockState.ACTIVE, BlockState.DONE)) {
                // Freed or detached while the device worked on it: the memory can go now.
                if (block.buryZombie()) {
                    block.mapping.release();
                }
                if (done != null) {
                    done.signal(null, 0, Block.UNKNOWN, Block.UNKNOWN);
                }
                return;
            }
            block.bytesUsed = bytesUsed;
            block.timestampNs = timestampNs;
            ledger.completed(block, bytesUsed, bytesUsed / scanBytes);
            if (block.dmabuf != null) {
                // A DMA buffer is not dequeued: its fence tells the application it is done.
                wakePollers();
            } else {
                publish(block);
            }
            if (done != null) {
                done.signal(null, timestampNs, block.firstScan, block.lostBefore);
            }
        }

        @Override
        public void overrun(long scans) {
            lost(scans);
        }

        @Override
        public void underrun(long scans) {
            lost(scans);
        }

        @Override
        public void lossUnknown() {
            ledger.lossUnknown();
        }

        @Override
        public WaitStrategy waitStrategy() {
            return config.waitStrategy();
        }

        private void lost(long scans) {
            if (scans < 0) {
                throw new IllegalArgumentException(name + ": device reported " + scans + " lost scans");
            }
            ledger.lost(scans);
        }
    }
}
