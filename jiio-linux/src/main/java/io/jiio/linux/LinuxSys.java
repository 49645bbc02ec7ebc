package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * {@link Sys} over libc through java.lang.foreign: hand-written downcalls, errno captured with
 * {@code Linker.Option.captureCallState("errno")} right after each call (a later JVM call could
 * overwrite the thread's errno), {@code ioctl} bound as the variadic function it is.
 * EINTR is retried here, once, in one place, as libiio's {@code ioctl_nointr} does.
 */
public final class LinuxSys implements Sys {
    private static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final int PROT_RW = 0x1 | 0x2;
    private static final int MAP_SHARED = 0x01;
    private static final int EFD_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EINTR = 4;

    private final MemoryLayout stateLayout = Linker.Option.captureStateLayout();
    /**
     * Each thread's errno capture area, made once: the streaming calls (ioctl, poll, read, write)
     * then allocate nothing. Freed with the thread (automatic arena).
     */
    private final ThreadLocal<MemorySegment> callState =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(stateLayout));
    private final VarHandle errno = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private final MethodHandle open;
    private final MethodHandle close;
    private final MethodHandle read;
    private final MethodHandle write;
    private final MethodHandle ioctl;
    private final MethodHandle mmap;
    private final MethodHandle munmap;
    private final MethodHandle poll;
    private final MethodHandle eventfd;

    private LinuxSys() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option ccs = Linker.Option.captureCallState("errno");
        open = bind(linker, libc, "open", FunctionDescriptor.of(C_INT, ADDR, C_INT), ccs);
        close = bind(linker, libc, "close", FunctionDescriptor.of(C_INT, C_INT), ccs);
        read = bind(linker, libc, "read", FunctionDescriptor.of(C_LONG, C_INT, ADDR, C_LONG), ccs);
        write = bind(linker, libc, "write", FunctionDescriptor.of(C_LONG, C_INT, ADDR, C_LONG), ccs);
        // int ioctl(int fd, unsigned long request, ...): the argument is the first variadic one.
        ioctl = bind(linker, libc, "ioctl", FunctionDescriptor.of(C_INT, C_INT, C_LONG, ADDR), ccs,
                Linker.Option.firstVariadicArg(2));
        mmap = bind(linker, libc, "mmap",
                FunctionDescriptor.of(ADDR, ADDR, C_LONG, C_INT, C_INT, C_INT, C_LONG), ccs);
        munmap = bind(linker, libc, "munmap", FunctionDescriptor.of(C_INT, ADDR, C_LONG), ccs);
        poll = bind(linker, libc, "poll", FunctionDescriptor.of(C_INT, ADDR, C_LONG, C_INT), ccs);
        eventfd = bind(linker, libc, "eventfd", FunctionDescriptor.of(C_INT, C_INT, C_INT), ccs);
    }

    /**
     * The one instance, made (its libc functions bound) on first use. Thread-safe: errno is
     * captured per thread.
     *
     * @return the libc seam
     */
    public static LinuxSys get() {
        return Holder.INSTANCE;
    }

    /** Lazy, and after the static layouts above exist. */
    private static final class Holder {
        static final LinuxSys INSTANCE = new LinuxSys();
    }

    private static MethodHandle bind(Linker linker, SymbolLookup libc, String name, FunctionDescriptor fd,
                                     Linker.Option... options) {
        MemorySegment symbol = libc.find(name).orElseThrow(() -> new IioException(Errno.ENOSYS,
                "local: backend: libc has no " + name + "() (not Linux?)"));
        return linker.downcallHandle(symbol, fd, options);
    }

    private IioException error(MemorySegment state, String call) {
        int e = (int) errno.get(state, 0L);
        Errno en = Errno.of(e);
        String text = en.code() == e ? en.description() : "errno " + e;
        return new IioException(en, call + ": " + text);
    }

    private boolean interrupted(MemorySegment state) {
        return (int) errno.get(state, 0L) == EINTR;
    }

    @Override
    public int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(stateLayout);
            MemorySegment p = a.allocateFrom(path);
            while (true) {
                int fd = (int) open.invokeExact(state, p, flags);
                if (fd >= 0) {
                    return fd;
                }
                if (!interrupted(state)) {
                    throw error(state, "open " + path);
                }
            }
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw fatal("open", t);
        }
    }

    @Override
    public void close(int fd) {
        try {
            MemorySegment state = callState.get();
            // Never retried: after close() the fd is gone even when it reports EINTR.
            if ((int) close.invokeExact(state, fd) != 0 && !interrupted(state)) {
                throw error(state, "close fd " + fd);
            }
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw fatal("close", t);
        }
    }

    @Override
    public long read(int fd, MemorySegment dst, long length) {
        checkRoom(dst, length, "read");
        try {
            MemorySegment state = callState.get();
            while (true) {
                long n = (long) read.invokeExact(state, fd, dst, length);
                if (n >= 0) {
                    return n;
                }
                if (!interrupted(state)) {
                    throw error(state, "read");
                }
            }
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw fatal("read", t);
        }
    }

    @Override
    public long write(int fd, MemorySegment src, long length) {
        checkRoom(src, length, "write");
        try {
            MemorySegment state = callState.get();
            while (true) {
                long n = (long) write.invokeExact(state, fd, src, length);
                if (n >= 0) {
                    return n;
                }
                if (!interrupted(state)) {
                    throw error(state, "write");
                }
            }
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw fatal("write", t);
        }
    }

    @Override
    public int ioctl(int fd, long request, MemorySegment arg) {
        try {
            MemorySegment state = callState.get();
            while (true) {
                int rc = (int) ioctl.invokeExact(state, fd, request, arg);
                if (rc >= 0) {
                    return rc;
                }
                if (!interrupted(state)) {
                    throw error(state, "ioctl " + Ioctl.name(request));
                }
            }
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw fatal("ioctl", t);
        }
    }

    @Override
    public MemorySegment mmap(int fd, long length, long offset) {
        try {
            MemorySegment state = callState.get();
            MemorySegment p = (MemorySegment) mmap.invokeExact(state, MemorySegment.NULL, length, PROT_RW,
                    MAP_SHARED, fd, offset);
            if (p.address() == -1L) {
                throw error(state, "mmap of " + length + " bytes at offset " + offset);
            }
            return p.reinterpret(length);
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw fatal("mmap", t);
        }
    }

    @Override
    public void munmap(MemorySegment mapping) {
        try {
            MemorySegment state = callState.get();
            if ((int) munmap.invokeExact(state, mapping, mapping.byteSize()) != 0) {
                throw error(state, "munmap");
            }
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw fatal("munmap", t);
        }
    }

    @Override
    public int poll(MemorySegment fds, int count, int timeoutMs) {
        try {
            MemorySegment state = callState.get();
            int n = (int) poll.invokeExact(state, fds, (long) count, timeoutMs);
            if (n < 0) {
                if (interrupted(state)) {
                    return 0; // the caller's loop recomputes its deadline and polls again
                }
                throw error(state, "poll");
            }
            return n;
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw fatal("poll", t);
        }
    }

    @Override
    public int eventfd() {
        try {
            MemorySegment state = callState.get();
            int fd = (int) eventfd.invokeExact(state, 0, EFD_NONBLOCK | EFD_CLOEXEC);
            if (fd < 0) {
                throw error(state, "eventfd");
            }
            return fd;
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw fatal("eventfd", t);
        }
    }

    private static void checkRoom(MemorySegment seg, long length, String call) {
        if (!seg.isNative() || length < 0 || length > seg.byteSize()) {
            throw new IioException(Errno.EFAULT, call + ": " + length + " bytes do not fit the "
                    + (seg.isNative() ? seg.byteSize() + "-byte native segment" : "heap segment (native memory needed)"));
        }
    }

    private static IioException fatal(String call, Throwable t) {
        return new IioException(Errno.EIO, call + ": native call failed: " + t, t);
    }
}
