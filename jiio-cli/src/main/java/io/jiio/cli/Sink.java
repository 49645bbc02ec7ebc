package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Where {@code jiio read} puts sample bytes. In the real process that is stdout as a
 * {@link java.nio.channels.FileChannel}, so a block's memory goes to the kernel straight from its
 * mapping with no copy in Java; tests pass an in-memory channel instead.
 *
 * <p>A reader that goes away ({@code jiio read | head -c 100}) is a normal way to end a capture, not
 * an error: {@link #write} reports it as {@code false} so the command can stop quietly.
 */
public final class Sink {
    private final WritableByteChannel channel;

    private Sink(WritableByteChannel channel) {
        this.channel = channel;
    }

    /** {@return the process's stdout (fd 1), unbuffered} */
    public static Sink stdout() {
        return new Sink(new FileOutputStream(FileDescriptor.out).getChannel());
    }

    /**
     * A sink on any channel (tests: an in-memory one).
     *
     * @param channel where the bytes go; the caller keeps owning it
     * @return the sink
     */
    public static Sink of(WritableByteChannel channel) {
        return new Sink(channel);
    }

    /**
     * Writes every remaining byte of {@code bytes}.
     *
     * @param bytes the bytes, from its position to its limit; its position ends at the limit
     * @return {@code false} when the reader has closed the pipe (EPIPE): nothing more can be delivered
     * @throws IioException EIO for any other write failure (disk full, bad descriptor …)
     */
    public boolean write(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            return true;
        } catch (IOException e) {
            if (isBrokenPipe(e)) {
                return false;
            }
            throw new IioException(Errno.EIO, "stdout: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK reports EPIPE only as an IOException whose message is strerror's text; SIGPIPE itself
     * is ignored by the JVM, so this is the one place the condition shows.
     */
    static boolean isBrokenPipe(IOException e) {
        return e.getMessage() != null && e.getMessage().contains(Errno.EPIPE.description());
    }
}
