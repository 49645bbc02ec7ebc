package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.Transfer;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error rule of reference/iio-buffer-abi.md: first that the fake kernel enforces it (so the
 * path tests run against a faithful model), then that the backend turns each errno into an
 * {@link IioException} naming the buffer, the call and the object.
 */
@Timeout(60)
class KernelRulesTest {
    @TempDir
    Path root;
    final FakeKernel kernel = new FakeKernel();
    final Arena arena = Arena.ofAuto();
    FakeKernel.FakeDevice adc;

    private Path adcDir() {
        return root.resolve("bus/iio/devices/iio:device2");
    }

    private Context open() {
        Trees.ad9361(root);
        kernel.heap(root.resolve("dev/dma_heap/system"));
        adc = kernel.buffer(root.resolve("dev/iio:device2"), adcDir().resolve("buffer0"), false);
        kernel.buffer(root.resolve("dev/iio:device1"), root.resolve("bus/iio/devices/iio:device1/buffer0"), true);
        return LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel);
    }

    private static void assertErrno(Errno errno, String fragment, Executable call) {
        IioException e = assertThrows(IioException.class, call::execute);
        assertEquals(errno, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    private interface Executable {
        void execute() throws Throwable;
    }

    // ------------------------------------------------------------------ the model

    /** The node's fd: opened once, as the kernel allows one open at a time. */
    private int node = -1;

    private int bufferFd() {
        if (node < 0) {
            node = kernel.open(root.resolve("dev/iio:device2").toString(), Sys.O_RDWR);
        }
        MemorySegment arg = arena.allocate(4);
        kernel.ioctl(node, Ioctl.IIO_BUFFER_GET_FD, arg);
        return (int) BlockDescriptor.u32(arg, 0);
    }

    private int dmabuf(long size) {
        int heap = kernel.open(root.resolve("dev/dma_heap/system").toString(), Sys.O_RDONLY);
        MemorySegment req = arena.allocate(DmabufDescriptor.HEAP_ALLOC_SIZE);
        BlockDescriptor.u64(req, DmabufDescriptor.HEAP_LEN_OFFSET, size);
        kernel.ioctl(heap, Ioctl.DMA_HEAP_IOCTL_ALLOC, req);
        return (int) BlockDescriptor.u32(req, DmabufDescriptor.HEAP_FD_OFFSET);
    }

    private MemorySegment fdArg(int fd) {
        MemorySegment a = arena.allocate(4);
        BlockDescriptor.u32(a, 0, fd);
        return a;
    }

    private MemorySegment enqueueArg(int fd, int flags, long bytes) {
        MemorySegment a = arena.allocate(DmabufDescriptor.IIO_DMABUF_SIZE);
        BlockDescriptor.u32(a, DmabufDescriptor.FD_OFFSET, fd);
        BlockDescriptor.u32(a, DmabufDescriptor.FLAGS_OFFSET, flags);
        BlockDescriptor.u64(a, DmabufDescriptor.BYTES_USED_OFFSET, bytes);
        return a;
    }

    @Test
    void modelEnforcesTheDmabufRules() {
        open().close();
        int buf = bufferFd();
        int d = dmabuf(4096);
        int other = dmabuf(4096);
        long enq = Ioctl.IIO_BUFFER_DMABUF_ENQUEUE;
        assertErrno(Errno.EPERM, "", () -> kernel.ioctl(buf, enq, enqueueArg(d, 0, 4096))); // not attached
        kernel.ioctl(buf, Ioctl.IIO_BUFFER_DMABUF_ATTACH, fdArg(d));
        assertErrno(Errno.EBUSY, "", () -> kernel.ioctl(buf, Ioctl.IIO_BUFFER_DMABUF_ATTACH, fdArg(d))); // twice
        assertErrno(Errno.EINVAL, "", () -> kernel.ioctl(buf, enq, enqueueArg(d, 0, 0)));
        assertErrno(Errno.EINVAL, "", () -> kernel.ioctl(buf, enq, enqueueArg(d, 0, 4097)));
        assertErrno(Errno.EINVAL, "", () -> kernel.ioctl(buf, enq, enqueueArg(d, DmabufDescriptor.FLAG_CYCLIC, 4096)));
        kernel.ioctl(buf, enq, enqueueArg(d, 0, 4096)); // device disabled: stays queued
        assertErrno(Errno.EPERM, "", () -> kernel.ioctl(buf, enq, enqueueArg(d, 0, 4096))); // already queued
        kernel.ioctl(buf, Ioctl.IIO_BUFFER_DMABUF_ATTACH, fdArg(other));
        adc.fileioActive = true;
        assertErrno(Errno.EBUSY, "", () -> kernel.ioctl(buf, enq, enqueueArg(other, 0, 4096)));
        adc.dmabuf = false;
        assertErrno(Errno.EPERM, "", () -> kernel.ioctl(buf, Ioctl.IIO_BUFFER_DMABUF_ATTACH, fdArg(dmabuf(64))));
        assertErrno(Errno.ENOTTY, "", () -> kernel.ioctl(node, Ioctl.IIO_BUFFER_DMABUF_ATTACH, fdArg(d)));
        // (only on the fd from GET_FD)
    }

    @Test
    void modelEnforcesTheBlockRules() {
        open().close();
        int buf = bufferFd();
        MemorySegment req = arena.allocate(BlockDescriptor.BLOCK_SIZE);
        BlockDescriptor.u32(req, BlockDescriptor.REQ_SIZE_OFFSET, 4096);
        BlockDescriptor.u32(req, BlockDescriptor.REQ_COUNT_OFFSET, 2);
        kernel.ioctl(buf, Ioctl.BLOCK_ALLOC, req);
        MemorySegment b = arena.allocate(BlockDescriptor.BLOCK_SIZE);
        BlockDescriptor.u32(b, BlockDescriptor.ID_OFFSET, 0);
        kernel.ioctl(buf, Ioctl.BLOCK_ENQUEUE, b);   // DEQUEUED → queued
        kernel.ioctl(buf, Ioctl.BLOCK_ENQUEUE, b);   // QUEUED → no-op
        assertErrno(Errno.EAGAIN, "", () -> kernel.ioctl(buf, Ioctl.BLOCK_DEQUEUE, b)); // nothing done yet
        BlockDescriptor.u32(b, BlockDescriptor.ID_OFFSET, 7);
        assertErrno(Errno.EINVAL, "", () -> kernel.ioctl(buf, Ioctl.BLOCK_QUERY, b));
        adc.fileioActive = true;
        assertErrno(Errno.EBUSY, "", () -> kernel.ioctl(buf, Ioctl.BLOCK_ALLOC, req));
        adc.fileioActive = false;
        kernel.onWrite(adcDir().resolve("buffer0/enable"), v -> { });
        adc.enabled = true;
        kernel.resume(); // the device completes block 0
        BlockDescriptor.u32(b, BlockDescriptor.ID_OFFSET, 0);
        kernel.ioctl(buf, Ioctl.BLOCK_ENQUEUE, b);   // DONE on the outgoing queue → resubmitted
        assertEquals(FakeKernel.State.DONE, adc.kblocks.get(0).state);
        adc.kblocks.get(1).state = FakeKernel.State.ACTIVE;
        BlockDescriptor.u32(b, BlockDescriptor.ID_OFFSET, 1);
        assertErrno(Errno.EBUSY, "", () -> kernel.ioctl(buf, Ioctl.BLOCK_ENQUEUE, b));
    }

    // ------------------------------------------------------------------ the backend's messages

    @Test
    void getFdErrors() {
        try (Context ctx = open()) {
            Device a = ctx.requireDevice("cf-ad9361-lpc");
            Trees.write(adcDir().resolve("buffer1/enable"), "0");
            Trees.write(adcDir().resolve("buffer1/in_voltage0_en"), "0");
            assertErrno(Errno.ENODEV, "cf-ad9361-lpc/buffer1: IIO_BUFFER_GET_FD: the device has no buffer 1",
                    () -> a.openBuffer(1, a.mask("voltage0"), QueueConfig.defaults()));
            try (BlockQueue q = a.openBuffer(a.mask("voltage0"))) {
                assertErrno(Errno.EBUSY, "IIO_BUFFER_GET_FD: buffer 0 is already open",
                        () -> a.openBuffer(a.mask("voltage1")));
            }
        }
    }

    @Test
    void dmabufEnqueueErrorsReachTheApplicationsEnqueue() throws Exception {
        try (Context ctx = open()) {
            Device a = ctx.requireDevice("cf-ad9361-lpc");
            for (Errno e : new Errno[] {Errno.EINVAL, Errno.EPERM, Errno.EBUSY}) {
                try (BlockQueue q = a.openBuffer(0, a.mask("voltage0"), new QueueConfig(2, 4096))) {
                    q.allocate(2, 4096).forEach(q::enqueue);
                    kernel.failNext(Ioctl.IIO_BUFFER_DMABUF_ENQUEUE, e);
                    // Zero-copy: enabling submits the blocks, each an IIO_BUFFER_DMABUF_ENQUEUE.
                    assertErrno(e, "cf-ad9361-lpc/buffer0: IIO_BUFFER_DMABUF_ENQUEUE of DMABUF fd", q::enable);
                }
            }
            try (BlockQueue q = a.openBuffer(0, a.mask("voltage0"), new QueueConfig(2, 4096))) {
                q.allocate(2, 4096).forEach(q::enqueue);
                q.enable();
                var b = q.dequeue(5, TimeUnit.SECONDS);
                kernel.failNext(Ioctl.IIO_BUFFER_DMABUF_ENQUEUE, Errno.EBUSY);
                assertErrno(Errno.EBUSY, "IIO_BUFFER_DMABUF_ENQUEUE of DMABUF fd", () -> q.enqueue(b));
                assertEquals(io.jiio.buffer.BlockState.DEQUEUED, b.state(), "the block stays the application's");
                q.enqueue(b); // the kernel takes it this time
                q.enqueue(q.dequeue(5, TimeUnit.SECONDS));
            }
            assertEquals(kernel.mmaps, kernel.munmaps);
        }
    }

    @Test
    void blockErrorsNameTheCall() {
        try (Context ctx = open()) {
            adc.dmabuf = false;
            Device a = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = a.openBuffer(0, a.mask("voltage0"), new QueueConfig(2, 4096))) {
                assertEquals("block", q.dataPath());
                kernel.failNext(Ioctl.BLOCK_ALLOC, Errno.ENOMEM);
                assertErrno(Errno.ENOMEM, "BLOCK_ALLOC of 2 blocks of 4096 bytes: Cannot allocate memory",
                        () -> q.allocate(2, 4096));
                kernel.failNext(Ioctl.BLOCK_QUERY, Errno.EINVAL);
                assertErrno(Errno.EINVAL, "BLOCK_QUERY of block 0", () -> q.allocate(2, 4096));
                adc.grantLimit = 0;
                assertErrno(Errno.ENOMEM, "BLOCK_ALLOC granted no block", () -> q.allocate(2, 4096));
                adc.grantLimit = 1;
                assertEquals(1, q.allocate(2, 4096).size(), "the kernel may grant fewer blocks");
                q.free();
                adc.grantLimit = 64;
                q.allocate(2, 4096).forEach(q::enqueue);
                kernel.failNext(Ioctl.BLOCK_DEQUEUE, Errno.ENODEV);
                q.enable();
                // Device gone: the engine fails the queue, as on unplug. Closing disables first, so a
                // waiting dequeue may still get the aborted (empty) blocks before the kernel's error.
                IioException end = assertThrows(IioException.class, () -> {
                    while (true) {
                        assertEquals(0, q.dequeue(5, TimeUnit.SECONDS).bytesUsed());
                    }
                });
                assertEquals(Errno.ENODEV, end.errno(), end.getMessage());
                assertTrue(end.getMessage().contains("BLOCK_DEQUEUE"), "the application learns which call failed: "
                        + end.getMessage());
            }
            assertEquals(kernel.mmaps, kernel.munmaps, "failed allocations unmapped what they had mapped");
            assertTrue(adc.kblocks.isEmpty(), "BLOCK_FREE after every generation");
        }
    }

    /**
     * A cyclic block goes to the device as one staging buffer, so a larger one is refused, and the
     * error names the path's own kernel buffer. The buffer stays ours for the next block.
     */
    @Test
    void cyclicBlockLargerThanOneStagingBufferIsRefused() {
        open().close();
        int node = kernel.open(root.resolve("dev/iio:device1").toString(), Sys.O_RDWR);
        MemorySegment arg = arena.allocate(4);
        kernel.ioctl(node, Ioctl.IIO_BUFFER_GET_FD, arg);
        int dds = (int) BlockDescriptor.u32(arg, 0);
        MemorySegment src = arena.allocate(8192);
        Path heap = root.resolve("dev/dma_heap/system");
        for (StagingPath<?> path : new StagingPath<?>[] {
                new BlockPath(kernel, dds, 4, true, "dds"), new DmabufPath(kernel, dds, heap, 4, true, "dds")}) {
            String noun = path instanceof BlockPath ? "kernel block" : "DMABUF";
            try (Waiter waiter = new Waiter(kernel, kernel.eventfd(), () -> { })) {
                path.setup(4096, 1);
                for (int round = 0; round < 2; round++) {
                    assertErrno(Errno.EINVAL,
                            "dds: a cyclic block of 8192 bytes does not fit one " + noun + " of 4096 bytes",
                            () -> path.drain(src, 8192, true, waiter, () -> false));
                }
                assertTrue(path.drain(src, 4096, true, waiter, () -> false), "one that fits goes");
            } finally {
                path.teardown();
            }
        }
    }

    @Test
    void coupledChannelsAreReportedAndUndone() {
        try (Context ctx = open()) {
            // I and Q of one converter switch together.
            kernel.onWrite(adcDir().resolve("buffer0/in_voltage0_en"),
                    v -> Trees.write(adcDir().resolve("buffer0/in_voltage1_en"), v.trim()));
            Device a = ctx.requireDevice("cf-ad9361-lpc");
            assertErrno(Errno.EINVAL, "also enabled: voltage1", () -> a.openBuffer(a.mask("voltage0")));
            assertEquals("0", Trees.read(adcDir().resolve("buffer0/in_voltage0_en")));
            assertEquals("0", Trees.read(adcDir().resolve("buffer0/in_voltage1_en")));
            try (BlockQueue q = a.openBuffer(a.mask("voltage0", "voltage1"))) {
                assertEquals(4, q.scanBytes());
            }
        }
    }

    @Test
    void sysfsErrorsNameTheFile() {
        try (Context ctx = open()) {
            Device a = ctx.requireDevice("cf-ad9361-lpc");
            Path enable = adcDir().resolve("buffer0/enable");
            kernel.failWrite(enable, Errno.EBUSY);
            assertErrno(Errno.EBUSY, "write '0' to " + enable + ": Device or resource busy",
                    () -> a.openBuffer(a.mask("voltage0")));
            Path raw = adcDir().resolve("in_voltage0_calibbias");
            kernel.failWrite(raw, Errno.EINVAL);
            assertErrno(Errno.EINVAL, "write '9999' to " + raw + ": Invalid argument",
                    () -> a.requireChannel("voltage0").requireAttribute("calibbias").write("9999"));
            Trees.write(adcDir().resolve("in_voltage0_calibbias"), "0");
            try (BlockQueue q = a.openBuffer(0, a.mask("voltage0"), new QueueConfig(2, 4096))) {
                q.allocate(2, 4096).forEach(q::enqueue);
                kernel.failWrite(enable, Errno.EINVAL);
                // the "length" write comes first; fail it instead
                kernel.failWrite(adcDir().resolve("buffer0/length"), Errno.EINVAL);
                assertErrno(Errno.EINVAL, "buffer0/length", q::enable);
            }
        }
        assertErrno(Errno.ENOENT, "no IIO devices directory",
                () -> LocalBackend.open("local:sysfs=" + root.resolve("nowhere"), kernel));
    }

    @Test
    void allocationFailureGivesEverythingBack() {
        try (Context ctx = open()) {
            Device a = ctx.requireDevice("cf-ad9361-lpc");
            int fds = kernel.openFds();
            try (BlockQueue q = a.openBuffer(0, a.mask("voltage0"), new QueueConfig(3, 4096, Transfer.DMABUF))) {
                kernel.failNext(Ioctl.DMA_HEAP_IOCTL_ALLOC, Errno.ENOMEM);
                assertErrno(Errno.ENOMEM, "DMA_HEAP_IOCTL_ALLOC of 4096 bytes", () -> q.allocate(3, 4096));
                kernel.failNext(Ioctl.IIO_BUFFER_DMABUF_ATTACH, Errno.EBUSY);
                assertErrno(Errno.EBUSY, "IIO_BUFFER_DMABUF_ATTACH of DMABUF fd", () -> q.allocate(3, 4096));
                assertTrue(q.blocks().isEmpty());
            }
            assertEquals(fds, kernel.openFds(), "no DMABUF or buffer fd left open");
            assertEquals(kernel.mmaps, kernel.munmaps);
        }
    }

    @Test
    void stagingLengthFailureOnEnable() {
        try (Context ctx = open()) {
            Device a = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = a.openBuffer(0, a.mask("voltage0"), new QueueConfig(2, 4096))) {
                q.allocate(2, 4096).forEach(q::enqueue);
                kernel.failWrite(adcDir().resolve("buffer0/length"), Errno.EINVAL);
                assertErrno(Errno.EINVAL, "enable (dmabuf): write '4096' to " + adcDir().resolve("buffer0/length"),
                        q::enable);
            }
            assertEquals(kernel.mmaps, kernel.munmaps);
        }
    }
}
