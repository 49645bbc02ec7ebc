package io.jiio.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The block API's two structs (seed 000; the Analog Devices kernels), native byte order.
 * <pre>
 * struct iio_buffer_block_alloc_req          struct iio_buffer_block
 *   0 +-----------+                            0 +------------+
 *     | u32 type  |                              | u32 id     |
 *   4 +-----------+                            4 +------------+
 *     | u32 size  |  bytes per block             | u32 size   |
 *   8 +-----------+                            8 +------------+
 *     | u32 count |  in: wanted, out: granted    | u32 bytes_used
 *  12 +-----------+                           12 +------------+
 *     | u32 id    |  out: first new id           | u32 type   |
 *  16 +-----------+                           16 +------------+
 *                                                | u32 flags  |  bit 1 CYCLIC (bit 0 reserved)
 *                                             20 +------------+
 *                                                | u32 offset |  mmap offset of the block
 *                                             24 +------------+
 *                                                | u64 timestamp
 *                                             32 +------------+
 * </pre>
 */
public final class BlockDescriptor {
    /** {@code sizeof(struct iio_buffer_block_alloc_req)}: the BLOCK_ALLOC argument. */
    public static final long ALLOC_REQ_SIZE = 16;
    /** {@code alloc_req.type}: 0, the only type there is. */
    public static final long REQ_TYPE_OFFSET = 0;
    /** {@code alloc_req.size}: bytes per block. */
    public static final long REQ_SIZE_OFFSET = 4;
    /** {@code alloc_req.count}: blocks wanted in, granted out (may be fewer). */
    public static final long REQ_COUNT_OFFSET = 8;
    /** {@code alloc_req.id}: out, the id of the first new block. */
    public static final long REQ_ID_OFFSET = 12;

    /** {@code sizeof(struct iio_buffer_block)}: the QUERY, ENQUEUE and DEQUEUE argument. */
    public static final long BLOCK_SIZE = 32;
    /** {@code block.id}: which block, as BLOCK_ALLOC numbered it. */
    public static final long ID_OFFSET = 0;
    /** {@code block.size}: its capacity in bytes. */
    public static final long SIZE_OFFSET = 4;
    /** {@code block.bytes_used}: bytes of samples in it (filled by the device, or to send). */
    public static final long BYTES_USED_OFFSET = 8;
    /** {@code block.type}: 0. */
    public static final long TYPE_OFFSET = 12;
    /** {@code block.flags}: {@link #FLAG_CYCLIC}. */
    public static final long FLAGS_OFFSET = 16;
    /** {@code block.data.offset}: where to mmap the block on the buffer's fd. */
    public static final long DATA_OFFSET_OFFSET = 20;
    /** {@code block.timestamp}: the block's time in ns, where the driver fills one in. */
    public static final long TIMESTAMP_OFFSET = 24;

    /** Bit 1; bit 0 was TIMESTAMP_VALID in the seed and is reserved. */
    public static final int FLAG_CYCLIC = 1 << 1;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

    static long u32(MemorySegment s, long offset) {
        return Integer.toUnsignedLong(s.get(U32, offset));
    }

    static void u32(MemorySegment s, long offset, long value) {
        s.set(U32, offset, (int) value);
    }

    static long u64(MemorySegment s, long offset) {
        return s.get(U64, offset);
    }

    static void u64(MemorySegment s, long offset, long value) {
        s.set(U64, offset, value);
    }

    private BlockDescriptor() {
    }
}
