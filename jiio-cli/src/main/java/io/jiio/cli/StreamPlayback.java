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
 * device once every block is queued, so playback does not begin with an underrun.
 */
final class StreamPlayback implements Playback {
    private final Stream stream;
    private Stream.Chunk chunk;

    private StreamPlayback(Stream stream) {
        this.stream = stream;
    }

    static StreamPlayback blocks(BlockQueue queue, int count, long blockBytes) {
        return new StreamPlayback(Stream.ofBlocks(queue, count, blockBytes));
    }

    static StreamPlayback dmaBufs(BlockQueue queue, int count, long blockBytes) {
        return new StreamPlayback(Stream.ofDmaBufs(queue, count, blockBytes));
    }

    @Override
    public boolean poll(long nanos) {
        Stream.Chunk c = stream.poll(nanos, TimeUnit.NANOSECONDS);
        if (c == null) {
            return false;
        }
        chunk = c;
        return true;
    }

    @Override
    public MemorySegment room() {
        return chunk.segment();
    }

    @Override
    public long playedFirstScan() {
        return chunk.firstScan();
    }

    @Override
    public long playedLostBefore() {
        return chunk.lostBefore();
    }

    @Override
    public void submit(long bytes) {
        stream.submit(bytes);
    }

    @Override
    public boolean drain(long nanos) {
        try {
            stream.drain(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (IioException e) {
            if (e.errno() == Errno.ETIMEDOUT) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
