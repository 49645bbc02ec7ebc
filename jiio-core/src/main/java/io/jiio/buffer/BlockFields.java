package io.jiio.buffer;

/**
 * The fields of a {@link Block} that change on every cycle, written by the application's thread
 * (enqueue, dequeue) and by the device's (completion) in turn, between 64 bytes of padding on each
 * side (HotSpot lays out a superclass's fields before its subclass's). Blocks are allocated one
 * after another, so without it the block a device thread is completing shares a cache line with
 * the one the application is dequeuing, and the two threads steal the line from each other on
 * every block; how badly depended on where the allocator happened to put the objects, which made
 * the two-thread cycle rate swing between runs.
 */
abstract class BlockFields extends BlockFieldsHead {
    volatile BlockState state = BlockState.DEQUEUED;
    long bytesUsed;
    int flags;
    long timestampNs;
    long firstScan = Block.UNKNOWN;
    long lostBefore = Block.UNKNOWN;
    long submitNanos;
    /** The queue's count of submits when this block was submitted last: abort hands blocks back in this order. */
    long submitOrder;
    /**
     * Set while the block is DEAD but still with the device (freed or detached while ACTIVE):
     * whoever clears it — the completion or the abort hand-back — releases the memory.
     */
    volatile boolean zombie;
    /** For a DMABUF attachment: its current fence and the last fence number. */
    Fence fence;
    long fenceSeq;

    /** 64 bytes after them. */
    long q0, q1, q2, q3, q4, q5, q6, q7;
}

/** The 64 bytes before a block's cycle fields ({@link BlockFields}). */
abstract class BlockFieldsHead {
    long p0, p1, p2, p3, p4, p5, p6, p7;
}
