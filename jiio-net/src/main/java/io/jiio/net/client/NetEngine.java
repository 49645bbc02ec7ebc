package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.SubmitQueue;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.SamplingRate;
import io.jiio.net.PositionRecord;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The DMA side of an {@code ip:} buffer: a thread with its own connection that moves each submitted
 * block over the wire. Input: {@code READBUF dev nbytes} straight into the block's memory. Output:
 * {@code WRITEBUF dev nbytes} (first reply, data, second reply). The server buffer is opened with
 * {@code OPEN} before the first block moves (its sample count is that block's size; {@code CYCLIC}
 * when that block is cyclic) and closed with {@code CLOSE} on abort.
 *
 * <p>With jiio's POSITION extension ({@link PositionRecord}, asked for on each data connection when
 * the context's server offered it) every READBUF chunk says where it sits and what was lost before
 * it; the server ends a reply early at a gap, so a block is always contiguous and its loss is the
 * first chunk's, placed through {@link RemotePositions}. Output: each WRITEBUF reply ends with the
 * record of the block the server last took back played; a new one's underrun is reported before
 * the block being written completes — counted exactly, placed as late as the server's queue is deep.
 *
 * <p>When the connection fails while streaming, the failure is logged and the queue is closed from
 * another thread, so that whoever waits in dequeue gets an error (ENODEV) instead of hanging.
 */
final class NetEngine implements DmaEngine {
    private static final System.Logger LOG = System.getLogger(NetEngine.class.getName());
    /** How long abort lets a transfer in flight finish before it cuts the data connection. */
    private static final long ABORT_GRACE_MS = 1000;

    private final NetBackend backend;
    private final Device device;
    private final ChannelMask mask;
    private final boolean output;
    private final long scanBytes;
    private final String dev;
    private final SubmitQueue submitted = new SubmitQueue();
    private volatile IioException failure;
    private BlockQueue queue;
    private DmaCompletion completion;
    private IiodClient conn;
    private boolean opened;
    private Thread thread;
    /** The data connection negotiated the POSITION extension. */
    private boolean positions;
    private final RemotePositions placed;
    /** Output: the firstScan of the last played block the server told us of (its records repeat). */
    private long lastPlayed;
    /** The device's scan rate (Hz, 0 unknown): how long a block may take to fill. */
    private final double rateHz;
    /** This buffer's mask as READBUF's reply names it. */
    private final String ownHex;

    NetEngine(NetBackend backend, Device device, ChannelMask mask, Direction direction, long scanBytes) {
        this.backend = backend;
        this.device = device;
        this.mask = mask;
        this.output = direction == Direction.OUTPUT;
        this.scanBytes = scanBytes;
        this.dev = device.id();
        this.placed = new RemotePositions(output, device.displayName() + " over ip:" + backend.endpoint());
        this.rateHz = output ? 0 : SamplingRate.of(device, mask);
        this.ownHex = mask.toHex();
        this.conn = connect();
    }

    private IiodClient connect() {
        NetContextProvider.Endpoint ep = backend.endpoint();
        long ms = backend.timeoutMs();
        IiodClient c = IiodClient.connect(ep.host(), ep.port(), ms);
        try {
            positions = backend.positions() && NetBackend.askPositions(c);
            if (!output) {
                // The server's wait ends first and says so (-110), so a slow device is asked again
                // rather than taken for a dead link; the socket's own limit is for a dead server.
                // 0 (no limit) is sent too: the server's own default may be shorter.
                c.checked("TIMEOUT " + ms, "TIMEOUT", ep.toString());
                c.timeoutMs(ms == 0 ? 0 : ms + Math.max(1000, ms / 2));
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The server reports every loss (POSITION negotiated on this buffer's connection). */
    @Override
    public boolean tracksLoss() {
        return positions;
    }

    void queue(BlockQueue q) {
        this.queue = q;
    }

    BlockQueue queue() {
        return queue;
    }

    /** Why streaming stopped, if the connection failed. */
    IioException failure() {
        return failure;
    }

    @Override
    public void start(DmaCompletion c) {
        completion = c;
        submitted.restart(c.waitStrategy());
        failure = null;
        if (conn == null || !conn.isAlive()) {
            if (conn != null) {
                conn.close();
            }
            conn = connect();
        }
        opened = false;
        placed.restart();
        lastPlayed = PositionRecord.UNKNOWN;
        if (!output && queue != null && !queue.blocks().isEmpty()) {
            // The server's device runs from OPEN: opening here, not in the thread, makes the remote
            // ADC run once enable() returns, so a DAC enabled next cannot play before it listens.
            try {
                open(queue.blocks().getFirst().size(), false);
            } catch (IioException e) {
                fail(e);
                return;
            }
        }
        thread = Thread.ofPlatform().daemon().name("jiio-ip-" + device.displayName()).start(this::run);
    }

    private void open(long bytes, boolean cyclic) {
        long samples = Math.max(1, bytes / scanBytes);
        conn.checked("OPEN " + dev + " " + samples + " " + mask.toHex() + (cyclic ? " CYCLIC" : ""), "OPEN",
                device.displayName());
        opened = true;
    }

    @Override
    public void submit(Block block, MemorySegment memory) {
        submitted.submit(block);
    }

    @Override
    public void abort() {
        submitted.stop();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            if (!join(t, ABORT_GRACE_MS)) {
                conn.kill();
                join(t, Long.MAX_VALUE);
            }
            thread = null;
        }
        if (opened && conn.isAlive()) {
            try {
                conn.checked("CLOSE " + dev, "CLOSE", device.displayName());
            } catch (IioException e) {
                conn.kill();
            }
        }
        opened = false;
        submitted.clear();
    }

    @Override
    public void close() {
        if (conn != null) {
            if (conn.isAlive()) {
                try {
                    conn.writeLine("EXIT");
                } catch (IioException ignored) {
                    // going anyway
                }
            }
            conn.close();
        }
        backend.engineClosed(queue);
    }

    private void run() {
        try {
            while (true) {
                Block b = submitted.take();
                if (b == null) {
                    return;
                }
                MemorySegment m = submitted.takenMemory();
                long bytes = b.bytesUsed() / scanBytes * scanBytes;
                if (!opened) {
                    open(bytes, output && b.isCyclic());
                }
                if (output) {
                    long ts = System.nanoTime();
                    long done = writebuf(m, bytes);
                    if (b.isCyclic()) {
                        // A cyclic block plays until abort: the server repeats it.
                        submitted.awaitStop();
                        return;
                    }
                    completion.blockDone(b, Math.min(done, b.bytesUsed()), ts);
                } else {
                    long[] ts = new long[1];
                    long got = readbuf(m, bytes, ts);
                    if (positions) {
                        placed.place(completion, chunkFirst, chunkLost, got / scanBytes);
                    }
                    completion.blockDone(b, got, ts[0]);
                }
            }
        } catch (IioException e) {
            if (!submitted.stopping()) {
                fail(e);
            }
        } catch (RuntimeException e) {
            if (!submitted.stopping()) {
                fail(new IioException(Errno.EIO, device.displayName() + " over ip:" + backend.endpoint()
                        + ": " + e, e));
            }
        }
    }

    /** The position of the block {@link #readbuf} read last: its first chunk's record. */
    private long chunkFirst;
    private long chunkLost;
    /** How to keep this buffer's channels out of scans of the server's (wider) mask; null until needed. */
    private ScanPicker picker;
    /** Where the server's scans land before {@link #picker} takes this buffer's channels out of them. */
    private MemorySegment staging;
    /** READBUFs the server answered "nothing within its timeout" and that were asked again. */
    private long timeoutRetries;

    /**
     * Fills a block with READBUF. The server's device may be slower than its TIMEOUT (a block of
     * many scans at a low rate): a -110 answer is asked again while the block can still be on its
     * way, i.e. within the client's timeout plus twice the block's duration at the device's rate;
     * beyond that the failure is reported. Each attempt waits on the socket, never in a loop.
     */
    private long readbuf(MemorySegment m, long want, long[] ts) {
        long start = System.nanoTime();
        while (true) {
            conn.writeLine("READBUF " + dev + " " + want);
            long n = conn.readInt();
            if (n == -Errno.ETIMEDOUT.code() && System.nanoTime() - start < blockBudgetNanos(want)) {
                timeoutRetries++;
                continue;
            }
            if (n == -Errno.ETIMEDOUT.code()) {
                throw new IioException(Errno.ETIMEDOUT, device.displayName() + " over ip:" + backend.endpoint()
                        + ": no data for " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                        + " ms (READBUF answered -110 " + (timeoutRetries + 1) + " times); "
                        + (rateHz > 0 ? "at " + rateHz + " Hz a block of " + want / scanBytes + " scans takes "
                        + Math.round(want / scanBytes * 1000 / rateHz) + " ms" : "the device's rate is unknown")
                        + ": use smaller blocks or a longer timeout");
            }
            return readReply(m, want, ts, n);
        }
    }

    private long blockBudgetNanos(long want) {
        long ms = backend.timeoutMs();
        if (ms == 0) {
            return Long.MAX_VALUE; // no limit
        }
        if (rateHz > 0) {
            ms += (long) (2000.0 * (want / scanBytes) / rateHz);
        }
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /**
     * Reads one READBUF reply whose first length line was {@code n}. The reply ends with a 0 length,
     * or once {@code want} bytes of the server's scans came. Those are scans of the mask its first
     * chunk names: of this buffer's, or wider when other readers share the server's capture, and
     * then only this buffer's channels are kept. Returns the bytes of the block filled.
     */
    private long readReply(MemorySegment m, long want, long[] ts, long n) {
        long got = 0; // bytes of the block filled
        long wire = 0; // bytes of the server's scans read
        boolean first = true;
        while (wire < want) {
            if (!first) {
                n = conn.readInt();
            }
            if (n < 0) {
                throw IiodClient.remote(n, "READBUF", device.displayName());
            }
            if (n == 0) {
                break;
            }
            boolean firstChunk = first;
            if (first) {
                String hex = conn.readLine().trim();
                picker = ownHex.equals(hex) ? null
                        : picker != null && picker.isFor(hex) ? picker
                        : ScanPicker.of(device, mask, hex, "READBUF on " + device.displayName());
                first = false;
                ts[0] = System.nanoTime();
            }
            if (positions) {
                position(firstChunk, got, ts);
            }
            if (n > want - wire) {
                throw new IioException(Errno.EPROTO, "READBUF on " + device.displayName() + ": the server sent "
                        + (wire + n) + " bytes for a request of " + want);
            }
            if (picker == null) {
                conn.readFully(m.asSlice(got, n).asByteBuffer());
                got += n;
            } else {
                long scans = n / picker.serverScanBytes();
                if (scans * picker.serverScanBytes() != n) {
                    throw new IioException(Errno.EPROTO, "READBUF on " + device.displayName() + ": a chunk of " + n
                            + " bytes is not whole scans of " + picker.serverScanBytes() + " bytes");
                }
                if (staging == null || staging.byteSize() < n) {
                    staging = java.lang.foreign.Arena.ofAuto().allocate(Math.max(n, want), 64);
                }
                conn.readFully(staging.asSlice(0, n).asByteBuffer());
                picker.pick(staging, m.asSlice(got), scans);
                got += scans * scanBytes;
            }
            wire += n;
        }
        if (first) {
            ts[0] = System.nanoTime();
        }
        return got / scanBytes * scanBytes;
    }

    /**
     * Reads a READBUF chunk's position line: the first chunk's is the block's; a later chunk must
     * continue the block exactly (the server ends a reply at a gap rather than send one inside it).
     */
    private void position(boolean firstChunk, long got, long[] ts) {
        long[] r = record("READBUF");
        if (firstChunk) {
            chunkFirst = r[0];
            chunkLost = r[1];
            if (r[2] != 0) {
                ts[0] = r[2]; // the device's own time of the first scan
            }
        } else if (chunkFirst != PositionRecord.UNKNOWN && r[0] != PositionRecord.UNKNOWN
                && (r[1] != 0 || r[0] != chunkFirst + got / scanBytes)) {
            throw new IioException(Errno.EPROTO, "READBUF on " + device.displayName() + ": protocol error: a chunk at"
                    + " scan " + r[0] + " with " + r[1] + " lost before it inside a block that started at scan "
                    + chunkFirst + " (" + got / scanBytes + " scans so far)");
        }
    }

    private long[] record(String op) {
        String line = conn.readLine();
        try {
            return PositionRecord.parseLine(line);
        } catch (IllegalArgumentException e) {
            throw new IioException(Errno.EPROTO, op + " on " + device.displayName() + ": protocol error: "
                    + e.getMessage());
        }
    }

    private long writebuf(MemorySegment m, long bytes) {
        long go = conn.command("WRITEBUF " + dev + " " + bytes);
        IiodClient.check(go, "WRITEBUF", device.displayName());
        conn.writeFully(m.asSlice(0, bytes).asByteBuffer());
        long written = conn.readInt();
        if (positions) {
            played(record("WRITEBUF"));
        }
        return IiodClient.check(written, "WRITEBUF", device.displayName());
    }

    /** A WRITEBUF trailer: the block the server last took back played (repeated until another comes). */
    private void played(long[] r) {
        if (r[0] == PositionRecord.UNKNOWN || r[0] == lastPlayed) {
            return; // nothing played yet, or the same block again
        }
        lastPlayed = r[0];
        if (r[1] == PositionRecord.UNKNOWN) {
            completion.lossUnknown();
        } else if (r[1] > 0) {
            completion.underrun(r[1]);
        }
    }

    private void fail(IioException e) {
        failure = e;
        LOG.log(System.Logger.Level.DEBUG, "buffer of " + device.displayName() + " over ip:"
                + backend.endpoint() + " stopped: " + e.getMessage());
        conn.kill();
        BlockQueue q = queue;
        if (q != null) {
            // Closing joins this thread (through abort), so it must happen elsewhere.
            Thread.ofPlatform().daemon().name("jiio-ip-fail").start(() -> q.fail(e));
        }
    }

    private static boolean join(Thread t, long ms) {
        boolean interrupted = false;
        long deadline = ms == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        try {
            while (t.isAlive()) {
                long left = deadline == Long.MAX_VALUE ? 0 : deadline - System.nanoTime();
                if (deadline != Long.MAX_VALUE && left <= 0) {
                    return false;
                }
                try {
                    if (deadline == Long.MAX_VALUE) {
                        t.join();
                    } else {
                        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
