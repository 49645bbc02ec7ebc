package io.jiio.cli;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.Stream;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * {@code --mode block} and {@code --mode dmabuf}: a {@link Stream} of {@code --blocks} blocks or
 * DMA buffers, each block going to stdout straight from the memory the device filled (no copy in
 * Java). The two modes differ only in the stream's kind, which {@link Stream} hides.
 *
 * <p>Timestamps: blocks and DMA buffers carry the device's time of their first sample (a DMA
 * buffer's through its fence).
 */
final class StreamCapture implements Capture {
    private final Stream stream;
    private Stream.Chunk chunk;

    private StreamCapture(Stream stream) {
        this.stream = stream;
    }

    static StreamCapture blocks(BlockQueue queue, int count, long blockBytes) {
        return new StreamCapture(Stream.ofBlocks(queue, count, blockBytes));
    }

    static StreamCapture dmaBufs(BlockQueue queue, int count, long blockBytes) {
        return new StreamCapture(Stream.ofDmaBufs(queue, count, blockBytes));
    }

    @Override
    public boolean poll(long nanos, long maxScans) {
        Stream.Chunk c = stream.poll(nanos, TimeUnit.NANOSECONDS);
        if (c == null) {
            return false;
        }
        chunk = c;
        return true;
    }

    @Override
    public MemorySegment data() {
        return chunk.segment();
    }

    @Override
    public long timestampNs() {
        return chunk.timestampNs();
    }

    @Override
    public int id() {
        return chunk.index();
    }

    @Override
    public long firstScan() {
        return chunk.firstScan();
    }

    @Override
    public long lostBefore() {
        return chunk.lostBefore();
    }

    @Override
    public void close() {
        stream.close();
    }
}
