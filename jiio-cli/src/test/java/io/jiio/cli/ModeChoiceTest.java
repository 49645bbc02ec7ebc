package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.Transfer;
import io.jiio.model.Direction;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** How --mode maps onto a backend that reports its kernel data path (local:). */
class ModeChoiceTest {
    /** An engine that reports a data path and completes input blocks at once. */
    private static final class PathEngine implements DmaEngine {
        private final String path;
        private DmaCompletion completion;
        private volatile boolean aborted;
        private final java.util.concurrent.ExecutorService device = java.util.concurrent.Executors.newSingleThreadExecutor();

        PathEngine(String path) {
            this.path = path;
        }

        @Override
        public String dataPath() {
            return path;
        }

        @Override
        public void start(DmaCompletion c) {
            completion = c;
            aborted = false;
        }

        @Override
        public void submit(Block block, MemorySegment memory) {
            // In submit order, on the device's own thread, as the contract says.
            device.execute(() -> {
                if (!aborted) {
                    completion.blockDone(block, block.size(), System.nanoTime());
                }
            });
        }

        /** As the contract says: once abort returns, no block completes any more. */
        @Override
        public void abort() {
            aborted = true;
            try {
                device.submit(() -> { }).get(); // what was already running has finished
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            device.shutdownNow();
        }
    }

    private static StreamOptions options() {
        StreamOptions o = new StreamOptions();
        o.blocks = 2;
        o.bufferScans = 8;
        return o;
    }

    @Test
    void dmabufModeStreamsTheKernelsDmabufsAsBlocks() {
        try (BlockQueue q = new BlockQueue("k", Direction.INPUT, new PathEngine("dmabuf"), new QueueConfig(2, 16), 2)) {
            assertTrue(Mode.kernelDmabufs(q));
            try (Capture c = Mode.DMABUF.openCapture(q, options(), 16)) {
                assertEquals(2, q.blocks().size(), "blocks of the queue (the kernel's DMABUFs), not DmaBufs of jiio");
                assertTrue(c.poll(5_000_000_000L, 8));
                assertEquals(16, c.data().byteSize());
            }
        }
        try (BlockQueue q = new BlockQueue("s", Direction.INPUT, new PathEngine(""), new QueueConfig(2, 16), 2)) {
            assertFalse(Mode.kernelDmabufs(q));
            try (Capture c = Mode.DMABUF.openCapture(q, options(), 16)) {
                assertTrue(q.blocks().isEmpty(), "sim: jiio's own DMA buffers");
            }
        }
    }

    @Test
    void explicitModeBecomesTheTransferHint() {
        StreamOptions o = options();
        assertEquals(Transfer.AUTO, Mode.BLOCK.config(o, 2, 16, false).transfer());
        assertEquals(Transfer.BLOCK, Mode.BLOCK.config(o, 2, 16, true).transfer());
        assertEquals(Transfer.DMABUF, Mode.DMABUF.config(o, 2, 16, true).transfer());
        assertEquals(Transfer.FILEIO, Mode.FILEIO.config(o, 2, 16, true).transfer());
        assertEquals("block (kernel: fileio)", Mode.BLOCK.describe(
                new BlockQueue("q", Direction.INPUT, new PathEngine("fileio"), new QueueConfig(1, 16), 2)));
    }
}
