package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.ScanLayout;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One input device's capture, shared by every client that OPENed it, as iiod does. One pump
 * thread dequeues the hardware blocks and lends each one, without a copy, to every reader whose
 * channels it holds; the block goes back to the device when the last of them has sent it. Each
 * reader sends the capture's full scans with the capture mask in its READBUF reply, and the
 * client picks out its own channels (libiio demuxes by that mask).
 *
 * <ul>
 * <li><b>Start</b>: the hardware buffer opens at the first reader's OPEN (as iiod's does: the
 *     device runs from then on, so a client that enables an ADC and then a DAC in loopback sees
 *     all the DAC plays), with that reader's mask and samples and blocks counts. Until a reader
 *     has received anything, a reader with more channels restarts it cleanly with the union
 *     (every reader's stream begins at the new start, nothing counted lost).</li>
 * <li><b>Union growth</b>: a reader whose mask is not within the running capture's makes the pump
 *     reopen the hardware buffer with the new union. The device can hold one buffer at a time, so
 *     the old blocks must come back first: the readers' unsent old blocks are dropped (the device
 *     restarts anyway, so their data has a gap there), and the pump waits for blocks being sent
 *     right now. A READBUF never mixes two masks: it ends early with {@code 0} at the change. A
 *     joining reader only ever gets blocks whose mask holds all its channels. The mask never
 *     shrinks while readers remain.</li>
 * <li><b>Leaving</b> (CLOSE, EXIT, vanishing) gives back that reader's blocks; the capture stops
 *     and the hardware buffer closes when the last reader leaves.</li>
 * <li><b>Slow readers</b> lose their own data, never the others'. Blocks are only ever taken back
 *     whole and unsent (a block being written to a socket cannot be), so a reader's data stays
 *     scan-aligned; every block dropped for a reader is its loss, placed before its next block
 *     (see {@link RxStream}), counted in {@link IiodServer#droppedScans()} and logged once per
 *     episode ({@link LossLog}). Two rules:
 *     <ul>
 *     <li>A <em>paced</em> device (one that samples on its own clock and overruns when it has no
 *         block) must never run out because of one of several readers: whenever a lend leaves
 *         it fewer than {@link #DEVICE_RESERVE} blocks, the reader with the most unsent blocks
 *         gives up its oldest one, again until the device has its reserve or no reader holds
 *         more than its newest unsent block. A reader that keeps up never holds two unsent
 *         blocks, so it never pays for one that does not. A lone reader is left alone: an
 *         overrun would cost it the same scans, and a device that only looks paced (the sim's
 *         loopback ADC fed by an unthrottled DAC waits for blocks) loses nothing.</li>
 *     <li>An <em>unthrottled</em> device (its {@code sampling_frequency} reads 0: it fills blocks
 *         as fast as they come back, and loses nothing by waiting) waits for its readers. When
 *         every block is out and a reader has not taken one for
 *         {@link ServerConfig#slowReaderGraceMs()}, that reader is marked lagging: its unsent
 *         blocks go back and from then on it keeps only the newest one, until it has drained what
 *         it holds. This rule applies to paced devices too, as a backstop.</li>
 *     </ul></li>
 * <li><b>Restart</b>: when the capture reopens for a wider mask, the device stops and starts again
 *     counting from 0, and the samples it did not take meanwhile cannot be counted. A reader's
 *     positions go on (its unsent old blocks count as dropped), and its first block after the
 *     restart says {@code lostBefore = -1} (unknown) on the wire; the server logs the restart.</li>
 * </ul>
 *
 * <p>Everything here and the reader fields of {@link RxStream} are guarded by {@link #lock}; the
 * only work done outside it is a reader writing its current block to its socket, during which the
 * block cannot be given back ({@link RxStream#sending}).
 */
final class SharedCapture {
    private static final System.Logger LOG = System.getLogger(SharedCapture.class.getName());
    private static final long SLICE_MS = 100;
    /** Blocks a paced device keeps queued: the one it fills and one to go on with. */
    static final int DEVICE_RESERVE = 2;

    /** One hardware buffer, opened for one union mask; its blocks return to it as readers finish. */
    static final class Generation {
        final BlockQueue queue;
        final ChannelMask mask;
        final String maskLine;
        final long scanBytes;
        final int blockCount;
        /** Whether the device samples on its own clock, so it overruns when it runs out of blocks. */
        final boolean paced;
        /** The sampling period, 0 when unknown: places a chunk's timestamp inside its block. */
        final long periodNs;
        final Map<Block, Chunk> chunks = new IdentityHashMap<>();
        /** Chunks lent to readers right now. */
        int lent;
        boolean retired;
        /** The blocks' share of the server's memory limit, given back when the queue closes. */
        final MemoryBudget.Reservation memory;

        Generation(BlockQueue queue, ChannelMask mask, List<Block> blocks, long samplingFrequency,
                   MemoryBudget.Reservation memory) {
            this.queue = queue;
            this.memory = memory;
            this.paced = samplingFrequency != 0;
            this.periodNs = samplingFrequency > 0 ? 1_000_000_000L / samplingFrequency : 0;
            this.mask = mask;
            this.maskLine = mask.toHex() + "\n";
            this.scanBytes = queue.scanBytes();
            this.blockCount = blocks.size();
            for (Block b : blocks) {
                chunks.put(b, new Chunk(this, b));
            }
        }
    }

    /** A filled block lent to readers; one per block, reused every cycle. */
    static final class Chunk {
        final Generation gen;
        final Block block;
        long bytes;
        long scans;
        /** The device's index of the first scan (-1: it does not count), and its timestamp. */
        long firstScan;
        long timestampNs;
        int refs;

        Chunk(Generation gen, Block block) {
            this.gen = gen;
            this.block = block;
        }
    }

    private final Device device;
    private final ServerConfig cfg;
    private final AtomicLong dropped;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<RxStream> readers = new ArrayList<>();
    private Generation gen;
    private boolean reopen;
    /** A generation was replaced by a wider one (the next opening is a restart). */
    private boolean retiredOnce;
    private boolean stopping;
    private IioException failure;
    private Thread pump;
    private final LossLog overruns;

    private final MemoryBudget budget;

    SharedCapture(Device device, ServerConfig cfg, AtomicLong dropped, MemoryBudget budget) {
        this.device = device;
        this.budget = budget;
        this.cfg = cfg;
        this.dropped = dropped;
        this.overruns = new LossLog("capture of " + device.displayName(), "overran: lost", "no longer overruns: lost",
                "gap");
    }

    Device device() {
        return device;
    }

    /** Registers a reader; a mask beyond the running capture's makes the pump reopen with the union. */
    void join(RxStream r) {
        lock.lock();
        try {
            r.lastTakeNanos = System.nanoTime();
            readers.add(r);
            if (gen != null && !r.mask().isSubsetOf(gen.mask)) {
                reopen = true;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes a reader and gives back its blocks; returns whether it was the last (the capture then stops). */
    boolean leave(RxStream r) {
        Thread t;
        lock.lock();
        try {
            readers.remove(r);
            dropBacklog(r, false);
            r.drops.close();
            if (r.current != null) {
                release(r.current);
                r.current = null;
            }
            changed.signalAll();
            if (!readers.isEmpty()) {
                return false;
            }
            stopping = true;
            t = pump;
            if (t == null) {
                closeGeneration();
            }
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    /**
     * Starts the hardware capture if it is not running yet (at a reader's OPEN, and again at each
     * READBUF after a restart).
     *
     * @param reportFailure whether a capture that has failed or ended says so here (OPEN); a
     *                      READBUF leaves that to {@link #acquire}, which first hands out what the
     *                      reader still has queued, so a recording's last blocks are not lost to
     *                      its end
     */
    void ensureStarted(boolean reportFailure) {
        lock.lock();
        try {
            if (failure != null) {
                if (reportFailure) {
                    throw failure;
                }
                return;
            }
            if (gen != null || stopping) {
                return;
            }
            openGeneration();
            pump = Thread.ofVirtual().name("jiio-iiod-capture-" + device.id()).start(this::pumpLoop);
        } finally {
            lock.unlock();
        }
    }

    private void openGeneration() {
        ChannelMask union = null;
        long samples = 1;
        int blocks = 1;
        for (RxStream r : readers) {
            union = union == null ? r.mask().copy() : union.union(r.mask());
            samples = Math.max(samples, r.samples());
            blocks = Math.max(blocks, r.blocks());
        }
        long scan = ScanLayout.of(device, union).scanBytes();
        boolean restart = gen != null || retiredOnce;
        // The union of the readers' requests, trimmed to one buffer's limit: readers whose own
        // requests each fit must not be refused because together they ask for more.
        samples = Math.max(1, Math.min(samples, Math.min(cfg.maxBufferBytes() / blocks, Integer.MAX_VALUE - 8) / scan));
        long rate = samplingFrequency();
        blocks = Math.max(blocks, slackBlocks(rate, samples, scan));
        MemoryBudget.Reservation memory = budget.reserve(DeviceBuffer.bytes(device, samples, scan, blocks,
                cfg.maxBufferBytes()), "capture of " + device.displayName());
        BlockQueue q;
        try {
            q = DeviceBuffer.openQueue(device, samples, union, blocks, cfg.maxBufferBytes());
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        try {
            List<Block> all = q.allocate(blocks, samples * q.scanBytes());
            for (Block b : all) {
                q.enqueue(b);
            }
            q.enable();
            gen = new Generation(q, union, all, rate, memory);
            for (RxStream r : readers) {
                r.openedWith = gen;
            }
        } catch (RuntimeException e) {
            q.close();
            memory.close();
            throw e;
        }
        reopen = false;
        if (restart) {
            LOG.log(System.Logger.Level.WARNING, "capture of " + device.displayName() + " restarted for channels "
                    + union.toHex() + ": its " + readers.size() + " readers have a gap of unknown length there");
        }
    }

    /**
     * How long a paced device's capture can wait for its readers before it overruns: libiio's
     * clients ask for small blocks (iio_readdev: 256 scans, about a millisecond at 200 kHz), and
     * four of them would lose data to any hiccup of the server's machine. The capture keeps at
     * least this much in blocks of the size asked for; readers still get each block as soon as it
     * is filled, so it adds no latency.
     */
    static final long SLACK_MS = 100;

    /** Blocks for {@link #SLACK_MS} of a device at {@code rate} Hz, within the block and memory limits. */
    private int slackBlocks(long rate, long samples, long scan) {
        if (rate <= 0) {
            return 1; // unthrottled or unknown: the readers' own count
        }
        long wanted = (rate * SLACK_MS / 1000 + samples - 1) / samples;
        long byMemory = cfg.maxBufferBytes() / Math.max(1, samples * scan);
        return (int) Math.max(1, Math.min(Math.min(wanted, byMemory), ServerConfig.MAX_BLOCKS));
    }

    /** The device's sampling_frequency: 0 when it fills blocks as fast as they come, -1 when it does not say. */
    private long samplingFrequency() {
        try {
            return device.attribute(io.jiio.model.AttributeKind.DEVICE, "sampling_frequency")
                    .map(a -> a.readLong()).orElse(-1L);
        } catch (RuntimeException e) {
            return -1; // unreadable: assume a clock of its own (the safe side: never let it starve)
        }
    }

    private void closeGeneration() {
        overruns.close();
        if (gen != null) {
            gen.retired = true;
            gen.queue.close();
            gen.memory.close();
            gen = null;
        }
    }

    private void pumpLoop() {
        try {
            while (true) {
                Generation g;
                lock.lock();
                try {
                    if (stopping) {
                        return;
                    }
                    if (reopen) {
                        regrow();
                        if (stopping) {
                            return;
                        }
                    }
                    g = gen;
                } finally {
                    lock.unlock();
                }
                Block b = g.queue.poll(SLICE_MS, TimeUnit.MILLISECONDS);
                if (b == null) {
                    checkLagging();
                    continue;
                }
                lend(g, b);
            }
        } catch (IioException e) {
            fail(e);
        } catch (RuntimeException | Error e) {
            // Whatever ends the pump must reach the readers, or they would wait for blocks for ever.
            LOG.log(System.Logger.Level.WARNING, "capture of " + device.displayName() + " failed", e);
            fail(new IioException(Errno.EIO, device.displayName() + ": capture failed: " + e));
        } finally {
            lock.lock();
            try {
                if (stopping || failure != null) {
                    if (!stopping && failure != null && failure.errno() == Errno.ENODATA) {
                        awaitDrained();
                    }
                    for (RxStream r : readers) {
                        dropBacklog(r, false);
                    }
                    awaitReturned();
                    closeGeneration();
                }
                pump = null;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The device has no more data (a recording's end): the readers get every block already lent
     * before they learn of the end, so waits, under the lock, until each has sent its backlog, or
     * until one of them stops reading for the slow-reader grace period.
     */
    private void awaitDrained() {
        long quietSince = System.nanoTime();
        long pending = -1;
        boolean interrupted = false;
        while (!stopping) {
            long left = 0;
            for (RxStream r : readers) {
                left += r.backlog.size() + (r.current != null ? 1 : 0);
            }
            if (left == 0) {
                break;
            }
            if (left != pending) {
                pending = left;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(cfg.slowReaderGraceMs())) {
                break; // a reader stopped reading: it learns of the end without its last blocks
            }
            try {
                changed.awaitNanos(TimeUnit.MILLISECONDS.toNanos(SLICE_MS));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reopens the hardware buffer with the grown union once every old block is back. */
    private void regrow() {
        Generation old = gen;
        old.retired = true;
        // Readers OPEN one after another and the device runs from the first OPEN: while nobody has
        // received anything, a wider reader restarts the capture cleanly, every stream beginning anew.
        boolean clean = !retiredOnce && readers.stream().allMatch(RxStream::untouched);
        for (RxStream r : readers) {
            dropBacklog(r, false);
            if (clean) {
                r.restartStream();
            }
        }
        awaitReturned();
        if (stopping) {
            return;
        }
        old.queue.close();
        old.memory.close();
        gen = null;
        retiredOnce = !clean;
        openGeneration();
        changed.signalAll();
    }

    /** Waits until the readers have given back every block of the running generation (or stop). */
    private void awaitReturned() {
        long cutAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(cfg.slowReaderGraceMs());
        boolean interrupted = false;
        while (gen != null && gen.lent > 0) {
            for (RxStream r : readers) {
                if (r.current != null && r.current.gen == gen && !r.sending) {
                    release(r.current);
                    r.current = null;
                }
            }
            if (gen.lent == 0) {
                break;
            }
            // Never give up here: closing the queue would unmap memory a reader is still sending.
            // A client that stopped reading mid-send would hold it for ever, so after the grace
            // period its connection is cut: the write fails and the reader gives the block back.
            if (System.nanoTime() - cutAt >= 0) {
                for (RxStream r : readers) {
                    if (r.sending && r.current != null && r.current.gen == gen && r.sendingOn != null) {
                        LOG.log(System.Logger.Level.INFO, "a reader of " + device.displayName()
                                + " stopped reading mid-block: closing its connection");
                        r.sendingOn.close();
                    }
                }
            }
            try {
                changed.await(SLICE_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting (see above); the flag is restored below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lends a filled block to every reader it serves; it goes straight back when nobody wants it. */
    private void lend(Generation g, Block b) {
        lock.lock();
        try {
            Chunk c = g.chunks.get(b);
            c.bytes = b.bytesUsed();
            c.scans = c.bytes / g.scanBytes;
            c.firstScan = b.firstScan();
            c.timestampNs = b.timestampNs();
            c.refs = 0;
            long lost = b.lostBefore();
            if (lost > 0) {
                overruns.lost(1, lost, c.firstScan - lost);
            } else if (c.bytes > 0) {
                overruns.ended();
            }
            if (c.bytes > 0 && !stopping && !reopen) {
                for (RxStream r : readers) {
                    if (!r.mask().isSubsetOf(g.mask)) {
                        continue;
                    }
                    if (r.lagging) {
                        dropBacklog(r, true);
                    }
                    r.lent(c);
                    c.refs++;
                }
            }
            if (c.refs == 0) {
                g.queue.enqueue(b);
            } else {
                g.lent++;
                if (g.paced && c.refs > 1) {
                    keepReserve(g);
                }
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back one reader's share of a chunk; the last share returns the block to the device. */
    private void release(Chunk c) {
        if (--c.refs > 0) {
            return;
        }
        Generation g = c.gen;
        g.lent--;
        if (!g.retired) {
            g.queue.enqueue(c.block);
        }
        changed.signalAll();
    }

    /**
     * Drops a reader's unsent blocks (not the one it is sending); {@code count}: as its loss (else
     * the capture is restarting or the reader leaving, and the loss shows as unknown or not at all).
     */
    private void dropBacklog(RxStream r, boolean count) {
        while (!r.backlog.isEmpty()) {
            dropOldest(r, count);
        }
    }

    private void dropOldest(RxStream r, boolean count) {
        Chunk c = r.backlog.first();
        if (count) {
            dropped.addAndGet(r.dropFirst());
        } else {
            r.backlog.removeFirst();
        }
        release(c);
    }

    /**
     * Keeps a paced device from running out of blocks because of one of its readers: while it has fewer
     * than {@link #DEVICE_RESERVE}, the reader with the most unsent blocks (the longest idle among
     * equals) gives up its oldest. Only readers with two or more unsent blocks give any up: a
     * reader that keeps up has at most the one just lent.
     */
    private void keepReserve(Generation g) {
        while (g.blockCount - g.lent < DEVICE_RESERVE) {
            RxStream worst = null;
            for (RxStream r : readers) {
                int n = r.backlog.size();
                if (n >= 2 && (worst == null || n > worst.backlog.size()
                        || n == worst.backlog.size() && r.lastTakeNanos - worst.lastTakeNanos < 0)) {
                    worst = r;
                }
            }
            if (worst == null) {
                return;
            }
            dropOldest(worst, true);
        }
    }

    /** When the device is starved because every block is out, readers idle for the grace period lag. */
    private void checkLagging() {
        lock.lock();
        try {
            if (gen == null || gen.lent < gen.blockCount) {
                return;
            }
            long now = System.nanoTime();
            long grace = TimeUnit.MILLISECONDS.toNanos(cfg.slowReaderGraceMs());
            for (RxStream r : readers) {
                if (!r.lagging && !r.backlog.isEmpty() && now - r.lastTakeNanos >= grace) {
                    r.lagging = true;
                    dropBacklog(r, true);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void fail(IioException e) {
        lock.lock();
        try {
            if (!stopping) {
                failure = e;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The reader's current chunk (continuing a partly sent one) or its next one, waiting up to its
     * TIMEOUT (0: for ever) and looking in between whether its client is still there. The reader
     * then sends from {@link RxStream#offset} and reports with {@link #sent}.
     *
     * @throws IioException ETIMEDOUT, or the capture's failure
     * @throws IOException  when the client went away meanwhile
     */
    Chunk acquire(RxStream r, Waiter waiter, Connection conn) throws IOException {
        long limit = waiter.timeoutMs();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
        lock.lock();
        try {
            while (true) {
                // A reopen pending drops every backlog anyway: wait for the wider capture instead.
                if (r.current == null && !r.backlog.isEmpty() && !reopen) {
                    r.take();
                }
                if (r.current != null) {
                    if (r.backlog.isEmpty()) {
                        r.lagging = false;
                    }
                    r.sending = true;
                    r.sendingOn = conn;
                    return r.current;
                }
                r.lagging = false;
                r.lastTakeNanos = System.nanoTime();
                if (failure != null) {
                    throw failure;
                }
                long slice = TimeUnit.MILLISECONDS.toNanos(SLICE_MS);
                if (limit > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IioException(Errno.ETIMEDOUT, device.displayName() + ": no data within "
                                + limit + " ms");
                    }
                    slice = Math.min(slice, left);
                }
                try {
                    changed.awaitNanos(slice);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IioException(Errno.EINTR, device.displayName() + ": READBUF interrupted");
                }
                if (r.backlog.isEmpty() && conn.peerClosed()) {
                    throw new EOFException("client went away while waiting for " + device.displayName());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The reader sent {@code n} more bytes of its current chunk; a finished chunk is given back. */
    void sent(RxStream r, long n) {
        lock.lock();
        try {
            r.sending = false;
            r.offset += n;
            Chunk c = r.current;
            if (c != null && n > 0) {
                r.delivered(n);
            }
            if (c != null && (r.offset >= c.bytes || c.gen.retired)) {
                release(c);
                r.current = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
