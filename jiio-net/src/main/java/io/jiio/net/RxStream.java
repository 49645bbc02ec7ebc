package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import java.io.IOException;
import java.util.List;

/**
 * An input buffer opened by one client: READBUF sends the device's scans straight from the
 * dequeued blocks. A block the client only partly asked for stays current, so the next READBUF
 * continues exactly where this one stopped: no scan is dropped or repeated.
 */
final class RxStream implements DeviceBuffer {
    private final Device device;
    private final BlockQueue queue;
    private final String maskLine;
    private final long scanBytes;
    private Block current;
    private long offset;

    private RxStream(Device device, BlockQueue queue, ChannelMask mask) {
        this.device = device;
        this.queue = queue;
        this.maskLine = mask.toHex() + "\n";
        this.scanBytes = queue.scanBytes();
    }

    /** Opens, fills the queue with {@code blocks} blocks of {@code samples} scans and starts capturing. */
    static RxStream open(Device device, long samples, ChannelMask mask, int blocks, long maxBytes) {
        BlockQueue q = DeviceBuffer.openQueue(device, samples, mask, blocks, maxBytes);
        try {
            List<Block> all = q.allocate(blocks, samples * q.scanBytes());
            for (Block b : all) {
                q.enqueue(b);
            }
            q.enable();
            return new RxStream(device, q, mask);
        } catch (RuntimeException e) {
            q.close();
            throw e;
        }
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public boolean isInput() {
        return true;
    }

    /**
     * Answers {@code READBUF dev nbytes}: chunks of {@code <n>\n} + data, the mask line after the
     * first length line; whole scans only, ended early by {@code 0\n} when nbytes is not a whole
     * number of scans.
     */
    void readbuf(Connection conn, long nbytes, Waiter waiter) throws IOException {
        long remaining = nbytes / scanBytes * scanBytes;
        boolean first = true;
        while (remaining > 0) {
            if (current == null) {
                Block b;
                try {
                    b = waiter.dequeue(queue, conn);
                } catch (IioException e) {
                    conn.write(Wire.integer(e.wireCode()));
                    return;
                }
                if (b.bytesUsed() == 0) {
                    queue.enqueue(b);
                    continue;
                }
                current = b;
                offset = 0;
            }
            long chunk = Math.min(remaining, current.bytesUsed() - offset);
            conn.write(Wire.integer(chunk));
            if (first) {
                conn.write(maskLine);
                first = false;
            }
            conn.writeData(current.segment().asSlice(offset, chunk).asByteBuffer());
            offset += chunk;
            remaining -= chunk;
            if (offset == current.bytesUsed()) {
                Block done = current;
                current = null;
                queue.enqueue(done);
            }
        }
        if (first || nbytes % scanBytes != 0) {
            conn.write(Wire.integer(0));
        }
    }

    @Override
    public void close(boolean graceful) {
        current = null;
        queue.close();
    }

    static IioException notInput(Device d) {
        return new IioException(Errno.EPERM, d.displayName() + " is open for output: READBUF needs an input buffer");
    }
}
