package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;

/**
 * The bytes of sample memory the whole server may hold at once ({@code --max-memory}), shared by
 * every client's buffers: each buffer reserves its blocks' bytes before they are allocated and gives
 * them back when it closes, so many clients (or one with many blocks) cannot take the host's memory.
 * A reservation beyond the limit fails with ENOMEM and says how much is in use.
 */
final class MemoryBudget {
    private final long limit;
    private long used;

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** A claim on part of the budget; {@link #close()} gives it back (once). */
    final class Reservation implements AutoCloseable {
        private long bytes;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        /** Grows the claim by {@code more} bytes, or fails without changing it. */
        void grow(long more, String what) {
            take(more, what);
            synchronized (MemoryBudget.this) {
                bytes += more;
            }
        }

        /** Gives back {@code less} bytes of the claim. */
        void shrink(long less) {
            synchronized (MemoryBudget.this) {
                long n = Math.min(less, bytes);
                bytes -= n;
                used -= n;
            }
        }

        @Override
        public void close() {
            synchronized (MemoryBudget.this) {
                used -= bytes;
                bytes = 0;
            }
        }
    }

    /**
     * Reserves {@code bytes} for {@code what} (named in the error).
     *
     * @throws IioException ENOMEM when the server's limit would be passed
     */
    Reservation reserve(long bytes, String what) {
        take(bytes, what);
        return new Reservation(bytes);
    }

    private synchronized void take(long bytes, String what) {
        if (bytes > limit - used) {
            throw new IioException(Errno.ENOMEM, what + ": " + bytes + " bytes of buffers would pass the server's"
                    + " memory limit of " + limit + " bytes (" + used + " in use by open buffers)");
        }
        used += bytes;
    }

    /** Bytes reserved right now. */
    synchronized long used() {
        return used;
    }

    long limit() {
        return limit;
    }
}
