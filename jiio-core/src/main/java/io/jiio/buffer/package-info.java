/**
 * The block engine: a {@link io.jiio.buffer.BlockQueue} per device buffer with the kernel's block
 * API (allocate, enqueue, dequeue, free) and DMA buffers ({@link io.jiio.buffer.DmaBuf}, fences,
 * CPU access brackets); {@link io.jiio.buffer.Stream} on top for applications that want chunks
 * with their position and losses; {@link io.jiio.buffer.FileIo} for read()/write() semantics. A
 * {@link io.jiio.buffer.DmaEngine} is the device side a backend supplies. Blocks move between the
 * application's thread and the device's without a lock; {@link io.jiio.buffer.WaitStrategy} says
 * how either waits.
 */
package io.jiio.buffer;
