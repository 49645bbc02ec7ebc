package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import java.io.IOException;

/**
 * One client's reading of an input device's {@link SharedCapture}: READBUF sends the capture's
 * full scans (of the capture mask, which it names in the reply) straight out of the lent hardware
 * blocks. A block the client only partly asked for stays current, so the next READBUF continues
 * exactly where this one stopped: no scan is dropped or repeated (unless the reader lags or the
 * capture grows, see {@link SharedCapture}).
 *
 * <h2>Positions</h2>
 * The reader's stream starts at the first block lent to it, or at the device's enable when the
 * capture opened for it. Every lent block gets its place in that stream when it is lent
 * ({@link #lent}): the block's first scan, counting the scans the device lost before it and the
 * blocks the server dropped for this reader alone. When the reader takes the block, its
 * {@code lostBefore} is the distance from where its data stopped. On a connection that
 * negotiated {@code EXTENSION POSITION} each READBUF chunk then carries a
 * {@link PositionRecord} line.
 */
final class RxStream implements DeviceBuffer {
    private final SharedCapture capture;
    private final ChannelMask mask;
    private final long samples;
    private final int blocks;
    private final Runnable onClose;
    /** The client's address, for the server's log. */
    final String peer;
    /** Whether READBUF replies carry the position line. */
    final boolean positions;
    private boolean closed;

    // Guarded by the capture's lock.
    final Backlog backlog = new Backlog();
    SharedCapture.Chunk current;
    long offset;
    /** The session is writing {@link #current} to its socket: it cannot be taken back meanwhile. */
    boolean sending;
    /** The connection {@link #current} is being written to, so a stalled send can be cut. */
    Connection sendingOn;
    boolean lagging;
    long lastTakeNanos;
    /** The generation this reader's stream started in, when it started at that generation's enable. */
    SharedCapture.Generation openedWith;
    final LossLog drops;

    // The reader's place (guarded by the capture's lock).
    private boolean started;
    private SharedCapture.Generation lastGen;
    /** Position after the newest block lent to this reader. */
    private long lentEnd;
    /** The device's scan index after the newest lent block; -1 when the device does not count. */
    private long lastDeviceEnd = -1;
    /** Position after the last scan sent to the client. */
    private long deliveredEnd;
    /** Position of {@link #current}'s first scan, and what was lost before it (-1: unknown). */
    long currentFirst;
    long currentLost;

    // Totals (guarded by the capture's lock).
    long deliveredScans;
    long lostScans;
    long lossEpisodes;
    long unknownGaps;
    long droppedScans;

    RxStream(SharedCapture capture, ChannelMask mask, long samples, int blocks, String peer, boolean positions,
             Runnable onClose) {
        this.capture = capture;
        this.mask = mask;
        this.samples = samples;
        this.blocks = blocks;
        this.peer = peer;
        this.positions = positions;
        this.onClose = onClose;
        this.drops = new LossLog("reader " + peer + " of " + capture.device().displayName(),
                "too slow: dropped", "reading again: dropped", "block");
    }

    ChannelMask mask() {
        return mask;
    }

    long samples() {
        return samples;
    }

    int blocks() {
        return blocks;
    }

    @Override
    public Device device() {
        return capture.device();
    }

    @Override
    public boolean isInput() {
        return true;
    }

    /** A block is lent to this reader: places it in the reader's stream and queues it. */
    void lent(SharedCapture.Chunk c) {
        long first;
        boolean unknown;
        if (!started) {
            started = true;
            boolean fromEnable = openedWith == c.gen;
            unknown = fromEnable && c.firstScan < 0;
            first = fromEnable && !unknown ? c.firstScan : 0;
        } else if (lastGen != c.gen || c.firstScan < 0 || lastDeviceEnd < 0) {
            // The device restarted (a wider capture) or does not count: the gap cannot be told.
            first = lentEnd;
            unknown = true;
        } else {
            first = lentEnd + (c.firstScan - lastDeviceEnd);
            unknown = false;
        }
        lastGen = c.gen;
        lentEnd = first + c.scans;
        lastDeviceEnd = c.firstScan < 0 ? -1 : c.firstScan + c.scans;
        backlog.add(c, first, unknown);
    }

    /** Nothing has reached this reader yet, nor been dropped for it: its stream can still begin anew. */
    boolean untouched() {
        return current == null && deliveredScans == 0 && droppedScans == 0;
    }

    /** Begins the stream again at the next generation's enable (the capture restarted before any data). */
    void restartStream() {
        started = false;
        lastGen = null;
        lentEnd = 0;
        lastDeviceEnd = -1;
        deliveredEnd = 0;
    }

    /** Takes the oldest lent block as current; its loss is the distance from the data sent so far. */
    void take() {
        current = backlog.first();
        currentFirst = backlog.firstScan();
        currentLost = backlog.unknownBefore() ? PositionRecord.UNKNOWN : currentFirst - deliveredEnd;
        backlog.removeFirst();
        offset = 0;
        lastTakeNanos = System.nanoTime();
        deliveredEnd = currentFirst;
        if (currentLost > 0) {
            lostScans += currentLost;
            lossEpisodes++;
        } else if (currentLost < 0) {
            unknownGaps++;
        }
        drops.ended();
    }

    /** {@code n} more bytes of the current block reached the socket. */
    void delivered(long n) {
        long scans = n / current.gen.scanBytes;
        deliveredScans += scans;
        deliveredEnd += scans;
    }

    /** The oldest lent block was dropped for this reader: counted as its loss, told at its next block. */
    long dropFirst() {
        SharedCapture.Chunk c = backlog.first();
        long from = backlog.firstScan();
        backlog.removeFirst();
        droppedScans += c.scans;
        drops.lost(1, c.scans, from);
        return c.scans;
    }

    /** Starts the shared capture if it is not running yet: a reader's device runs from its OPEN. */
    void start() {
        capture.ensureStarted(true);
    }

    /**
     * Answers {@code READBUF dev nbytes}: chunks of {@code <n>\n} + data, the mask line after the
     * first length line (and on a negotiated connection the position line before each chunk's
     * data); whole scans of one capture mask only, ended early by {@code 0\n} when fewer than
     * nbytes are sent (nbytes not a whole number of scans, or the capture mask changed). A chunk
     * never spans two blocks, so a gap always starts a new chunk.
     */
    void readbuf(Connection conn, long nbytes, Waiter waiter) throws IOException {
        capture.ensureStarted(false);
        long remaining = -1;
        long sent = 0;
        SharedCapture.Generation sentGen = null;
        while (remaining != 0) {
            SharedCapture.Chunk c;
            try {
                c = capture.acquire(this, waiter, conn);
            } catch (IioException e) {
                conn.write(Wire.integer(e.wireCode()));
                return;
            }
            long n = 0;
            try {
                if (sentGen == null) {
                    remaining = nbytes / c.gen.scanBytes * c.gen.scanBytes;
                    if (remaining == 0) {
                        break;
                    }
                } else if (c.gen != sentGen || positions && offset == 0 && currentLost != 0) {
                    // A new mask, or (for a client that reads positions) a gap: the reply ends here, so
                    // the data of one reply is contiguous and the client's block never holds a gap.
                    break;
                }
                n = Math.min(remaining, c.bytes - offset);
                conn.write(Wire.integer(n));
                if (sentGen == null) {
                    conn.write(c.gen.maskLine);
                    sentGen = c.gen;
                }
                if (positions) {
                    long skipped = offset / c.gen.scanBytes;
                    long ts = c.timestampNs == 0 || skipped == 0 ? c.timestampNs
                            : c.timestampNs + skipped * c.gen.periodNs;
                    conn.write(PositionRecord.line(currentFirst + skipped, skipped == 0 ? currentLost : 0, ts));
                }
                conn.writeData(c.block.segment().asSlice(offset, n).asByteBuffer());
            } finally {
                capture.sent(this, n);
            }
            remaining -= n;
            sent += n;
        }
        if (sentGen == null || sent < nbytes) {
            conn.write(Wire.integer(0));
        }
    }

    @Override
    public void close(boolean graceful) {
        if (closed) {
            return;
        }
        closed = true;
        onClose.run();
    }

    static IioException notInput(Device d) {
        return new IioException(Errno.EPERM, d.displayName() + " is open for input: READBUF needs an input buffer");
    }
}
