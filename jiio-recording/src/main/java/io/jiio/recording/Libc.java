package io.jiio.recording;

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
 * The few libc calls a recording needs beyond the JDK's file API, through java.lang.foreign with
 * errno captured right after each call: open with O_DIRECT, pwrite, ftruncate, fsync, fcntl, close,
 * mmap/munmap of io_uring's rings, and {@code syscall} for io_uring_setup/enter/register (libc has
 * no wrappers for them). Linux x86_64 and aarch64 numbers.
 */
final class Libc {
    static final int O_WRONLY = 01;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_CLOEXEC = 02000000;
    static final int O_DIRECT = "aarch64".equals(System.getProperty("os.arch")) ? 0200000 : 040000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;
    static final int PROT_RW = 0x1 | 0x2;
    static final int MAP_SHARED = 0x01;
    static final int MAP_POPULATE = 0x8000;

    private static final Libc INSTANCE = load();

    private final MemoryLayout stateLayout = Linker.Option.captureStateLayout();
    private final VarHandle errno = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private final ThreadLocal<MemorySegment> state = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(stateLayout));
    private final MethodHandle open;
    private final MethodHandle close;
    private final MethodHandle pwrite;
    private final MethodHandle ftruncate;
    private final MethodHandle fsync;
    private final MethodHandle fcntl;
    private final MethodHandle mmap;
    private final MethodHandle munmap;
    private final MethodHandle syscall6;

    private Libc() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option ccs = Linker.Option.captureCallState("errno");
        ValueLayout i = ValueLayout.JAVA_INT;
        ValueLayout l = ValueLayout.JAVA_LONG;
        ValueLayout a = ValueLayout.ADDRESS;
        open = linker.downcallHandle(libc.find("open").orElseThrow(), FunctionDescriptor.of(i, a, i, i), ccs,
                Linker.Option.firstVariadicArg(2));
        close = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(i, i), ccs);
        pwrite = linker.downcallHandle(libc.find("pwrite").orElseThrow(), FunctionDescriptor.of(l, i, a, l, l), ccs);
        ftruncate = linker.downcallHandle(libc.find("ftruncate").orElseThrow(), FunctionDescriptor.of(i, i, l), ccs);
        fsync = linker.downcallHandle(libc.find("fsync").orElseThrow(), FunctionDescriptor.of(i, i), ccs);
        fcntl = linker.downcallHandle(libc.find("fcntl").orElseThrow(), FunctionDescriptor.of(i, i, i, i), ccs,
                Linker.Option.firstVariadicArg(2));
        mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(a, a, l, i, i, i, l), ccs);
        munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(i, a, l), ccs);
        // long syscall(long number, ...): six word-sized arguments cover every call used here.
        syscall6 = linker.downcallHandle(libc.find("syscall").orElseThrow(),
                FunctionDescriptor.of(l, l, l, l, l, l, l, l), ccs, Linker.Option.firstVariadicArg(1));
    }

    private static Libc load() {
        try {
            return new Libc();
        } catch (RuntimeException | LinkageError e) {
            return null; // not Linux/glibc: recordings use the JDK's file API
        }
    }

    /** The calls, or null where they cannot be bound. */
    static Libc get() {
        return INSTANCE;
    }

    private int errno() {
        return (int) errno.get(state.get(), 0L);
    }

    private IioException fail(String what) {
        int e = errno();
        Errno known = Errno.of(e);
        return new IioException(known.code() == e ? known : Errno.EIO, what + ": " + (known.code() == e
                ? known.description() : "errno " + e));
    }

    int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) open.invokeExact(state.get(), a.allocateFrom(path), flags, mode);
            if (fd < 0) {
                throw fail("open " + path);
            }
            return fd;
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void close(int fd) {
        try {
            int r = (int) close.invokeExact(state.get(), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes all of {@code seg} at {@code offset}; a short write continues, an error throws. */
    void pwriteFully(int fd, MemorySegment seg, long offset, String what) {
        long done = 0;
        while (done < seg.byteSize()) {
            long n;
            try {
                n = (long) pwrite.invokeExact(state.get(), fd, seg.asSlice(done), seg.byteSize() - done, offset + done);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n < 0) {
                if (errno() == Errno.EINTR.code()) {
                    continue;
                }
                throw fail(what + ": write at offset " + (offset + done));
            }
            done += n;
        }
    }

    void ftruncate(int fd, long length, String what) {
        try {
            if ((int) ftruncate.invokeExact(state.get(), fd, length) < 0) {
                throw fail(what + ": truncate to " + length);
            }
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void fsync(int fd, String what) {
        try {
            if ((int) fsync.invokeExact(state.get(), fd) < 0) {
                throw fail(what + ": fsync");
            }
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Clears O_DIRECT on an open file: later writes go through the page cache, at any alignment. */
    void clearDirect(int fd, String what) {
        try {
            int flags = (int) fcntl.invokeExact(state.get(), fd, F_GETFL, 0);
            if (flags < 0 || (int) fcntl.invokeExact(state.get(), fd, F_SETFL, flags & ~O_DIRECT) < 0) {
                throw fail(what + ": fcntl");
            }
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    MemorySegment mmap(int fd, long length, long offset, String what) {
        try {
            MemorySegment m = (MemorySegment) mmap.invokeExact(state.get(), MemorySegment.NULL, length, PROT_RW,
                    MAP_SHARED | MAP_POPULATE, fd, offset);
            if (m.address() == -1L) {
                throw fail(what + ": mmap");
            }
            return m.reinterpret(length);
        } catch (IioException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void munmap(MemorySegment m) {
        try {
            int r = (int) munmap.invokeExact(state.get(), m, m.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A raw system call; returns its result, or throws with the errno when it is -1. */
    long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6, String what) {
        long r;
        try {
            r = (long) syscall6.invokeExact(state.get(), nr, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (r < 0) {
            throw fail(what);
        }
        return r;
    }
}
