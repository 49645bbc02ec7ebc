package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Attribute;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jiio serve -u local:sysfs=…,dev=…} end to end: the iiod server serves the local context
 * built from the iio_dummy tree, and jiio's own {@code ip:} client sees the same devices,
 * channels and values, writes attributes into the tree and streams samples that come out of
 * a FIFO standing in for {@code /dev/iio:device0}.
 */
@Timeout(60)
class ServeLocalTest {
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path root;

    @Test
    void servedLocalContextReadsTheSameOverIp() throws Exception {
        Trees.iioDummy(root);
        Trees.mkdirs(root.resolve("dev"));
        Process mk = new ProcessBuilder("mkfifo", root.resolve("dev/iio:device0").toString()).start();
        assertEquals(0, mk.waitFor());
        int scans = 2000;
        try (RandomAccessFile fifo = new RandomAccessFile(root.resolve("dev/iio:device0").toFile(), "rw");
             IiodServer server = IiodServer.start(
                     Context.open("local:sysfs=" + root + ",dev=" + root.resolve("dev")),
                     InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
             Context net = Context.open("ip:127.0.0.1:" + server.port())) {
            Context local = server.context();
            assertEquals(local.devices().size(), net.devices().size());
            for (Device ld : local.devices()) {
                Device nd = net.requireDevice(ld.id());
                assertEquals(ld.name(), nd.name());
                assertEquals(ld.channels().size(), nd.channels().size(), ld.id());
                for (Channel lc : ld.channels()) {
                    Channel nc = nd.channel(lc.id(), lc.direction()).orElseThrow(() -> new AssertionError(lc.id()));
                    assertEquals(lc.scanIndex(), nc.scanIndex(), lc.id());
                    assertEquals(lc.format(), nc.format(), lc.id());
                    for (Attribute a : lc.attributes()) {
                        assertEquals(a.read(), nc.requireAttribute(a.name()).read(), a.describe());
                    }
                }
            }
            Device nd = net.requireDevice("iio_dummy_part_no");
            nd.requireChannel("accel_x").requireAttribute("calibbias").write("-9");
            assertEquals("-9", Trees.read(root.resolve("bus/iio/devices/iio:device0/in_accel_x_calibbias")));

            ByteBuffer data = ByteBuffer.allocate(scans * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int n = 0; n < scans; n++) {
                data.putShort((short) n).putShort((short) (1000 - n));
            }
            fifo.write(data.array());
            try (BlockQueue q = nd.openBuffer(0, nd.mask("voltage0", "accel_x"), new QueueConfig(2, 400))) {
                q.allocate(2, 400).forEach(q::enqueue);
                q.enable();
                int n = 0;
                while (n < scans) {
                    Block b = q.dequeue(10, TimeUnit.SECONDS);
                    MemorySegment m = b.segment();
                    for (long off = 0; off < b.bytesUsed(); off += 4, n++) {
                        assertEquals((short) n, m.get(LE16, off), "voltage0 of scan " + n);
                        assertEquals((short) (1000 - n), m.get(LE16, off + 2), "accel_x of scan " + n);
                    }
                    q.enqueue(b);
                }
                assertTrue(n >= scans);
            }
        }
    }

    /** The same over the zero-copy DMABUF path (fake kernel): the server streams kernel DMABUFs. */
    @Test
    void servedOverTheDmabufPath() throws Exception {
        Trees.ad9361(root);
        FakeKernel kernel = new FakeKernel();
        kernel.heap(root.resolve("dev/dma_heap/system"));
        kernel.buffer(root.resolve("dev/iio:device2"), root.resolve("bus/iio/devices/iio:device2/buffer0"), false);
        try (IiodServer server = IiodServer.start(
                     LocalBackend.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"), kernel),
                     InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
             Context net = Context.open("ip:127.0.0.1:" + server.port())) {
            Device adc = net.requireDevice("cf-ad9361-lpc");
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0", "voltage1"), new QueueConfig(2, 4096))) {
                q.allocate(2, 4096).forEach(q::enqueue);
                q.enable();
                int n = 0;
                for (int i = 0; i < 10; i++) {
                    Block b = q.dequeue(10, TimeUnit.SECONDS);
                    MemorySegment m = b.segment();
                    for (long off = 0; off < b.bytesUsed(); off += 2, n++) {
                        assertEquals((short) n, m.get(LE16, off), "sample " + n);
                    }
                    q.enqueue(b);
                }
            }
            assertTrue(kernel.log.contains("IIO_BUFFER_DMABUF_ENQUEUE"), kernel.log.toString());
        }
    }
}
