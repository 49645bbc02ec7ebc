package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.buffer.Transfer;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.util.List;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read()/write() path against a FIFO standing in for {@code /dev/iio:deviceX}: a FIFO answers
 * IIO_BUFFER_GET_FD and BLOCK_FREE with ENOTTY and there is no DMA heap, so the backend falls back
 * to fileio exactly as on an old kernel — with real syscalls, poll() and the cancel eventfd.
 */
@Timeout(60)
class FileIoFifoTest {
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path root;

    private Path fifo(String id) throws Exception {
        Path p = root.resolve("dev").resolve(id);
        Trees.mkdirs(p.getParent());
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return p;
    }

    private Context open() {
        return Context.open("local:sysfs=" + root + ",dev=" + root.resolve("dev"));
    }

    private Path dev(String id) {
        return root.resolve("bus/iio/devices").resolve(id);
    }

    @Test
    void captureThroughReadWithTheOpenSequenceInSysfs() throws Exception {
        Trees.iioDummy(root);
        Path node = fifo("iio:device0");
        int scans = 4096;
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        try (Context ctx = open()) {
            assertEquals("fileio", ctx.attributes().get("local,transfer,iio:device0"));
            Device d = ctx.requireDevice("iio_dummy_part_no");
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0", "accel_x"), new QueueConfig(4, 1024))) {
                assertEquals("fileio", q.dataPath());
                assertEquals(4, q.scanBytes());
                assertEquals("1", Trees.read(dev("iio:device0").resolve("buffer0/in_voltage0_en")));
                assertEquals("1", Trees.read(dev("iio:device0").resolve("buffer0/in_accel_x_en")));
                assertEquals("0", Trees.read(dev("iio:device0").resolve("buffer0/in_timestamp_en")));
                assertEquals("0", Trees.read(dev("iio:device0").resolve("buffer0/enable")));
                q.allocate(4, 1024).forEach(q::enqueue);
                q.enable();
                assertEquals("1", Trees.read(dev("iio:device0").resolve("buffer0/enable")));
                assertEquals("1024", Trees.read(dev("iio:device0").resolve("buffer0/length")), "4 blocks × 256 scans");
                assertEquals("256", Trees.read(dev("iio:device0").resolve("buffer0/watermark")));
                Thread writer = Thread.ofPlatform().start(() -> {
                    try (OutputStream out = new FileOutputStream(node.toFile())) {
                        // Odd-sized writes: reads may then end mid-scan, which the path must complete.
                        ByteBuffer b = ByteBuffer.allocate(scans * 4).order(ByteOrder.LITTLE_ENDIAN);
                        for (int n = 0; n < scans; n++) {
                            b.putShort((short) n).putShort((short) -n);
                        }
                        byte[] all = b.array();
                        for (int off = 0; off < all.length; off += 999) {
                            out.write(all, off, Math.min(999, all.length - off));
                            out.flush();
                        }
                    } catch (IOException e) {
                        writerFailed.set(e);
                    }
                });
                int n = 0;
                while (n < scans) {
                    Block b = q.dequeue(10, TimeUnit.SECONDS);
                    assertEquals(1024, b.bytesUsed());
                    MemorySegment m = b.segment();
                    for (int i = 0; i < 256; i++, n++) {
                        assertEquals((short) n, m.get(LE16, i * 4L), "voltage0 of scan " + n);
                        assertEquals((short) -n, m.get(LE16, i * 4L + 2), "accel_x of scan " + n);
                    }
                    q.enqueue(b);
                }
                writer.join();
                q.disable();
                assertEquals("0", Trees.read(dev("iio:device0").resolve("buffer0/enable")));
            }
            assertEquals("0", Trees.read(dev("iio:device0").resolve("buffer0/in_voltage0_en")),
                    "channels disabled again on close");
        }
        assertEquals(null, writerFailed.get());
    }

    @Test
    void disableCancelsAWaitingReadPromptly() throws Exception {
        Trees.iioDummy(root);
        fifo("iio:device0");
        try (Context ctx = open()) {
            Device d = ctx.requireDevice("iio_dummy_part_no");
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0"), new QueueConfig(2, 512))) {
                q.allocate(2, 512).forEach(q::enqueue);
                q.enable();
                assertEquals(null, q.tryDequeue());
                long t0 = System.nanoTime();
                q.disable(); // the engine thread sits in poll(): the eventfd must wake it
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
                Block b = q.dequeue(1, TimeUnit.SECONDS);
                assertEquals(0, b.bytesUsed(), "aborted blocks come back empty");
            }
        }
    }

    @Test
    void playbackThroughWrite() throws Exception {
        Trees.ad9361(root);
        Path node = fifo("iio:device1");
        int scans = 2048;
        byte[] got = new byte[scans * 4];
        try (Context ctx = open()) {
            Device dds = ctx.requireDevice("cf-ad9361-dds-core-lpc");
            try (BlockQueue q = dds.openBuffer(0, dds.mask("voltage0", "voltage1"), new QueueConfig(2, 2048))) {
                assertEquals("fileio", q.dataPath());
                assertEquals("1", Trees.read(dev("iio:device1").resolve("buffer0/out_voltage1_en")),
                        "buffer0/ holds the enables when the kernel has it");
                Thread reader;
                try (InputStream in = new FileInputStream(node.toFile())) {
                    reader = Thread.ofPlatform().start(() -> {
                        try {
                            int off = 0;
                            while (off < got.length) {
                                int r = in.read(got, off, got.length - off);
                                if (r < 0) {
                                    break;
                                }
                                off += r;
                            }
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    var blocks = q.allocate(2, 2048);
                    int n = 0;
                    for (int round = 0; round < scans / 512; round++) {
                        Block b = round < 2 ? blocks.get(round) : q.dequeue(10, TimeUnit.SECONDS);
                        MemorySegment m = b.segment();
                        for (int i = 0; i < 512; i++, n++) {
                            m.set(LE16, i * 4L, (short) n);
                            m.set(LE16, i * 4L + 2, (short) (n * 3));
                        }
                        q.enqueue(b, 2048, 0);
                        if (round == 1) {
                            q.enable();
                        }
                    }
                    reader.join(10_000);
                }
            }
        }
        ByteBuffer b = ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < scans; n++) {
            assertEquals((short) n, b.getShort(), "voltage0 of scan " + n);
            assertEquals((short) (n * 3), b.getShort(), "voltage1 of scan " + n);
        }
    }

    @Test
    void forcedPathsThatAreMissingSayWhy() throws Exception {
        Trees.iioDummy(root);
        fifo("iio:device0");
        try (Context ctx = open()) {
            Device d = ctx.requireDevice("iio_dummy_part_no");
            IioException e = assertThrows(IioException.class, () -> d.openBuffer(0, d.mask("voltage0"),
                    new QueueConfig(2, 512, Transfer.DMABUF)));
            assertEquals(Errno.EOPNOTSUPP, e.errno());
            assertTrue(e.getMessage().contains("no DMA heap " + root.resolve("dev/dma_heap/system")), e.getMessage());
            IioException b = assertThrows(IioException.class, () -> d.openBuffer(0, d.mask("voltage0"),
                    new QueueConfig(2, 512, Transfer.BLOCK)));
            assertEquals(Errno.EOPNOTSUPP, b.errno());
            assertTrue(b.getMessage().contains("BLOCK_FREE answered ENOTTY"), b.getMessage());
            // Nothing was left open: the buffer can still be opened with the path that exists.
            try (BlockQueue q = d.openBuffer(0, d.mask("voltage0"), new QueueConfig(2, 512, Transfer.FILEIO))) {
                assertEquals("fileio", q.dataPath());
            }
        }
        try (Context forced = Context.open("local:sysfs=" + root + ",dev=" + root.resolve("dev") + ",mode=block")) {
            Device d = forced.requireDevice("iio_dummy_part_no");
            assertEquals(Errno.EOPNOTSUPP, assertThrows(IioException.class,
                    () -> d.openBuffer(d.mask("voltage0"))).errno());
        }
    }

    @Test
    void missingDeviceNodeAndBufferNameTheFile() {
        Trees.iioDummy(root);
        try (Context ctx = open()) {
            Device d = ctx.requireDevice("iio_dummy_part_no");
            IioException e = assertThrows(IioException.class, () -> d.openBuffer(d.mask("voltage0")));
            assertEquals(Errno.ENOENT, e.errno());
            assertTrue(e.getMessage().contains(root.resolve("dev/iio:device0").toString()), e.getMessage());
            IioException b = assertThrows(IioException.class,
                    () -> d.openBuffer(3, d.mask("voltage0"), QueueConfig.defaults()));
            assertEquals(Errno.ENOENT, b.errno());
            assertTrue(b.getMessage().contains("no buffer3 directory"), b.getMessage());
        }
    }

    /** A kernel before 5.11: only scan_elements/ and buffer/, no bufferN/, no IIO_BUFFER_GET_FD. */
    @Test
    void oldKernelLayout() throws Exception {
        Trees.Dev d = new Trees.Dev(root, "iio:device0").file("name", "old-adc").buffer("buffer")
                .scan("in_voltage0", 0, "be:s12/16>>4", false).scan("in_voltage1", 1, "be:s12/16>>4", false);
        fifo("iio:device0");
        try (Context ctx = open();
             RandomAccessFile in = new RandomAccessFile(root.resolve("dev/iio:device0").toFile(), "rw")) {
            Device dev = ctx.requireDevice("old-adc");
            assertEquals(List.of("data_available", "enable", "length", "length_align_bytes", "watermark"),
                    dev.bufferAttributes().stream().map(io.jiio.model.Attribute::name).toList());
            in.write(new byte[] {0x12, 0x30, 0x45, 0x60, 0x12, 0x30, 0x45, 0x60});
            try (BlockQueue q = dev.openBuffer(0, dev.mask("voltage1"), new QueueConfig(2, 4))) {
                assertEquals("1", Trees.read(d.dir.resolve("scan_elements/in_voltage1_en")));
                assertEquals("0", Trees.read(d.dir.resolve("scan_elements/in_voltage0_en")));
                q.allocate(2, 4).forEach(q::enqueue);
                q.enable();
                assertEquals("1", Trees.read(d.dir.resolve("buffer/enable")));
                Block b = q.dequeue(5, TimeUnit.SECONDS);
                assertEquals(4, b.bytesUsed());
                assertEquals(0x123, dev.requireChannel("voltage1").format().extract(b.segment(), 0));
            }
        }
    }
}
