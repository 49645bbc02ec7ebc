package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;

/**
 * Buffered writes through the page cache: each submit is a positional write straight from the
 * block's memory (the kernel copies it into the cache), complete when it returns. The way every
 * file system takes, and the fallback when O_DIRECT or io_uring cannot be had.
 */
public final class FileChannelSink implements DataSink {
    private final Path path;
    private final FileChannel ch;
    private final ArrayDeque<Long> done = new ArrayDeque<>();
    private final String why;

    /**
     * Creates (or truncates) {@code path} for writing.
     *
     * @param path the data file
     * @param why  why the recording writes through the page cache, for {@link #describe()}; empty
     *             or {@code null} when that is simply the choice
     * @throws IioException the errno of a failed open, naming the file
     */
    public FileChannelSink(Path path, String why) {
        this.path = path;
        this.why = why;
        try {
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw IoErrors.of(path, "open", e);
        }
    }

    @Override
    public String describe() {
        return "buffered writes" + (why == null || why.isEmpty() ? "" : " (" + why + ")");
    }

    @Override
    public int depth() {
        return 1;
    }

    @Override
    public int alignment() {
        return 1;
    }

    @Override
    public void submit(MemorySegment seg, long offset, long tag) {
        ByteBuffer b = seg.asByteBuffer();
        long at = offset;
        try {
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
        } catch (IOException e) {
            throw IoErrors.of(path, "write at offset " + offset, e);
        }
        done.add(tag);
    }

    @Override
    public long await(long timeoutNanos) {
        Long t = done.poll();
        return t == null ? -1 : t;
    }

    @Override
    public int inFlight() {
        return done.size();
    }

    @Override
    public void finish(long length) {
        try {
            ch.truncate(length);
            ch.force(false);
        } catch (IOException e) {
            throw IoErrors.of(path, "finish", e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing after a failed write: the error was reported then
        }
    }
}
