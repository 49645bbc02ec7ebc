package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.Stream;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * {@code --mode block} and {@code --mode dmabuf} for {@code jiio write}: a {@link Stream} of
 * {@code --blocks} blocks or DMA buffers that stdin is read straight into. The stream starts the
 * device once every block is queued, so playback does not begin with an underrun. Each slot that
 * comes back has been played: where, and after how much silence, goes to the {@link Played}
 * listener, in play order.
 */
final class StreamPlayback implements Playback {
    private final Stream stream;
    private Stream.Chunk chunk;
    /** Slots submitted and not yet reported played, oldest first: a ring of {@code pending} from {@code head}. */
    private final int[] submittedOrder;
    private final long[] submittedBytes;
    private int head;
    private int pending;
    private Played listener = (id, bytes, firstScan, lostBefore) -> { };

    private StreamPlayback(Stream stream) {
        this.stream = stream;
        this.submittedOrder = new int[stream.count()];
        this.submittedBytes = new long[stream.count()];
    }

    static StreamPlayback blocks(BlockQueue queue, int count, long blockBytes) {
        return new StreamPlayback(Stream.ofBlocks(queue, count, blockBytes));
    }

    static StreamPlayback dmaBufs(BlockQueue queue, int count, long blockBytes) {
        return new StreamPlayback(Stream.ofDmaBufs(queue, count, blockBytes));
    }

    @Override
    public void onPlayed(Played listener) {
        this.listener = listener;
    }

    @Override
    public boolean poll(long nanos) {
        Stream.Chunk c = stream.poll(nanos, TimeUnit.NANOSECONDS);
        if (c == null) {
            return false;
        }
        chunk = c;
        // slots come back round robin, in submit order: a submitted one has been played
        if (pending > 0 && submittedOrder[head] == c.index()) {
            played(c.firstScan(), c.lostBefore());
        }
        return true;
    }

    @Override
    public MemorySegment room() {
        return chunk.segment();
    }

    @Override
    public void submit(long bytes) {
        int slot = chunk.index();
        stream.submit(bytes);
        if (bytes > 0) {
            submittedOrder[(head + pending) % submittedOrder.length] = slot;
            submittedBytes[slot] = bytes;
            pending++;
        }
    }

    @Override
    public boolean drain(long nanos) {
        try {
            stream.drain(nanos, TimeUnit.NANOSECONDS);
        } catch (IioException e) {
            if (e.errno() == Errno.ETIMEDOUT && !stream.queue().isClosed()) {
                return false; // not yet (a queue that failed with ETIMEDOUT is closed: never "not yet")
            }
            throw e;
        }
        while (pending > 0) {
            int slot = submittedOrder[head];
            played(stream.slotFirstScan(slot), stream.slotLostBefore(slot));
        }
        return true;
    }

    private void played(long firstScan, long lostBefore) {
        int slot = submittedOrder[head];
        head = (head + 1) % submittedOrder.length;
        pending--;
        listener.played(slot, submittedBytes[slot], firstScan, lostBefore);
    }

    @Override
    public void close() {
        stream.close();
    }
}
