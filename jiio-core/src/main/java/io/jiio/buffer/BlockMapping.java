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
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The memory of a queue's blocks, addressed by offset as the IIO device node's blocks are mmap'ed
 * by offset: each carved region is page-aligned and stays where it is until the mapping goes, so
 * later allocations never move earlier blocks. The queue's limits bound what can be carved.
 *
 * <p>Lifetime: the owner (a queue, or a {@link DmaBuf}) holds one reference, and so does every
 * block or attachment that is not yet released; the count is synchronised because a DMA buffer's
 * mapping is shared by queues with different locks.
 * Segments handed out are scoped to a shared {@link Arena} whose closing frees the memory, so a
 * stale segment fails with an exception instead of touching freed memory.
 *
 * <p>Where the memory comes from. A queue's own blocks come from the arena's allocator
 * ({@link Arena#allocate(long, long)}: page-aligned, zeroed, so every page is committed before
 * the device writes the first scan and no page fault lands in the middle of a capture), each
 * carved region its own allocation; the page size comes from the kernel's auxiliary vector. No
 * native call is involved: an application that only uses {@code sim:} needs no native access, and
 * a command starts without linking any (an FFM downcall handle costs milliseconds to make, and the
 * AOT cache cannot keep one). Native mappings remain where the memory must be shared or comes
 * from elsewhere: {@link #sharedMemory} (a memfd another process can map) and {@link #external}
 * (an engine's mapping, e.g. the kernel's blocks on {@code local:}).
 */
final class BlockMapping {
    private static final long PAGE_SIZE = auxvPageSize();

    private final Arena arena;
    /** A native mapping ({@link #sharedMemory}, {@link #external}), or null when the regions are allocated one by one ({@link #pieces}). */
    private final MemorySegment base;
    private final long capacity;
    /** Each carved region's memory, by offset; null for a native mapping. */
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

    /** A mapping whose regions {@link #carve} allocates, up to {@code bytes} (rounded up to pages) in all. */
    static BlockMapping reserve(long bytes) {
        return new BlockMapping(Arena.ofShared(), pageAlign(bytes));
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

    /** The memory of the region at {@code offset} (a native mapping has it already). */
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
     * memfd_create, ftruncate, mmap (shared), munmap and close through the FFM API, for
     * {@link #sharedMemory} alone. Made on first use: its downcall handles are what needs native
     * access, and each costs milliseconds to make.
     */
    private static final class Native {
        static final Native INSTANCE = new Native();

        private static final int PROT_READ_WRITE = 0x1 | 0x2;
        private static final int MAP_SHARED = 0x01;

        private final MethodHandle memfdCreate;
        private final MethodHandle ftruncate;
        private final MethodHandle closeFd;
        private final MethodHandle mmap;
        private final MethodHandle munmap;
        private final MemoryLayout callState;
        private final VarHandle errnoHandle;

        Native() {
            Linker linker = Linker.nativeLinker();
            var lookup = linker.defaultLookup();
            Linker.Option ccs = Linker.Option.captureCallState("errno");
            callState = Linker.Option.captureStateLayout();
            errnoHandle = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
            memfdCreate = lookup.find("memfd_create").map(a -> linker.downcallHandle(a,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ccs))
                    .orElse(null);
            ftruncate = linker.downcallHandle(lookup.find("ftruncate").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), ccs);
            closeFd = linker.downcallHandle(lookup.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            mmap = linker.downcallHandle(lookup.find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                    ccs);
            munmap = linker.downcallHandle(lookup.find("munmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        }

        int memfd(String name, long length) {
            if (memfdCreate == null) {
                throw new IioException(Errno.ENOSYS, "shared DMA buffers need memfd_create (Linux)");
            }
            try (Arena local = Arena.ofConfined()) {
                MemorySegment state = local.allocate(callState);
                int fd = (int) memfdCreate.invokeExact(state, local.allocateFrom(name), 1 /* MFD_CLOEXEC */);
                if (fd < 0) {
                    int errno = (int) errnoHandle.get(state, 0L);
                    throw new IioException(Errno.of(errno), "memfd_create(" + name + ") failed (errno " + errno + ")");
                }
                int rc = (int) ftruncate.invokeExact(state, fd, length);
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

        void close(int fd) {
            try {
                int rc = (int) closeFd.invokeExact(fd);
                assert rc == 0 : "close failed";
            } catch (Throwable t) {
                throw new IllegalStateException("close failed", t);
            }
        }

        MemorySegment mmapShared(int fd, long length) {
            try (Arena local = Arena.ofConfined()) {
                MemorySegment state = local.allocate(callState);
                MemorySegment address = (MemorySegment) mmap.invokeExact(state, MemorySegment.NULL, length,
                        PROT_READ_WRITE, MAP_SHARED, fd, 0L);
                if (address.address() == -1L) {
                    int errno = (int) errnoHandle.get(state, 0L);
                    throw new IioException(Errno.of(errno), "mmap of " + length
                            + " bytes of a shared memfd failed (errno " + errno + ")");
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
    }
}
