package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a device's next block on behalf of one client, up to the client's TIMEOUT (0: for
 * ever), looking in between whether the client is still there, so a vanished client's buffer is
 * freed even while its device is silent.
 */
final class Waiter {
    private static final long SLICE_MS = 100;
    private volatile long timeoutMs;

    Waiter(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    void timeoutMs(long ms) {
        timeoutMs = ms;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /**
     * @throws IioException ETIMEDOUT when the device produced nothing in time (or another queue error)
     * @throws IOException  when the client went away meanwhile
     */
    Block dequeue(BlockQueue queue, Connection conn) throws IOException {
        long limit = timeoutMs;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
        while (true) {
            Block b = queue.tryDequeue();
            if (b != null) {
                return b;
            }
            long slice = SLICE_MS;
            if (limit > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IioException(Errno.ETIMEDOUT, queue.name() + ": no data within " + limit + " ms");
                }
                slice = Math.min(slice, left);
            }
            b = queue.poll(slice, TimeUnit.MILLISECONDS);
            if (b != null) {
                return b;
            }
            if (conn.peerClosed()) {
                throw new EOFException("client went away while waiting for " + queue.name());
            }
        }
    }
}
