package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jiio info}, {@code attr} and {@code read} on {@code local:} over a generated sysfs tree,
 * with a FIFO standing in for the device node (the read() path, as on a kernel without the
 * high-speed interfaces).
 */
@Timeout(60)
class LocalCliTest {
    @TempDir
    Path root;

    private String uri() {
        return "local:sysfs=" + root + ",dev=" + root.resolve("dev");
    }

    private void file(String rel, String value) throws IOException {
        Path p = root.resolve("bus/iio/devices/iio:device0").resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, value + "\n");
    }

    private void tree() throws Exception {
        file("name", "adc-x");
        file("in_voltage0_raw", "12");
        file("in_voltage_scale", "0.5");
        file("sampling_frequency", "1000");
        for (int i = 0; i < 2; i++) {
            file("scan_elements/in_voltage" + i + "_en", "0");
            file("scan_elements/in_voltage" + i + "_index", Integer.toString(i));
            file("scan_elements/in_voltage" + i + "_type", "le:s16/16>>0");
        }
        for (String a : new String[] {"enable", "length", "watermark"}) {
            file("buffer/" + a, "0");
        }
        Files.createDirectories(root.resolve("dev"));
        Process mk = new ProcessBuilder("mkfifo", root.resolve("dev/iio:device0").toString()).start();
        assertEquals(0, mk.waitFor());
    }

    @Test
    void infoShowsTheTreeAndTheDataPath() throws Exception {
        tree();
        Cli.Result r = Cli.run("info", "-u", uri());
        assertEquals(0, r.exitCode(), r.toString());
        String out = r.stdout();
        assertTrue(out.contains("IIO context created with local backend."), out);
        assertTrue(out.contains("local,transfer,iio:device0: fileio"), out);
        assertTrue(out.contains("iio:device0: adc-x (buffer capable)"), out);
        assertTrue(out.contains("voltage0:  (input, index: 0, format: le:S16/16>>0)"), out);
        assertTrue(out.contains("attr  1: scale value: 0.5"), out);
        assertTrue(out.contains("attr  0: sampling_frequency value: 1000"), out);

        Cli.Result w = Cli.run("attr", "-u", uri(), "-c", "adc-x", "voltage0", "raw", "99");
        assertEquals(0, w.exitCode(), w.toString());
        assertEquals("99", Files.readString(root.resolve("bus/iio/devices/iio:device0/in_voltage0_raw")).trim());
    }

    @Test
    void readThroughTheFifoWithStats() throws Exception {
        tree();
        int scans = 3000;
        // Opened read-write, so the pipe (and what is written into it) lives while jiio opens and
        // closes its own ends; all of it fits the pipe's 64 KiB buffer.
        Cli.Result r;
        try (RandomAccessFile fifo = new RandomAccessFile(root.resolve("dev/iio:device0").toFile(), "rw")) {
            ByteBuffer b = ByteBuffer.allocate(scans * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int n = 0; n < scans; n++) {
                b.putShort((short) n).putShort((short) ~n);
            }
            fifo.write(b.array());
            r = Cli.run("read", "-u", uri(), "-b", "100", "-s", Integer.toString(scans), "--stats",
                    "adc-x", "voltage0", "voltage1");
        }
        assertEquals(0, r.exitCode(), r.toString());
        ByteBuffer got = ByteBuffer.wrap(r.stdoutBytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(scans * 4, got.capacity());
        for (int n = 0; n < scans; n++) {
            assertEquals((short) n, got.getShort());
            assertEquals((short) ~n, got.getShort());
        }
        assertTrue(r.stderr().contains("jiio read: mode block (kernel: fileio), 30 blocks, 3000 scans"), r.stderr());
    }

    @Test
    void forcedModeTheKernelLacksIsADeviceError() throws Exception {
        tree();
        Cli.Result r = Cli.run("read", "-u", uri(), "--mode", "dmabuf", "-s", "10", "adc-x");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("--mode dmabuf: DMABUF path unavailable: no DMA heap"), r.stderr());
    }

    /** --scaled names a unit only where the kernel gives a scale: a channel without one stays in raw counts. */
    @Test
    void scaledValuesClaimAUnitOnlyWhereTheChannelHasAScale() throws Exception {
        tree();
        file("in_accel_x_raw", "344");
        file("scan_elements/in_accel_x_en", "0");
        file("scan_elements/in_accel_x_index", "2");
        file("scan_elements/in_accel_x_type", "le:s16/16>>0");
        Cli.Result r;
        try (RandomAccessFile fifo = new RandomAccessFile(root.resolve("dev/iio:device0").toFile(), "rw")) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) 4).putShort((short) 344); // one scan: voltage0, accel_x
            fifo.write(b.array());
            r = Cli.run("read", "-u", uri(), "-s", "1", "--format", "csv", "--scaled", "adc-x", "voltage0", "accel_x");
        }
        assertEquals(0, r.exitCode(), r.toString());
        String[] lines = r.stdout().split("\n");
        assertEquals("voltage0 (mV),accel_x", lines[0], r.stdout());
        assertEquals("2.00000,344", lines[1], r.stdout());
    }
}
