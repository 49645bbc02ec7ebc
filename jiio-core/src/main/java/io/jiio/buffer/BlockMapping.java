package io.jiio.buffer;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One anonymous, page-aligned native mapping holding every block of a queue: the analog of the
 * IIO device node whose blocks are mmap'ed by offset. Address space for the queue's limits is
 * reserved once ({@code MAP_NORESERVE}: pages are committed only when touched), so later
 * allocations never move earlier blocks.
 *
 * <p>Lifetime: the owner (a queue, or a {@link DmaBuf}) holds one reference, and so does every
 * block or attachment that is not yet released; the count is synchronised because a DMA buffer's
 * mapping is shared by queues with different locks.
 * Segments handed out are scoped to a shared {@link Arena} whose closing unmaps the memory, so a
 * stale segment fails with an exception instead of touching unmapped memory.
 *
 * <p>Without native access. mmap is a restricted method (java.lang.foreign), which the JDK warns
 * about unless the application granted this module native access. An application that did not
 * (one that only uses {@code sim:} needs nothing else native) gets no warning: its queues' blocks
 * come from the arena's own allocator instead ({@link Arena#allocate(long, long)}: page-aligned,
 * zeroed and so committed when allocated, not reserved), each carved region its own allocation,
 * and the page size comes from the kernel's auxiliary vector. Shared (memfd) mappings and memory
 * from an engine still need native access.
 */
final class BlockMapping {
    /** Whether mmap can be called without a warning (--enable-native-access, Enable-Native-Access). */
    private static final boolean NATIVE_ACCESS = BlockMapping.class.getModule().isNativeAccessEnabled();
    private static final long PAGE_SIZE = NATIVE_ACCESS ? Native.INSTANCE.pageSize : auxvPageSize();

    private final Arena arena;
    /** The mapping, or null when the regions are allocated one by one ({@link #pieces}). */
    private final MemorySegment base;
    private final long capacity;
    /** Without native access: each carved region's memory, by offset. */
    private final ConcurrentSkipListMap<Long, MemorySegment> pieces;
    private long next;
    private int references = 1;
    private int fd = -1;

    private BlockMapping(Arena arena, MemorySegment base) {
        this.arena = arena;
        this.base = base;
        this.capacity = base.byteSize();
        this.pieces = null;
    }

    private BlockMapping(Arena arena, long capacity) {
        this.arena = arena;
        this.base = null;
        this.capacity = capacity;
        this.pieces = new ConcurrentSkipListMap<>();
    }

    static long pageSize() {
        return PAGE_SIZE;
    }

    static long pageAlign(long bytes) {
        long p = PAGE_SIZE;
        return (bytes + p - 1) / p * p;
    }

    /**
     * Reserves {@code bytes} of address space (rounded up to pages); without native access, the
     * limit of what {@link #carve} allocates.
     */
    static BlockMapping reserve(long bytes) {
        long length = pageAlign(bytes);
        Arena arena = Arena.ofShared();
        if (!NATIVE_ACCESS) {
            return new BlockMapping(arena, length);
        }
        Native n = Native.INSTANCE;
        MemorySegment address = n.mmap(length);
        MemorySegment base = address.reinterpret(length, arena, ignored -> n.munmap(address, length));
        return new BlockMapping(arena, base);
    }

    /** The page size as the kernel's auxiliary vector says (AT_PAGESZ), read without a native call; else 4096. */
    static long auxvPageSize() {
        try {
            ByteBuffer auxv = ByteBuffer.wrap(Files.readAllBytes(Path.of("/proc/self/auxv")))
                    .order(ByteOrder.nativeOrder());
            while (auxv.remaining() >= 2 * Long.BYTES) {
                long type = auxv.getLong();
                long value = auxv.getLong();
                if (type == 6 /* AT_PAGESZ */ && value > 0 && Long.bitCount(value) == 1) {
                    return value;
                }
                if (type == 0 /* AT_NULL */) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc is not mounted: the usual page size
        }
        return 4096;
    }

    /**
     * Maps {@code bytes} of a new memfd ({@code memfd_create}), so another process can map the same
     * pages through {@code /proc/<pid>/fd/<fd>}. The descriptor is closed when the mapping goes.
     */
    static BlockMapping sharedMemory(String name, long bytes) {
        long length = pageAlign(bytes);
        Native n = Native.INSTANCE;
        int fd = n.memfd(name, length);
        Arena arena = Arena.ofShared();
        MemorySegment address;
        try {
            address = n.mmapShared(fd, length);
        } catch (RuntimeException e) {
            n.close(fd);
            throw e;
        }
        MemorySegment base = address.reinterpret(length, arena, ignored -> {
            n.munmap(address, length);
            n.close(fd);
        });
        BlockMapping m = new BlockMapping(arena, base);
        m.fd = fd;
        return m;
    }

    /**
     * Wraps memory someone else mapped (an engine's {@link BlockMemory.Region}) for one block: the
     * block holds the only reference, and its release runs {@code unmap}.
     */
    static BlockMapping external(MemorySegment memory, Runnable unmap) {
        Arena arena = Arena.ofShared();
        MemorySegment base = memory.reinterpret(memory.byteSize(), arena, ignored -> unmap.run());
        BlockMapping m = new BlockMapping(arena, base);
        m.next = base.byteSize();
        return m;
    }

    /** The memfd behind a shared mapping, or -1 for an anonymous one. */
    int fd() {
        return fd;
    }

    /** Takes one more reference (a transfer that must keep the memory mapped until it ends). */
    synchronized void retain() {
        if (references == 0) {
            throw new IllegalStateException("mapping already released");
        }
        references++;
    }

    long capacity() {
        return capacity;
    }

    long used() {
        return next;
    }

    /** Carves a page-aligned region of {@code size} bytes; returns its offset. */
    synchronized long carve(long size) {
        long aligned = pageAlign(size);
        if (next + aligned > capacity) {
            throw new IioException(Errno.ENOMEM, "block mapping full: " + next + " of "
                    + capacity + " bytes used, " + aligned + " more requested");
        }
        long offset = next;
        allocate(offset, aligned);
        next += aligned;
        references++;
        return offset;
    }

    /** Claims the whole mapping for one buffer without taking a reference (the buffer owns the first). */
    void carveWhole(long size) {
        if (next != 0 || pageAlign(size) > capacity) {
            throw new IllegalStateException("mapping of " + capacity + " bytes cannot hold " + size);
        }
        allocate(0, pageAlign(size));
        next = pageAlign(size);
    }

    /** Without native access: the memory of the region at {@code offset}. */
    private void allocate(long offset, long aligned) {
        if (pieces == null) {
            return;
        }
        try {
            pieces.put(offset, arena.allocate(aligned, PAGE_SIZE));
        } catch (OutOfMemoryError e) {
            throw new IioException(Errno.ENOMEM, "no memory for a block of " + aligned + " bytes: " + e.getMessage());
        }
    }

    MemorySegment slice(long offset, long size) {
        if (pieces == null) {
            return base.asSlice(offset, size);
        }
        var piece = pieces.floorEntry(offset);
        return piece.getValue().asSlice(offset - piece.getKey(), size);
    }

    /** Drops one reference (the queue's or a block's); the last one unmaps. */
    synchronized void release() {
        if (--references == 0) {
            arena.close();
        }
    }

    synchronized boolean isUnmapped() {
        return !arena.scope().isAlive();
    }

    /**
     * mmap/munmap/memfd_create/getpagesize through the FFM API; flags per OS because they differ.
     * Made on first use: its downcall handles are what needs native access.
     */
    private static final class Native {
        static final Native INSTANCE = new Native();

        private static final int PROT_READ_WRITE = 0x1 | 0x2;
        private static final int MAP_PRIVATE = 0x02;

        final long pageSize;
        private final MethodHandle mmap;
        private final MethodHandle munmap;
        private final int anonymousFlags;
        private final MemoryLayout callState;
        private final VarHandle errnoHandle;

        Native() {
            Linker linker = Linker.nativeLinker();
            var lookup = linker.defaultLookup();
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            if (os.contains("linux")) {
                anonymousFlags = MAP_PRIVATE | 0x20 /* MAP_ANONYMOUS */ | 0x4000 /* MAP_NORESERVE */;
            } else if (os.contains("mac") || os.contains("darwin")) {
                anonymousFlags = MAP_PRIVATE | 0x1000 /* MAP_ANON */;
            } else {
                anonymousFlags = -1;
            }
            Linker.Option ccs = Linker.Option.captureCallState("errno");
            callState = Linker.Option.captureStateLayout();
            errnoHandle = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
            if (anonymousFlags == -1) {
                mmap = null;
                munmap = null;
                pageSize = 4096;
                return;
            }
            mmap = linker.downcallHandle(lookup.find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                    ccs);
            munmap = linker.downcallHandle(lookup.find("munmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            MethodHandle getpagesize = linker.downcallHandle(lookup.find("getpagesize").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
            try {
                pageSize = (int) getpagesize.invokeExact();
            } catch (Throwable t) {
                throw new ExceptionInInitializerError(t);
            }
        }

        int memfd(String name, long length) {
            MethodHandle memfdCreate = MemfdCalls.MEMFD_CREATE;
            if (memfdCreate == null || mmap == null) {
                throw new IioException(Errno.ENOSYS, "shared DMA buffers need memfd_create (Linux)");
            }
            try (Arena local = Arena.ofConfined()) {
                MemorySegment state = local.allocate(callState);
                int fd = (int) memfdCreate.invokeExact(state, local.allocateFrom(name), 1 /* MFD_CLOEXEC */);
                if (fd < 0) {
                    int errno = (int) errnoHandle.get(state, 0L);
                    throw new IioException(Errno.of(errno), "memfd_create(" + name + ") failed (errno " + errno + ")");
                }
                int rc = (int) MemfdCalls.FTRUNCATE.invokeExact(state, fd, length);
                if (rc != 0) {
                    int errno = (int) errnoHandle.get(state, 0L);
                    close(fd);
                    throw new IioException(Errno.of(errno), "ftruncate of memfd " + name + " to " + length
                            + " bytes failed (errno " + errno + ")");
                }
                return fd;
            } catch (IioException e) {
                throw e;
            } catch (Throwable t) {
                throw new IioException(Errno.EIO, "memfd call failed: " + t, t);
            }
        }

        MemorySegment mmapShared(int fd, long length) {
            return map(length, PROT_READ_WRITE, 0x01 /* MAP_SHARED */, fd);
        }

        void close(int fd) {
            try {
                int rc = (int) MemfdCalls.CLOSE.invokeExact(fd);
                assert rc == 0 : "close failed";
            } catch (Throwable t) {
                throw new IllegalStateException("close failed", t);
            }
        }

        MemorySegment mmap(long length) {
            return map(length, PROT_READ_WRITE, anonymousFlags, -1);
        }

        private MemorySegment map(long length, int prot, int flags, int fd) {
            if (mmap == null) {
                throw new IioException(Errno.ENOSYS, "jiio's block mappings need mmap (Linux or macOS); "
                        + "this OS is " + System.getProperty("os.name"));
            }
            try (Arena local = Arena.ofConfined()) {
                MemorySegment state = local.allocate(callState);
                MemorySegment address = (MemorySegment) mmap.invokeExact(state, MemorySegment.NULL, length,
                        prot, flags, fd, 0L);
                if (address.address() == -1L) {
                    int errno = (int) errnoHandle.get(state, 0L);
                    throw new IioException(Errno.of(errno), "mmap of " + length
                            + " bytes for a block mapping failed (errno " + errno + ")");
                }
                return address;
            } catch (IioException e) {
                throw e;
            } catch (Throwable t) {
                throw new IioException(Errno.EIO, "mmap call failed: " + t, t);
            }
        }

        void munmap(MemorySegment address, long length) {
            try {
                int rc = (int) munmap.invokeExact(address, length);
                assert rc == 0 : "munmap failed";
            } catch (Throwable t) {
                throw new IllegalStateException("munmap failed", t);
            }
        }

        /**
         * memfd_create, ftruncate and close: only DMA buffers shared through a file descriptor
         * need them. Each downcall handle costs milliseconds to make, which every command would
         * pay at start-up, so these are made when the first shared buffer is.
         */
        private static final class MemfdCalls {
            static final MethodHandle MEMFD_CREATE;
            static final MethodHandle FTRUNCATE;
            static final MethodHandle CLOSE;

            static {
                Linker linker = Linker.nativeLinker();
                var lookup = linker.defaultLookup();
                Linker.Option ccs = Linker.Option.captureCallState("errno");
                MEMFD_CREATE = lookup.find("memfd_create").map(a -> linker.downcallHandle(a,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ccs))
                        .orElse(null);
                FTRUNCATE = linker.downcallHandle(lookup.find("ftruncate").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), ccs);
                CLOSE = linker.downcallHandle(lookup.find("close").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            }

            private MemfdCalls() {
            }
        }
    }
}
