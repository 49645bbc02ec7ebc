package io.jiio.linux;

import java.lang.foreign.MemorySegment;

/**
 * One kernel buffer mapped into this process — a block-API block or a DMABUF: what the staging
 * copy ({@link StagingPath}) needs of either, its size and its mapping.
 */
class KernelBuffer {
    final long size;
    final MemorySegment memory;

    KernelBuffer(long size, MemorySegment memory) {
        this.size = size;
        this.memory = memory;
    }
}
