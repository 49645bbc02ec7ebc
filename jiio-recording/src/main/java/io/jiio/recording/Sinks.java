package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * Chooses how a recording's data file is written: the best way this machine and file system allow,
 * each step down taken automatically and said in {@link DataSink#describe()} (so in --stats and the
 * meta file): io_uring with the blocks as registered (fixed) buffers and O_DIRECT; io_uring with
 * plain writes when registration fails; O_DIRECT pwrite when io_uring is not allowed (seccomp,
 * old kernels); the page cache when O_DIRECT is refused (tmpfs answers EINVAL); the JDK's file API
 * where libc cannot be bound.
 */
public final class Sinks {
    /** How a caller may limit the choice (the benchmark compares them). */
    public enum Method {
        /** The best this machine allows: io_uring, registered buffers, O_DIRECT, stepping down as needed. */
        AUTO,
        /** io_uring (with registered buffers when it takes them); the same steps down as {@link #AUTO}. */
        IO_URING,
        /**
         * pwrite(2), no io_uring: one write at a time on the caller's thread, O_DIRECT where the
         * file system allows it.
         */
        O_DIRECT,
        /** The JDK's file API through the page cache ({@link FileChannelSink}). */
        BUFFERED
    }

    private Sinks() {
    }

    /**
     * The best sink for {@code data}, up to {@code depth} writes in flight, {@code blocks} registered.
     *
     * @param data   the data file, created or truncated
     * @param depth  writes in flight at most (the blocks in circulation is a good figure)
     * @param blocks the block memory the recording will write from, registered with io_uring when
     *               it can be (fixed buffers: no page pinning per write)
     * @return the sink; the caller closes it (or the recorder finishes it)
     * @throws IioException the errno of a failed open, naming the file
     */
    public static DataSink open(Path data, int depth, List<MemorySegment> blocks) {
        return open(data, depth, blocks, Method.AUTO);
    }

    /**
     * A sink for {@code data} no better than {@code method} allows.
     *
     * @param data   the data file, created or truncated
     * @param depth  writes in flight at most
     * @param blocks the block memory to register with io_uring
     * @param method the way to write, or {@link Method#AUTO} for the best
     * @return the sink; {@link DataSink#describe()} says what it turned out to be
     * @throws IioException the errno of a failed open, naming the file
     */
    public static DataSink open(Path data, int depth, List<MemorySegment> blocks, Method method) {
        Libc libc = Libc.get();
        if (libc == null || method == Method.BUFFERED) {
            return new FileChannelSink(data, method == Method.BUFFERED ? "asked for" : "libc cannot be bound here");
        }
        String where = data.toString();
        int flags = Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC | Libc.O_CLOEXEC;
        int fd;
        boolean direct = true;
        String why = "";
        try {
            fd = libc.open(where, flags | Libc.O_DIRECT, 0644);
        } catch (IioException e) {
            if (e.errno() != Errno.EINVAL) {
                throw e;
            }
            fd = libc.open(where, flags, 0644);
            direct = false;
            why = "O_DIRECT refused by the file system (EINVAL, e.g. tmpfs)";
        }
        String cache = direct ? "O_DIRECT" : "page cache";
        if (method == Method.O_DIRECT) {
            return new DirectSink(libc, data, fd, direct, null, List.of(), "pwrite, " + cache + suffix(why));
        }
        Uring ring;
        try {
            ring = new Uring(libc, Integer.highestOneBit(Math.max(1, Math.min(depth, 4096)) * 2 - 1));
        } catch (IioException e) {
            String reason = "io_uring unavailable (" + e.getMessage() + ")";
            return new DirectSink(libc, data, fd, direct, null, List.of(), "pwrite, " + cache
                    + suffix(why.isEmpty() ? reason : why + "; " + reason));
        }
        try {
            ring.registerBuffers(blocks);
            return new DirectSink(libc, data, fd, direct, ring, blocks, "io_uring, registered buffers, " + cache + suffix(why));
        } catch (IioException e) {
            String reason = "buffers not registered (" + e.getMessage() + ")";
            return new DirectSink(libc, data, fd, direct, ring, List.of(), "io_uring, " + cache
                    + suffix(why.isEmpty() ? reason : why + "; " + reason));
        }
    }

    private static String suffix(String why) {
        return why.isEmpty() ? "" : " (" + why + ")";
    }
}
