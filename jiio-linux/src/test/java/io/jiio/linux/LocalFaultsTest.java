package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a real kernel did to local: that the fake tree did not: a device removed mid-capture, a
 * buffer disabled by someone else, a triggered device without a trigger, a second reader of a busy
 * device. Each must end with a clear error naming the device, never a hang or a stopped neighbour.
 */
@Timeout(60)
class LocalFaultsTest {
    @TempDir
    Path root;
    final FakeKernel kernel = new FakeKernel();
    private FakeKernel.FakeDevice adc;

    private Path devDir(String id) {
        return root.resolve("bus/iio/devices").resolve(id);
    }

    /** cf-ad9361-lpc (iio:device2) as a fake device; dmabuf, blocks or neither (fileio through the fake: none). */
    private Context ad9361(String path) {
        Trees.ad9361(root);
        kernel.heap(root.resolve("dev/dma_heap/system"));
        adc = kernel.buffer(root.resolve("dev/iio:device2"), devDir("iio:device2").resolve("buffer0"), false);
        FakeKernel.FakeDevice dds = kernel.buffer(root.resolve("dev/iio:device1"), devDir("iio:device1").resolve("buffer0"), true);
        for (FakeKernel.FakeDevice d : List.of(adc, dds)) {
            d.dmabuf = path.equals("dmabuf");
            d.blocks = path.equals("block");
        }
        return LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel);
    }

    private static BlockQueue capture(Device d) {
        BlockQueue q = d.openBuffer(0, d.mask("voltage0", "voltage1"), new QueueConfig(4, 4096));
        q.allocate(4, 4096).forEach(q::enqueue);
        q.enable();
        Block b = q.dequeue(5, TimeUnit.SECONDS);
        assertNotNull(b);
        q.enqueue(b);
        return q;
    }

    /** Dequeues until the queue fails; returns the failure, which must come within a few seconds. */
    private static IioException failure(BlockQueue q) {
        long t0 = System.nanoTime();
        IioException e = assertThrows(IioException.class, () -> {
            while (true) {
                q.enqueue(q.dequeue(10, TimeUnit.SECONDS));
            }
        });
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "reported within seconds");
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dmabuf", "block"})
    void aDeviceRemovedMidCaptureEndsItWithTheDevicesName(String path) throws Exception {
        try (Context ctx = ad9361(path)) {
            Device d = ctx.requireDevice("cf-ad9361-lpc");
            java.util.logging.Logger linux = java.util.logging.Logger.getLogger("io.jiio.linux");
            List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.logging.Handler h = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord r) {
                    if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                        warnings.add(r.getMessage());
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            linux.addHandler(h);
            try {
                try (BlockQueue q = capture(d)) {
                    kernel.remove(adc, devDir("iio:device2"));
                    IioException e = failure(q);
                    assertEquals(Errno.ENODEV, e.errno(), e.getMessage());
                    assertTrue(e.getMessage().contains("iio:device2") && e.getMessage().contains("gone"), e.getMessage());
                }
                // Closing a capture of a device that is gone has nothing to undo: the failure above
                // is the one message, not followed by a warning per sysfs file that went with it.
                assertEquals(List.of(), warnings);
            } finally {
                linux.removeHandler(h);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dmabuf", "block"})
    void aBufferDisabledBySomeoneElseEndsTheCaptureWithWhy(String path) throws Exception {
        try (Context ctx = ad9361(path)) {
            Device d = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = capture(d)) {
                kernel.externalWrite(devDir("iio:device2").resolve("buffer0/enable"), "0");
                IioException e = failure(q);
                assertEquals(Errno.ECANCELED, e.errno(), e.getMessage());
                assertTrue(e.getMessage().contains("disabled by someone else"), e.getMessage());
            }
        }
    }

    @Test
    void aSecondReaderOfABusyDeviceIsRefusedWithoutStoppingTheFirst() {
        try (Context ctx = ad9361("block")) {
            Device d = ctx.requireDevice("cf-ad9361-lpc");
            try (BlockQueue first = capture(d)) {
                IioException e = assertThrows(IioException.class,
                        () -> d.openBuffer(0, d.mask("voltage0"), new QueueConfig(4, 4096)));
                assertEquals(Errno.EBUSY, e.errno(), e.getMessage());
                assertTrue(e.getMessage().contains("busy"), e.getMessage());
                assertEquals("1", Trees.read(devDir("iio:device2").resolve("buffer0/enable")), "the first is untouched");
                // Another process (another context: its own open of the node) is refused at the node.
                try (Context other = LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel)) {
                    Device o = other.requireDevice("cf-ad9361-lpc");
                    IioException busy = assertThrows(IioException.class,
                            () -> o.openBuffer(0, o.mask("voltage0"), new QueueConfig(4, 4096)));
                    assertEquals(Errno.EBUSY, busy.errno(), busy.getMessage());
                    assertTrue(busy.getMessage().contains("open in another process"), busy.getMessage());
                }
                assertEquals("1", Trees.read(devDir("iio:device2").resolve("buffer0/enable")), "still untouched");
                for (int i = 0; i < 10; i++) {
                    first.enqueue(first.dequeue(5, TimeUnit.SECONDS)); // and keeps streaming
                }
            }
        }
    }

    @Test
    void aBufferEnabledByAnotherUserIsLeftAlone() throws Exception {
        try (Context ctx = ad9361("block")) {
            Trees.write(devDir("iio:device2").resolve("buffer0/enable"), "1"); // enabled from a shell, say
            Device d = ctx.requireDevice("cf-ad9361-lpc");
            IioException e = assertThrows(IioException.class,
                    () -> d.openBuffer(0, d.mask("voltage0"), new QueueConfig(4, 4096)));
            assertEquals(Errno.EBUSY, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("enabled by another user"), e.getMessage());
            assertEquals("1", Trees.read(devDir("iio:device2").resolve("buffer0/enable")));
        }
    }

    @Test
    void aTriggeredDeviceWithoutATriggerSaysSoAndListsTheTriggers() {
        Trees.iioDummy(root);
        FakeKernel.FakeDevice dummy = kernel.buffer(root.resolve("dev/iio:device0"), devDir("iio:device0").resolve("buffer0"), false);
        dummy.dmabuf = false;
        dummy.blocks = true;
        dummy.needsTrigger = devDir("iio:device0").resolve("trigger/current_trigger");
        try (Context ctx = LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel)) {
            Device d = ctx.requireDevice("iio_dummy_part_no");
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0"), new QueueConfig(4, 4096))) {
                q.allocate(4, 4096).forEach(q::enqueue);
                IioException e = assertThrows(IioException.class, q::enable);
                assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
                assertTrue(e.getMessage().contains("needs a trigger") && e.getMessage().contains("sysfstrig1 (trigger0)")
                        && e.getMessage().contains("-t TRIGGER"), e.getMessage());
            }
            d.setTrigger(ctx.requireDevice("trigger0"));
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0"), new QueueConfig(4, 4096))) {
                q.allocate(4, 4096).forEach(q::enqueue);
                q.enable(); // with a trigger set, enable works
                q.disable();
            }
        }
    }
}
