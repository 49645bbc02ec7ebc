package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * One client's reading of an input device's {@link SharedCapture}: READBUF sends the capture's
 * full scans (of the capture mask, which it names in the reply) straight out of the lent hardware
 * blocks. A block the client only partly asked for stays current, so the next READBUF continues
 * exactly where this one stopped: no scan is dropped or repeated (unless the reader lags or the
 * capture grows, see {@link SharedCapture}).
 */
final class RxStream implements DeviceBuffer {
    private final SharedCapture capture;
    private final ChannelMask mask;
    private final long samples;
    private final int blocks;
    private final Runnable onClose;
    private boolean closed;

    // Guarded by the capture's lock.
    final ArrayDeque<SharedCapture.Chunk> backlog = new ArrayDeque<>();
    SharedCapture.Chunk current;
    long offset;
    /** The session is writing {@link #current} to its socket: it cannot be taken back meanwhile. */
    boolean sending;
    /** The connection {@link #current} is being written to, so a stalled send can be cut. */
    Connection sendingOn;
    boolean lagging;
    long lastTakeNanos;
    long droppedScans;

    RxStream(SharedCapture capture, ChannelMask mask, long samples, int blocks, Runnable onClose) {
        this.capture = capture;
        this.mask = mask;
        this.samples = samples;
        this.blocks = blocks;
        this.onClose = onClose;
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

    /**
     * Answers {@code READBUF dev nbytes}: chunks of {@code <n>\n} + data, the mask line after the
     * first length line; whole scans of one capture mask only, ended early by {@code 0\n} when
     * fewer than nbytes are sent (nbytes not a whole number of scans, or the capture mask changed).
     */
    void readbuf(Connection conn, long nbytes, Waiter waiter) throws IOException {
        capture.ensureStarted();
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
                } else if (c.gen != sentGen) {
                    break;
                }
                n = Math.min(remaining, c.bytes - offset);
                conn.write(Wire.integer(n));
                if (sentGen == null) {
                    conn.write(c.gen.maskLine);
                    sentGen = c.gen;
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
        return new IioException(Errno.EPERM, d.displayName() + " is open for output: READBUF needs an input buffer");
    }
}
