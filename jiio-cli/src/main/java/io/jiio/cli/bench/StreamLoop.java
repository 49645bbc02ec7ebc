package io.jiio.cli.bench;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.Stream;

/** {@code block} and {@code dmabuf}: the zero-copy paths, read in place through a {@link Stream}. */
final class StreamLoop implements CaptureLoop {
    private final Stream stream;
    private long checksum;

    StreamLoop(Stream stream) {
        this.stream = stream;
    }

    static StreamLoop blocks(BlockQueue q, int count, long blockBytes) {
        return new StreamLoop(Stream.ofBlocks(q, count, blockBytes));
    }

    static StreamLoop dmaBufs(BlockQueue q, int count, long blockBytes) {
        return new StreamLoop(Stream.ofDmaBufs(q, count, blockBytes));
    }

    @Override
    public long next() {
        Stream.Chunk c = stream.next();
        checksum += ReadAll.sum(c.segment());
        return c.bytesUsed();
    }

    @Override
    public long checksum() {
        return checksum;
    }

    @Override
    public void close() {
        stream.close();
    }
}
