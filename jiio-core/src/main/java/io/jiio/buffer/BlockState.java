package io.jiio.buffer;

/**
 * Where a block is, in the kernel's words (industrialio-buffer-dma). Only {@link #DEQUEUED}
 * blocks belong to the application; the others belong to the device side. See
 * {@link BlockQueue} for the transitions.
 */
public enum BlockState {
    /** Owned by the application: its memory may be read and written. New blocks start here. */
    DEQUEUED,
    /** On the incoming queue, waiting for the buffer to be enabled. */
    QUEUED,
    /** Handed to the device (DMA in progress, or a cyclic block repeating). */
    ACTIVE,
    /** Completed by the device, on the outgoing queue, waiting to be dequeued. */
    DONE,
    /** Freed; its memory goes back when the device lets go of it. Every further use is an error. */
    DEAD;

    /** {@return whether the device side owns the block (the application may not touch its memory)} */
    public boolean deviceOwned() {
        return this == QUEUED || this == ACTIVE || this == DONE;
    }
}
