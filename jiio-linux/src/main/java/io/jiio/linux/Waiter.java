package io.jiio.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Waits for an fd to become ready, or for the buffer's cancel eventfd — the way libiio's
 * {@code buffer_check_ready} does: one {@code poll()} on both, in slices so a stop is noticed even
 * if the eventfd write were lost. One per engine thread; its memory is confined to that thread.
 */
final class Waiter implements AutoCloseable {
    /** How long one poll() may sleep; the cancel eventfd normally ends it much sooner. */
    static final int SLICE_MS = 200;

    /** Silent slices between two {@link #idleCheck} runs: about a second. */
    static final int CHECK_EVERY_SLICES = 5;

    private final Sys sys;
    private final int cancelFd;
    private final Runnable idleCheck;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment fds = arena.allocate(2 * Sys.POLLFD_SIZE, 8);

    /**
     * @param idleCheck run after every {@link #CHECK_EVERY_SLICES} slices without an event; it throws
     *                  when the device is gone or its buffer was disabled under us, since a removed
     *                  IIO device's fd simply never becomes ready again (its poll answers 0)
     */
    Waiter(Sys sys, int cancelFd, Runnable idleCheck) {
        this.sys = sys;
        this.cancelFd = cancelFd;
        this.idleCheck = idleCheck;
    }

    /**
     * Waits until {@code fd} has one of {@code events}; returns false when cancelled. An error
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
            int n = sys.poll(fds, 2, SLICE_MS);
            if (n == 0) {
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
