package io.jiio.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Waits for an fd to become ready, or for the buffer's cancel eventfd — the way libiio's
 * {@code buffer_check_ready} does: one {@code poll()} on both, in slices so a stop is noticed even
 * if the eventfd write were lost. One per engine thread, its memory confined to that thread; or one
 * for the application threads that collect completions themselves ({@link #shared}), used by one
 * of them at a time, with a deadline for timed dequeues.
 */
final class Waiter implements AutoCloseable {
    /** How long one poll() may sleep; the cancel eventfd normally ends it much sooner. */
    static final int SLICE_MS = 200;

    /** Silent slices between two {@link #idleCheck} runs: about a second. */
    static final int CHECK_EVERY_SLICES = 5;

    private final Sys sys;
    private final int cancelFd;
    private final Runnable idleCheck;
    private final Arena arena;
    private final MemorySegment fds;
    /** Whether {@link #deadline} bounds the waits; set by {@link #until}. */
    private boolean timed;
    private long deadline;

    /**
     * @param idleCheck run after every {@link #CHECK_EVERY_SLICES} slices without an event; it throws
     *                  when the device is gone or its buffer was disabled under us, since a removed
     *                  IIO device's fd simply never becomes ready again (its poll answers 0)
     */
    Waiter(Sys sys, int cancelFd, Runnable idleCheck) {
        this(sys, cancelFd, idleCheck, Arena.ofConfined());
    }

    private Waiter(Sys sys, int cancelFd, Runnable idleCheck, Arena arena) {
        this.sys = sys;
        this.cancelFd = cancelFd;
        this.idleCheck = idleCheck;
        this.arena = arena;
        this.fds = arena.allocate(2 * Sys.POLLFD_SIZE, 8);
    }

    /** A waiter any thread may use, one at a time (the caller serialises). */
    static Waiter shared(Sys sys, int cancelFd, Runnable idleCheck) {
        return new Waiter(sys, cancelFd, idleCheck, Arena.ofShared());
    }

    /**
     * Bounds the next waits: until {@code deadlineNanos} ({@link System#nanoTime()}) when
     * {@code timed}, else for as long as it takes. A deadline already passed still looks once.
     */
    void until(boolean timed, long deadlineNanos) {
        this.timed = timed;
        this.deadline = deadlineNanos;
    }

    /** Whether the deadline set by {@link #until} has passed. */
    boolean expired() {
        return timed && System.nanoTime() - deadline >= 0;
    }

    /**
     * Waits until {@code fd} has one of {@code events}; returns false when cancelled or past the
     * deadline of {@link #until}. An error
     * condition on the fd (POLLERR, POLLHUP, POLLNVAL) counts as ready: the next call on it
     * reports the errno.
     */
    boolean await(int fd, short events, java.util.function.BooleanSupplier stopping) {
        int silent = 0;
        while (true) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            fds.set(ValueLayout.JAVA_INT, Sys.POLLFD_FD, fd);
            fds.set(ValueLayout.JAVA_SHORT, Sys.POLLFD_EVENTS, events);
            fds.set(ValueLayout.JAVA_SHORT, Sys.POLLFD_REVENTS, (short) 0);
            fds.set(ValueLayout.JAVA_INT, Sys.POLLFD_SIZE + Sys.POLLFD_FD, cancelFd);
            fds.set(ValueLayout.JAVA_SHORT, Sys.POLLFD_SIZE + Sys.POLLFD_EVENTS, Sys.POLLIN);
            fds.set(ValueLayout.JAVA_SHORT, Sys.POLLFD_SIZE + Sys.POLLFD_REVENTS, (short) 0);
            int slice = SLICE_MS;
            if (timed) {
                long leftMs = Math.ceilDiv(deadline - System.nanoTime(), 1_000_000L);
                slice = Math.clamp(leftMs, 0, SLICE_MS);
            }
            int n = sys.poll(fds, 2, slice);
            if (n == 0) {
                if (expired()) {
                    return false;
                }
                if (++silent % CHECK_EVERY_SLICES == 0) {
                    idleCheck.run();
                }
                continue;
            }
            if (fds.get(ValueLayout.JAVA_SHORT, Sys.POLLFD_SIZE + Sys.POLLFD_REVENTS) != 0) {
                return false;
            }
            short rev = fds.get(ValueLayout.JAVA_SHORT, Sys.POLLFD_REVENTS);
            if ((rev & (events | Sys.POLLERR | Sys.POLLHUP | Sys.POLLNVAL)) != 0) {
                return true;
            }
        }
    }

    /** Signals the cancel eventfd (from the thread that stops the engine). */
    static void cancel(Sys sys, int cancelFd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(8, 8);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            sys.write(cancelFd, one, 8);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
