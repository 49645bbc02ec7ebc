package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.buffer.BlockQueue;
import io.jiio.model.AttributeKind;
import io.jiio.model.ChannelMask;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.ScanLayout;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import io.jiio.recording.DataSink;
import io.jiio.recording.FileChannelSink;
import io.jiio.recording.Recorder;
import io.jiio.recording.SigmfFiles;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The page end to end in headless Chromium on the other kinds of context, as {@link ScopePageTest}
 * does on {@code sim:}: {@code ip:} (an iiod server in this test, serving the sim),
 * {@code sigmf:} (a recording of the sim made in this test, with a stall in it) and
 * {@code local:} (a generated sysfs tree, with a FIFO standing in for {@code /dev/iio:device0} —
 * a fake device: the backend's real code, real files and system calls, no kernel driver). On each:
 * the plots come, the spectral peak is where the signal puts it, an attribute edited on the page
 * reaches the device, and what the context says about writability is shown.
 */
@Timeout(180)
class ScopeContextsPageTest {
    private static Browser browser;

    @TempDir
    Path dir;

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Context ctx;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        browser.driver.get("about:blank"); // the page leaves: the capture stops
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        open.push(c);
        return c;
    }

    private void scope(String uri, ScopeConfig cfg) {
        page(closeLater(Context.open(uri)), cfg);
    }

    private void page(Context c, ScopeConfig cfg) {
        ctx = c;
        ScopeServer scope = closeLater(ScopeServer.start(ctx, cfg.withLog(log::add)));
        browser.onFailureTell(() -> "scope log: " + log);
        browser.driver.get(scope.url().toString());
    }

    private String access(String device, int channel, String kind, String name) {
        browser.attributeInput(device, channel, kind, name);
        return browser.driver.findElement(By.cssSelector(Browser.attributeRow(device, channel, kind, name)))
                .getDomAttribute("data-access");
    }

    /** Writes on the page and waits for the confirmation. */
    private void write(String device, int channel, String kind, String name, String value) {
        WebElement input = browser.attributeInput(device, channel, kind, name);
        Browser.type(input, value);
        browser.waitUntil("the write of " + name + " is confirmed",
                () -> input.getDomProperty("className").contains("written"));
    }

    @Test
    void onIpThroughAnIiodServer() throws IOException {
        // 102400 scans/s, a period of 256 scans: 400 Hz
        Context sim = closeLater(Context.open("sim:sim-adc.sampling_frequency=102400,sim-adc.waveform_period=256"));
        IiodServer server = closeLater(IiodServer.start(sim, InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults()));
        String uri = "ip:127.0.0.1:" + server.port();
        scope(uri, ScopeConfig.of(uri));
        browser.waitForPlots();
        browser.waitUntil("the peak of voltage0 settles at 400 Hz", () -> Math.abs(browser.peakHz("voltage0") - 400) < 12.5);
        assertTrue(browser.text("capture-desc").startsWith("sim-adc: voltage0 voltage1"), browser.text("capture-desc"));
        assertTrue(browser.text("fig-rate").contains("102.4 kHz"), browser.text("fig-rate"));

        // over ip: nothing says what is writable: every field is offered, and the device answers
        assertEquals("unknown", access("iio:device0", 0, "CHANNEL", "raw"));
        write("iio:device0", 0, "CHANNEL", "scale", "0.5");
        assertEquals("0.5", sim.requireDevice("sim-adc").requireChannel("voltage0").requireAttribute("scale").read(),
                "the write went through the server to the device");
        WebElement raw = browser.attributeInput("iio:device0", 0, "CHANNEL", "raw");
        Browser.type(raw, "7");
        WebElement error = browser.waitFor(By.cssSelector(Browser.attributeRow("iio:device0", 0, "CHANNEL", "raw") + " .err"));
        browser.waitUntil("the refusal is shown in place", () -> !error.getText().isEmpty());
        assertTrue(error.getText().startsWith("rejected: ") && error.getText().contains("EACCES"), error.getText());
        browser.waitUntil("a field refused as read-only is read-only from then on",
                () -> "true".equals(raw.getDomProperty("readOnly")));
        assertTrue(log.stream().anyMatch(l -> l.contains("rejected") && l.contains("voltage0/raw")), log.toString());
        browser.screenshot("ip");
    }

    @Test
    void onASigmfRecordingWithALossInIt() throws Exception {
        // 200 kHz, a period of 512 scans: 390.625 Hz; a stall of 300 ms while recording (60000
        // scans, against 8000 of buffering) leaves a loss in the recording, which the replay gives
        // back at the same place on every pass
        SigmfFiles files = SigmfFiles.of(dir.resolve("sine"));
        Recorder.Result r;
        try (Context sim = Context.open("sim:sim-adc.sampling_frequency=200000,sim-adc.waveform_period=512")) {
            Device adc = sim.requireDevice("sim-adc");
            ChannelMask mask = adc.mask("voltage0", "voltage1");
            ScanLayout layout = ScanLayout.of(adc, mask);
            try (BlockQueue q = adc.openBuffer(mask)) {
                q.allocate(4, 2000L * layout.scanBytes()).forEach(q::enqueue);
                q.enable();
                boolean[] stalled = {false};
                try (DataSink sink = new FileChannelSink(files.data(), "")) {
                    r = Recorder.record(q, adc, layout, 100_000, sink, files, "jiio scope test", () -> false,
                            (scans, bytes, lost) -> {
                                if (!stalled[0] && scans >= 40_000) {
                                    stalled[0] = true;
                                    sleep(300);
                                }
                            }, 10_000);
                } finally {
                    q.disable();
                }
            }
        }
        assertTrue(r.lostScans() > 0, "the stall lost scans in the recording");

        String uri = "sigmf:" + files.meta() + ",loop=1";
        scope(uri, ScopeConfig.of(uri));
        browser.waitForPlots();
        browser.waitUntil("the peak of voltage0 settles at 390.6 Hz",
                () -> Math.abs(browser.peakHz("voltage0") - 390.625) < 24.4);
        assertTrue(browser.text("capture-desc").startsWith("sim-adc: voltage0 voltage1 at 200 kHz"),
                browser.text("capture-desc"));
        browser.waitUntil("the recorded loss shows", () -> browser.dataLong("fig-lost", "data-lost") > 0);
        assertTrue(browser.waitFor(By.id("loss-banner")).getText().startsWith("Scans lost:"));

        // a recording's rate and loop can be set; what it recorded cannot, and the page says so
        assertEquals("read-only", access("iio:device0", 0, "CHANNEL", "scale"));
        assertEquals("true", browser.attributeInput("iio:device0", 0, "CHANNEL", "scale").getDomProperty("readOnly"));
        assertEquals("writable", access("iio:device0", -1, "DEVICE", "sampling_frequency"));
        // the replay takes its pace at enable: the scope restarts it around the write (EBUSY),
        // so the replay's pace and the page's frequency axis change together
        write("iio:device0", -1, "DEVICE", "sampling_frequency", "100000");
        assertEquals("100000", ctx.requireDevice("sim-adc").requireAttribute(AttributeKind.DEVICE, "sampling_frequency").read());
        assertTrue(browser.driver.findElement(By.cssSelector(
                Browser.attributeRow("iio:device0", -1, "DEVICE", "sampling_frequency") + " .note")).getText()
                .contains("capture was restarted"));
        browser.waitUntil("the frequency axis follows the new rate: the peak moves to 195.3 Hz",
                () -> Math.abs(browser.peakHz("voltage0") - 195.3125) < 12.2);
        browser.waitUntil("the replay runs at the new pace", () -> browser.text("fig-rate").equals("100 kHz")
                && browser.text("fig-sps").endsWith("kscans/s") && measured() < 150_000);
        browser.screenshot("sigmf");
    }

    /** The measured scan rate the page shows, in scans per second. */
    private double measured() {
        String t = browser.text("fig-sps"); // "100.2 kscans/s"
        return Double.parseDouble(t.substring(0, t.indexOf(' '))) * (t.contains("kscans") ? 1e3 : t.contains("Mscans") ? 1e6 : 1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A sysfs tree of one ADC, {@code fake-adc} (two s16 channels at a nominal 8 kHz), as the kernel
     * lays it out: the raw values and the buffer's data_available without a write bit, as sysfs
     * gives files without a store function.
     */
    private Path fakeAdc(Path root) throws Exception {
        Path d = root.resolve("bus/iio/devices/iio:device0");
        file(d.resolve("name"), "fake-adc", "r--r--r--");
        file(d.resolve("sampling_frequency"), "8000", "rw-r--r--");
        for (int i = 0; i < 2; i++) {
            file(d.resolve("in_voltage" + i + "_raw"), "0", "r--r--r--");
            file(d.resolve("in_voltage" + i + "_scale"), "0.5", "rw-r--r--");
            file(d.resolve("in_voltage" + i + "_calibbias"), "0", "rw-r--r--");
            file(d.resolve("scan_elements/in_voltage" + i + "_en"), "0", "rw-r--r--");
            file(d.resolve("scan_elements/in_voltage" + i + "_index"), Integer.toString(i), "r--r--r--");
            file(d.resolve("scan_elements/in_voltage" + i + "_type"), "le:s16/16>>0", "r--r--r--");
        }
        for (String a : new String[] {"enable", "length", "watermark"}) {
            file(d.resolve("buffer/" + a), "0", "rw-r--r--");
        }
        file(d.resolve("buffer/data_available"), "0", "r--r--r--");
        Files.createDirectories(root.resolve("dev"));
        Process mk = new ProcessBuilder("mkfifo", root.resolve("dev/iio:device0").toString()).start();
        assertEquals(0, mk.waitFor());
        return root.resolve("dev/iio:device0");
    }

    private static void file(Path p, String value, String mode) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, value + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    /**
     * Feeds the FIFO a sine of period 32 scans on voltage0 and its cosine on voltage1, 1024 scans
     * at a time, until closed; then lets a blocked write go by draining the pipe.
     */
    private static final class SineFeeder implements AutoCloseable {
        private final Path fifo;
        private final RandomAccessFile out;
        private final Thread thread;
        private volatile boolean stop;

        SineFeeder(Path fifo) throws IOException {
            this.fifo = fifo;
            this.out = new RandomAccessFile(fifo.toFile(), "rw"); // read-write: opening never waits for a reader
            ByteBuffer chunk = ByteBuffer.allocate(1024 * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int n = 0; n < 1024; n++) {
                chunk.putShort((short) Math.round(1000 * Math.sin(2 * Math.PI * n / 32)))
                        .putShort((short) Math.round(1000 * Math.cos(2 * Math.PI * n / 32)));
            }
            byte[] bytes = chunk.array();
            thread = Thread.ofPlatform().daemon().name("fake-adc feeder").start(() -> {
                try {
                    while (!stop) {
                        out.write(bytes);
                        Thread.sleep(1); // about a million scans a second at most: plenty, without a spinning core
                    }
                } catch (IOException | InterruptedException e) {
                    // closed
                }
            });
        }

        @Override
        public void close() throws Exception {
            stop = true;
            try (InputStream drain = new FileInputStream(fifo.toFile())) {
                byte[] sink = new byte[1 << 16];
                while (thread.isAlive()) {
                    if (drain.available() > 0) {
                        drain.read(sink);
                    }
                    thread.join(10);
                }
            }
            out.close();
        }
    }

    @Test
    void onLocalOverAGeneratedSysfsTreeAndAFifo() throws Exception {
        Path root = dir.resolve("sys");
        Path node = fakeAdc(root);
        closeLater(new SineFeeder(node));
        String uri = "local:sysfs=" + root + ",dev=" + root.resolve("dev");
        Context local = closeLater(Context.open(uri));
        // a file gone after the context was opened: its read fails, and the error is shown in its place
        Files.delete(root.resolve("bus/iio/devices/iio:device0/in_voltage1_calibbias"));
        page(local, ScopeConfig.of(uri).withBuffering(8, 4096));
        browser.waitForPlots();
        // 8 kHz, a period of 32 scans: 250 Hz
        browser.waitUntil("the peak of voltage0 settles at 250 Hz", () -> Math.abs(browser.peakHz("voltage0") - 250) < 2);
        assertTrue(browser.text("capture-desc").startsWith("fake-adc: voltage0 voltage1 at 8 kHz"),
                browser.text("capture-desc"));

        // sysfs's file modes say what is writable: the page shows the rest read-only from the start
        assertEquals("read-only", access("iio:device0", 0, "CHANNEL", "raw"));
        assertEquals("true", browser.attributeInput("iio:device0", 0, "CHANNEL", "raw").getDomProperty("readOnly"));
        assertEquals("read-only", access("iio:device0", -1, "BUFFER", "data_available"));
        assertEquals("writable", access("iio:device0", 0, "CHANNEL", "scale"));
        write("iio:device0", 0, "CHANNEL", "scale", "0.25");
        assertEquals("0.25", Files.readString(root.resolve("bus/iio/devices/iio:device0/in_voltage0_scale")).trim(),
                "the write reached the sysfs file");
        browser.attributeInput("iio:device0", 1, "CHANNEL", "calibbias");
        WebElement error = browser.waitFor(By.cssSelector(
                Browser.attributeRow("iio:device0", 1, "CHANNEL", "calibbias") + " .err"));
        assertTrue(error.getText().startsWith("ERROR: ") && error.getText().contains("in_voltage1_calibbias"),
                error.getText());
        // no timestamps, a read() path: this device cannot tell what it lost, and the page says so
        browser.waitUntil("lost scans: unknown", () -> browser.text("fig-lost").equals("unknown"));
        browser.screenshot("local");
        assertEquals(0, log.stream().filter(l -> l.contains("failed")).count(), log.toString());
    }
}
