package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockFlags;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * An output buffer opened by one client: each WRITEBUF's payload is read from the socket straight
 * into a free block, which is then queued to the device. A CYCLIC buffer takes one WRITEBUF and
 * repeats it until CLOSE.
 */
final class TxStream implements DeviceBuffer {
    /** How long a graceful CLOSE waits for queued blocks to play out. */
    private static final long DRAIN_MS = 10_000;

    private final Device device;
    private final BlockQueue queue;
    private final boolean cyclic;
    private final long blockSize;
    private final long scanBytes;
    private final ArrayDeque<Block> free = new ArrayDeque<>();
    private int queued;
    private boolean pushedCyclic;
    /** Whether WRITEBUF replies end with the position line of the last played block. */
    private final boolean positions;
    private long playedFirst = PositionRecord.UNKNOWN;
    private long playedLost = PositionRecord.UNKNOWN;
    private long playedTimestamp;

    /** The blocks' share of the server's memory limit, given back at close. */
    private final MemoryBudget.Reservation memory;

    private TxStream(Device device, BlockQueue queue, boolean cyclic, long blockSize, boolean positions,
                     MemoryBudget.Reservation memory) {
        this.memory = memory;
        this.device = device;
        this.queue = queue;
        this.cyclic = cyclic;
        this.blockSize = blockSize;
        this.scanBytes = queue.scanBytes();
        this.positions = positions;
    }

    static TxStream open(Device device, long samples, ChannelMask mask, int blocks, long maxBytes, boolean cyclic,
                         boolean positions, MemoryBudget budget) {
        int count = cyclic ? 1 : blocks;
        long scan = io.jiio.model.ScanLayout.of(device, mask).scanBytes();
        MemoryBudget.Reservation memory = budget.reserve(DeviceBuffer.bytes(device, samples, scan, count, maxBytes),
                "buffer of " + device.displayName());
        BlockQueue q;
        try {
            q = DeviceBuffer.openQueue(device, samples, mask, count, maxBytes);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        try {
            long size = samples * q.scanBytes();
            TxStream s = new TxStream(device, q, cyclic, size, positions, memory);
            s.free.addAll(q.allocate(count, size));
            return s;
        } catch (RuntimeException e) {
            q.close();
            memory.close();
            throw e;
        }
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public boolean isInput() {
        return false;
    }

    /**
     * Answers {@code WRITEBUF dev nbytes}: a first integer (0: send the data; negative: don't), the
     * payload, a second integer (bytes taken or -errno), and on a connection that negotiated
     * {@code EXTENSION POSITION} the {@link PositionRecord} line of the block most recently taken
     * back from the device (its play: firstScan, the underrun before it, timestamp; {@code -1 -1 0}
     * before the first). Once every block has been queued, each WRITEBUF takes back exactly one, so
     * the client hears of each played block once and in order (a line repeats only when no block
     * came back, e.g. after a refused WRITEBUF). A first-reply error leaves the session in step
     * because the client then sends nothing.
     */
    void writebuf(Connection conn, long nbytes, Waiter waiter) throws IOException {
        if (nbytes < 1 || nbytes > blockSize) {
            conn.write(Wire.integer(-Errno.EINVAL.code()));
            return;
        }
        if (cyclic && pushedCyclic) {
            conn.write(Wire.integer(-Errno.EBUSY.code()));
            return;
        }
        Block block;
        try {
            block = freeBlock(conn, waiter);
        } catch (IioException e) {
            conn.write(Wire.integer(e.wireCode()));
            return;
        }
        conn.write(Wire.integer(0));
        conn.flush();
        try {
            conn.readFully(block.segment().asSlice(0, nbytes).asByteBuffer());
        } catch (IOException e) {
            free.addLast(block);
            throw e;
        }
        conn.write(Wire.integer(push(block, nbytes)));
        if (positions) {
            conn.write(PositionRecord.line(playedFirst, playedLost, playedTimestamp));
        }
    }

    /** Queues a filled block; the second WRITEBUF reply: bytes taken, or -errno. */
    private long push(Block block, long nbytes) {
        long whole = nbytes / scanBytes * scanBytes;
        if (whole == 0) {
            free.addLast(block);
            return -Errno.EINVAL.code();
        }
        try {
            queue.enqueue(block, whole, cyclic ? BlockFlags.CYCLIC : 0);
            queued++;
            pushedCyclic = cyclic;
            if (!queue.isEnabled()) {
                queue.enable();
            }
        } catch (IioException e) {
            free.addLast(block);
            return e.wireCode();
        }
        return nbytes;
    }

    private Block freeBlock(Connection conn, Waiter waiter) throws IOException {
        Block b = free.pollFirst();
        if (b != null) {
            return b;
        }
        b = waiter.dequeue(queue, conn);
        queued--;
        playedFirst = b.firstScan();
        playedLost = b.lostBefore();
        playedTimestamp = b.timestampNs();
        return b;
    }

    @Override
    public void close(boolean graceful) {
        try {
            if (graceful && !cyclic) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
                while (queued > 0 && System.nanoTime() < deadline) {
                    try {
                        queue.dequeue(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                                TimeUnit.MILLISECONDS);
                        queued--;
                    } catch (IioException e) {
                        break;
                    }
                }
            }
        } finally {
            queue.close();
            memory.close();
        }
    }

    static IioException notOutput(Device d) {
        return new IioException(Errno.EPERM, d.displayName() + " is open for input: WRITEBUF needs an output buffer");
    }
}
