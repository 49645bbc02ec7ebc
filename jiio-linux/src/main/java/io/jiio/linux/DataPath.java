package io.jiio.linux;

import java.lang.foreign.MemorySegment;

/**
 * One of the three ways samples cross between the kernel's buffer and user memory. The
 * {@link LocalEngine} thread drives it; each implementation owns its kernel resources and their
 * state, and reports kernel errors as {@link io.jiio.IioException}s naming the buffer and the call.
 *
 * <p>Lifecycle: {@link #setup} (before the buffer is enabled), {@link #fill} or {@link #drain}
 * from the engine thread, {@link #teardown} after the buffer is disabled.
 */
interface DataPath {
    /** {@code dmabuf}, {@code block} or {@code fileio}. */
    String label();

    /** Allocates {@code count} kernel buffers of {@code bytes} each (whole scans). */
    void setup(long bytes, int count);

    /**
     * Input: copies the next {@code max} bytes or fewer (whole scans, at least one) into
     * {@code dst}, waiting through {@code waiter}. Returns the bytes, or -1 when cancelled.
     */
    long fill(MemorySegment dst, long max, Waiter waiter, java.util.function.BooleanSupplier stopping);

    /**
     * Output: hands {@code bytes} of {@code src} to the kernel; with {@code cyclic} the kernel
     * repeats them until disabled. Returns false when cancelled before all were taken.
     */
    boolean drain(MemorySegment src, long bytes, boolean cyclic, Waiter waiter,
                  java.util.function.BooleanSupplier stopping);

    /** Frees every kernel buffer; idempotent. */
    void teardown();
}
