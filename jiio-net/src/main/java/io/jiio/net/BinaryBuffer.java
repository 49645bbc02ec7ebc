package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockFlags;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A device buffer opened over the binary protocol: the client's blocks are blocks of the device's
 * {@link BlockQueue}, so samples go from the device's memory to the socket and back with no copy.
 *
 * <p>The session's reader thread creates, queues and frees blocks; a completion thread per buffer
 * dequeues what the device finished and answers the TRANSFER_BLOCK that queued it, on that block's
 * client id. Many blocks are in flight at once; each is answered when the device is done with it.
 *
 * <h2>Block slots</h2>
 * <pre>
 *  state \ event   TRANSFER         device done           deadline passed     RETRY_DEQUEUE
 *  IDLE            QUEUED (CYCLIC)  -                     -                   -EINVAL
 *  QUEUED          -EBUSY &lt;&lt; 16     reply; IDLE           -ETIMEDOUT; LATE    -EINVAL
 *  LATE            -EBUSY &lt;&lt; 16     DONE (reply waits)    -                   QUEUED
 *  DONE            -EBUSY &lt;&lt; 16     -                     -                   reply; IDLE
 *  CYCLIC          -EBUSY &lt;&lt; 16     (only after disable)  -                   -EINVAL
 * </pre>
 * Blocks that come back from a disable (0 bytes) are answered {@code -EINTR}; cyclic ones silently.
 * Slot state is guarded by {@code lock}; replies are sent outside it.
 *
 * <p>On a connection that negotiated {@code EXTENSION POSITION}, each answer for a finished block
 * (input samples, or an output block played) leads with the block's {@link PositionRecord}, taken
 * as the device's queue gave it: the buffer is this client's alone, so its stream is the device's,
 * counted from ENABLE_BUFFER.
 */
final class BinaryBuffer {
    /** How often the completion thread looks at deadlines while the device is silent. */
    private static final long SLICE_MS = 50;
    /** How long closing waits for the completion thread to finish a reply in progress. */
    private static final long JOIN_MS = 2000;
    /** Largest single block (the address space of the queue is reserved for MAX_BLOCKS of these). */
    static final long MAX_BLOCK_BYTES = 64L << 20;

    private enum State { IDLE, QUEUED, LATE, DONE, CYCLIC }

    private static final class Slot {
        final int index;
        final long size;
        /** Null until the block is allocated (see {@link BinaryBuffer#allocatePending}). */
        Block block;
        ByteBuffer data;
        State state = State.IDLE;
        int clientId;
        long requested;
        long deadline;
        /** Order of queueing: the device completes blocks in this order, and only the first is waited for. */
        long seq;

        Slot(int index, long size) {
            this.index = index;
            this.size = size;
        }

        void attach(Block b) {
            block = b;
            data = b.segment().asByteBuffer();
        }
    }

    final Device device;
    /**
     * The device's overruns on this buffer, for the server's log: a libiio client has no way to
     * learn of them, so the log is where they show. Guarded by itself (blocks are answered from
     * more than one thread).
     */
    private final LossLog overruns;
    final int dev;
    final int index;
    private final BlockQueue queue;
    private final ReplyWriter replies;
    private final LongSupplier timeoutMs;
    private final long maxBytes;
    private final long scanBytes;
    private final boolean output;
    private final boolean positions;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a block goes to the device, so the completion thread never polls an idle queue. */
    private final java.util.concurrent.locks.Condition work = lock.newCondition();
    /** Blocks with the device: queued by the client and not yet dequeued here. */
    private int withDevice;
    /** Live slots in creation order, {@code count} of them; a block id finds its slot in {@code byBlock}. */
    private final Slot[] slots = new Slot[ServerConfig.MAX_BLOCKS];
    private final Slot[] byBlock = new Slot[ServerConfig.MAX_BLOCKS];
    /** Blocks the client freed: reused for a later CREATE_BLOCK of the same size. */
    private final Block[] spares = new Block[ServerConfig.MAX_BLOCKS];
    private int count;
    private int spareCount;
    private long nextSeq;
    private long allocatedBytes;
    /** {@link #allocatedBytes} as a share of the server's memory limit. */
    private final MemoryBudget.Reservation memory;
    private final Thread completer;
    private volatile boolean closed;

    private BinaryBuffer(Device device, int dev, int index, BlockQueue queue, ReplyWriter replies,
                         LongSupplier timeoutMs, long maxBytes, boolean positions, MemoryBudget.Reservation memory) {
        this.device = device;
        this.memory = memory;
        this.overruns = new LossLog("binary buffer " + index + " of " + device.displayName(), "overran: lost",
                "no longer overruns: lost", "gap");
        this.positions = positions;
        this.dev = dev;
        this.index = index;
        this.queue = queue;
        this.replies = replies;
        this.timeoutMs = timeoutMs;
        this.maxBytes = maxBytes;
        this.scanBytes = queue.scanBytes();
        this.output = queue.direction() == Direction.OUTPUT;
        this.completer = Thread.ofVirtual().name("jiio-iiod-blocks-" + device.displayName()).unstarted(this::complete);
    }

    /** Opens buffer {@code index} of the device; blocks come later, through {@link #createBlock}. */
    static BinaryBuffer open(Device device, int dev, int index, ChannelMask mask, ReplyWriter replies,
                             LongSupplier timeoutMs, long maxBytes, boolean positions, MemoryBudget budget) {
        long maxBlock = Math.max(4096, Math.min(maxBytes, MAX_BLOCK_BYTES));
        BlockQueue q = device.openBuffer(index, mask, new QueueConfig(ServerConfig.MAX_BLOCKS, maxBlock));
        BinaryBuffer b = new BinaryBuffer(device, dev, index, q, replies, timeoutMs, maxBytes, positions,
                budget.reserve(0, "buffer of " + device.displayName()));
        b.completer.start();
        return b;
    }

    boolean isOutput() {
        return output;
    }

    /** ENABLE_BUFFER: the blocks created so far are allocated first (in one go), then the device starts. */
    void enable() {
        lock.lock();
        try {
            allocatePending();
        } finally {
            lock.unlock();
        }
        queue.enable();
    }

    void disable() {
        queue.disable();
    }

    /** CREATE_BLOCK: a block of {@code size} bytes the client will call {@code idx}. */
    void createBlock(int idx, long size) {
        lock.lock();
        try {
            if (find(idx) != null) {
                throw new IioException(Errno.EINVAL, device.displayName() + ": block " + idx + " exists already");
            }
            if (count == slots.length) {
                throw new IioException(Errno.ENOMEM, device.displayName() + ": " + count + " blocks is the limit");
            }
            if (size < 1 || size > MAX_BLOCK_BYTES) {
                throw new IioException(Errno.EINVAL, device.displayName() + ": block size " + size
                        + " is out of range 1.." + MAX_BLOCK_BYTES);
            }
            Slot s = new Slot(idx, size);
            Block b = takeSpare(size);
            if (b == null) {
                if (allocatedBytes + size > maxBytes) {
                    throw new IioException(Errno.ENOMEM, device.displayName() + ": " + (allocatedBytes + size)
                            + " bytes of blocks exceed the server's buffer limit of " + maxBytes);
                }
                memory.grow(size, "block " + idx + " of " + device.displayName());
                allocatedBytes += size; // reserved now, allocated at ENABLE_BUFFER or first use
            } else {
                s.attach(b);
                byBlock[b.id()] = s;
            }
            slots[count++] = s;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Allocates the created blocks that have no memory yet, all those of one size in one call: a
     * kernel-backed queue (local: zero-copy) allocates the device's blocks in one go, so creating
     * them one CREATE_BLOCK at a time would fail there. Guarded by {@code lock}.
     */
    private void allocatePending() {
        for (int i = 0; i < count; i++) {
            Slot first = slots[i];
            if (first.block != null) {
                continue;
            }
            int n = 0;
            for (int j = i; j < count; j++) {
                if (slots[j].block == null && slots[j].size == first.size) {
                    n++;
                }
            }
            java.util.List<Block> got = queue.allocate(n, first.size);
            int k = 0;
            for (int j = i; j < count && k < got.size(); j++) {
                Slot s = slots[j];
                if (s.block == null && s.size == first.size) {
                    Block b = got.get(k++);
                    s.attach(b);
                    byBlock[b.id()] = s;
                }
            }
        }
    }

    private Block takeSpare(long size) {
        for (int i = 0; i < spareCount; i++) {
            Block b = spares[i];
            if (b.size() == size) {
                spares[i] = spares[--spareCount];
                spares[spareCount] = null;
                return b;
            }
        }
        return null;
    }

    /** FREE_BLOCK: forgets the client's block; its memory is kept for a block of the same size. */
    void freeBlock(int idx) {
        lock.lock();
        try {
            Slot s = require(idx);
            for (int i = 0; i < count; i++) {
                if (slots[i] == s) {
                    slots[i] = slots[--count];
                    slots[count] = null;
                    break;
                }
            }
            if (s.block == null) {
                allocatedBytes -= s.size;
                memory.shrink(s.size);
                return;
            }
            byBlock[s.block.id()] = null;
            if (s.state == State.IDLE || s.state == State.DONE) {
                spares[spareCount++] = s.block;
            }
            // A block still with the device becomes a spare when it comes back (see complete()).
        } finally {
            lock.unlock();
        }
    }

    /**
     * TRANSFER_BLOCK / ENQUEUE_BLOCK_CYCLIC, called after the u64 bytes_used has been read. Reads the
     * samples of an output block straight into the block's memory, then queues it. Errors before the
     * block is queued are answered {@code -errno << 16} on {@code clientId}.
     *
     * @throws IOException when the socket fails, or the request cannot be skipped (absurd size)
     */
    void transfer(Connection conn, int clientId, int idx, long bytesUsed, boolean cyclic) throws IOException {
        Slot s;
        int refused = 0;
        lock.lock();
        try {
            s = find(idx);
            if (s == null) {
                refused = -Errno.EBADF.code();
            } else if (s.state != State.IDLE) {
                refused = -Errno.EBUSY.code();
            } else if (bytesUsed < 1 || bytesUsed > s.size || cyclic && !output) {
                refused = -Errno.EINVAL.code();
            } else if (s.block == null) {
                try {
                    allocatePending(); // a block created after ENABLE_BUFFER
                } catch (IioException e) {
                    refused = e.wireCode();
                }
            }
        } finally {
            lock.unlock();
        }
        if (refused != 0) {
            if (output) {
                BinarySession.skip(conn, bytesUsed, maxBytes);
            }
            replies.status(clientId, MessageHeader.enqueueError(refused));
            return;
        }
        if (output) {
            // Only the reader thread touches an IDLE block's memory, so no lock is needed here.
            ByteBuffer data = s.data;
            data.clear().limit((int) bytesUsed);
            conn.readFully(data);
        }
        long used = bytesUsed / scanBytes * scanBytes; // whole scans only, both ways
        if (used == 0) {
            replies.status(clientId, MessageHeader.enqueueError(-Errno.EINVAL.code()));
            return;
        }
        long timeout = timeoutMs.getAsLong();
        lock.lock();
        try {
            withDevice++;
            work.signalAll();
            s.state = cyclic ? State.CYCLIC : State.QUEUED;
            s.clientId = clientId;
            s.requested = used;
            s.seq = nextSeq++;
            s.deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
        try {
            queue.enqueue(s.block, output ? used : 0, cyclic ? BlockFlags.CYCLIC : 0);
        } catch (IioException e) {
            lock.lock();
            try {
                withDevice--;
                s.state = State.IDLE;
            } finally {
                lock.unlock();
            }
            replies.status(clientId, MessageHeader.enqueueError(e.wireCode()));
            return;
        }
        if (cyclic) {
            replies.status(clientId, 0);
        }
    }

    /** RETRY_DEQUEUE_BLOCK: asks again for a block whose completion was answered with an error. */
    void retry(int clientId, int idx) throws IOException {
        Slot s;
        lock.lock();
        try {
            s = require(idx);
            s.clientId = clientId;
            switch (s.state) {
                case LATE -> {
                    long timeout = timeoutMs.getAsLong();
                    s.deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout)
                            : Long.MAX_VALUE;
                    s.state = State.QUEUED;
                    return;
                }
                case DONE -> s.state = State.IDLE;
                default -> throw new IioException(Errno.EINVAL, device.displayName() + ": block " + idx
                        + " is not waiting to be dequeued");
            }
        } finally {
            lock.unlock();
        }
        answer(s, s.block.bytesUsed());
    }

    /** The completion thread: answers each block the device hands back, watches deadlines. */
    private void complete() {
        long nextCheck = System.nanoTime();
        try {
            while (!closed) {
                if (!awaitWork()) {
                    return;
                }
                Block b = null;
                if (hasWork()) {
                    try {
                        b = queue.poll(SLICE_MS, TimeUnit.MILLISECONDS);
                    } catch (IioException e) {
                        return; // closed or failed: the buffer is going away
                    }
                }
                if (b != null) {
                    completed(b);
                }
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    expire(now);
                    nextCheck = now + TimeUnit.MILLISECONDS.toNanos(SLICE_MS);
                }
            }
        } catch (IOException e) {
            // The client is gone; the session notices on its side and closes this buffer.
        }
    }

    /** Waits (a slice at most, so deadlines are watched) until a block is with the device. */
    private boolean awaitWork() {
        lock.lock();
        try {
            if (withDevice == 0 && !closed) {
                try {
                    work.await(SLICE_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    private void completed(Block b) throws IOException {
        Slot s;
        long bytes = b.bytesUsed();
        lock.lock();
        try {
            withDevice--;
            s = byBlock[b.id()];
            if (s == null || s.block != b) {
                if (spareCount < spares.length) {
                    spares[spareCount++] = b; // freed by the client while the device had it
                }
                return;
            }
            startNextWait(System.nanoTime());
            switch (s.state) {
                case QUEUED -> s.state = State.IDLE;
                case LATE -> {
                    s.state = State.DONE;
                    return;
                }
                case CYCLIC -> {
                    s.state = State.IDLE;
                    return;
                }
                default -> {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
        answer(s, bytes);
    }

    /**
     * Sends a finished block: input samples straight from its memory, or output's 0; with the
     * block's position record first on a negotiated connection. Only one thread answers a given
     * block at a time (its slot's state says whose turn it is), and the block is not queued again
     * before the answer is out, so its position fields are stable here.
     */
    private void answer(Slot s, long bytes) throws IOException {
        if (bytes == 0) {
            replies.status(s.clientId, -Errno.EINTR.code()); // aborted by a disable
            return;
        }
        ByteBuffer data = null;
        if (!output) {
            data = s.data;
            data.clear().limit((int) Math.min(bytes, s.requested));
        }
        if (!output) {
            noteLoss(s.block);
        }
        if (positions) {
            Block b = s.block;
            replies.positioned(s.clientId, b.firstScan(), b.lostBefore(), b.timestampNs(), data);
        } else if (output) {
            replies.status(s.clientId, 0);
        } else {
            replies.data(s.clientId, data);
        }
    }

    private void noteLoss(Block b) {
        long lost = b.lostBefore();
        synchronized (overruns) {
            if (lost > 0) {
                overruns.lost(1, lost, b.firstScan() - lost);
            } else {
                overruns.ended();
            }
        }
    }

    /**
     * The block waited for now: the first queued one still with the device (QUEUED or LATE). As
     * libiio's iiod dequeues one block at a time, only it can time out, and its time runs from when
     * the block before it came back (or from its own TRANSFER, if later). Guarded by {@code lock}.
     */
    private Slot head() {
        Slot head = null;
        for (int i = 0; i < count; i++) {
            Slot s = slots[i];
            if ((s.state == State.QUEUED || s.state == State.LATE) && (head == null || s.seq < head.seq)) {
                head = s;
            }
        }
        return head;
    }

    /** A block came back: the wait for the next one starts now. Guarded by {@code lock}. */
    private void startNextWait(long now) {
        long timeout = timeoutMs.getAsLong();
        if (timeout <= 0) {
            return;
        }
        Slot done = null;
        Slot next = null;
        for (int i = 0; i < count; i++) {
            Slot s = slots[i];
            if (s.state == State.QUEUED || s.state == State.LATE) {
                if (done == null || s.seq < done.seq) {
                    next = done;
                    done = s;
                } else if (next == null || s.seq < next.seq) {
                    next = s;
                }
            }
        }
        // "done" is the block just completed (still marked with the device); "next" follows it.
        if (next != null && next.state == State.QUEUED) {
            next.deadline = Math.max(next.deadline, now + TimeUnit.MILLISECONDS.toNanos(timeout));
        }
    }

    /** Answers -ETIMEDOUT when the block waited for is past its deadline (it stays queued: LATE). */
    private void expire(long now) throws IOException {
        while (true) {
            Slot late = null;
            lock.lock();
            try {
                Slot s = head();
                if (s != null && s.state == State.QUEUED && now - s.deadline > 0) {
                    s.state = State.LATE;
                    late = s;
                }
            } finally {
                lock.unlock();
            }
            if (late == null) {
                return;
            }
            replies.status(late.clientId, -Errno.ETIMEDOUT.code());
        }
    }

    /**
     * Stops answering, then stops the device and frees every block. The completion thread must be
     * gone first: while it writes a block to the socket the block's memory is in use, and the
     * queue's mapping cannot be unmapped under it. A client that does not read its responses
     * would keep that write from finishing, so after a grace period its connection is cut.
     */
    void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (!join(completer, JOIN_MS)) {
                replies.abort();
                join(completer, JOIN_MS);
            }
        } finally {
            queue.close();
            memory.close();
            synchronized (overruns) {
                overruns.close();
            }
        }
    }

    private static boolean join(Thread t, long ms) {
        try {
            return t.join(java.time.Duration.ofMillis(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !t.isAlive();
        }
    }

    private boolean hasWork() {
        lock.lock();
        try {
            return withDevice > 0;
        } finally {
            lock.unlock();
        }
    }

    private Slot find(int idx) {
        for (int i = 0; i < count; i++) {
            if (slots[i].index == idx) {
                return slots[i];
            }
        }
        return null;
    }

    private Slot require(int idx) {
        Slot s = find(idx);
        if (s == null) {
            throw new IioException(Errno.EBADF, device.displayName() + ": no block " + idx);
        }
        return s;
    }
}
