package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.AttributeKind;
import io.jiio.model.Context;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;

/**
 * The page end to end in headless Chromium on {@code sim:}: it loads and plots, the simulated
 * sine's spectral peak is where its period puts it, the trigger places the trace on its level and
 * edge, run/stop holds the display, the spectrum says how it is made, an attribute edited on the
 * page reaches the device, a refused write is shown where it was made, read-only attributes are
 * shown so, a loss is shown, a device without inputs is explained. {@link ScopeContextsPageTest}
 * does the same on {@code ip:}, {@code sigmf:} and {@code local:}. Skipped only where Chromium is
 * not installed, and never under CI ({@link Browser}). Screenshots go to target/scope-*.png.
 */
@Timeout(180)
class ScopePageTest {
    private static Browser browser;
    private static WebDriver driver;

    private Context ctx;
    private ScopeServer scope;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start();
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stopScope() {
        if (driver != null) {
            driver.get("about:blank"); // the page leaves: the capture stops
        }
        if (scope != null) {
            scope.close();
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    private void open(String uri, ScopeConfig cfg) {
        ctx = Context.open(uri);
        scope = ScopeServer.start(ctx, cfg.withLog(log::add));
        browser.onFailureTell(() -> "scope log: " + log);
        driver.get(scope.url().toString());
    }

    private void open(String uri) {
        open(uri, ScopeConfig.of(uri));
    }

    private WebElement waitFor(By by) {
        return browser.waitFor(by);
    }

    private void waitUntil(String what, java.util.function.Supplier<Boolean> condition) {
        browser.waitUntil(what, condition);
    }

    private long dataLong(String id, String attribute) {
        return browser.dataLong(id, attribute);
    }

    private double peakHz(String channel) {
        return browser.peakHz(channel);
    }

    private void screenshot(String name) throws IOException {
        browser.screenshot(name);
    }

    private WebElement attributeInput(String device, int channel, String kind, String name) {
        return browser.attributeInput(device, channel, kind, name);
    }

    private static void type(WebElement input, String value) {
        Browser.type(input, value);
    }

    @Test
    void theSineIsPlottedAndItsSpectralPeakIsAtItsFrequency() throws IOException {
        // 102400 scans/s, a period of 512 scans: 200 Hz, bin 8 of a 4096-point FFT (25 Hz per bin)
        open("sim:sim-adc.sampling_frequency=102400,sim-adc.waveform_period=512");
        assertEquals("jiio scope", driver.getTitle());
        waitUntil("traces and spectra arrive", () -> dataLong("fig-frames", "data-traces") > 5
                && dataLong("fig-frames", "data-spectra") > 5);
        waitUntil("the peak of voltage0 settles at 200 Hz", () -> Math.abs(peakHz("voltage0") - 200) < 12.5);
        for (String ch : new String[] {"voltage1", "voltage2", "voltage3"}) {
            assertEquals(200, peakHz(ch), 12.5, ch + " has the same period, shifted in phase");
        }
        assertTrue(driver.findElement(By.id("fig-rate")).getText().contains("102.4 kHz"),
                driver.findElement(By.id("fig-rate")).getText());
        waitUntil("the measured rate is near the nominal one", () -> {
            String t = driver.findElement(By.id("fig-sps")).getText();
            return t.contains("kscans/s");
        });
        assertEquals("0", driver.findElement(By.id("fig-lost")).getDomAttribute("data-lost"));
        // the spectrum says how it is made: window, size, averaging, dB unit, axis from the rate
        WebElement info = driver.findElement(By.id("fft-info"));
        waitUntil("the average fills", () -> "4".equals(info.getDomAttribute("data-averaged")));
        assertEquals("4096", info.getDomAttribute("data-size"));
        assertEquals(102400, Double.parseDouble(info.getDomAttribute("data-rate")));
        assertTrue(info.getText().startsWith("Hann window, 4,096-point FFT, 4 of 4 averaged, dB re 1 mV (peak), "
                + "25 Hz per bin from the 102.4 kHz sampling rate"), info.getText());
        // and the page says, before any drop, that a slow page loses frames, never samples
        assertTrue(browser.text("drop-note").contains("frames are dropped for the page, never samples for the capture"),
                browser.text("drop-note"));
        assertTrue(driver.findElement(By.id("capture-desc")).getText().startsWith("sim-adc: voltage0 voltage1"));
        assertEquals(List.of("voltage0 (mV)", "voltage1 (mV)", "voltage2 (mV)", "voltage3 (mV)"),
                driver.findElements(By.cssSelector("#trace .u-legend .u-series .u-label")).stream()
                        .map(WebElement::getText).filter(t -> t.startsWith("voltage")).toList(),
                "a trace per channel, in physical units");

        // a rising-edge trigger on voltage0 at 0 mV: the trace is triggered
        new Select(driver.findElement(By.id("trig-edge"))).selectByValue("rising");
        waitUntil("the trace is triggered", () -> "true".equals(
                driver.findElement(By.id("trace-state")).getDomAttribute("data-triggered")));
        screenshot("sine");

        // a second page shares the capture: the same run, not a second one
        Object run = browser.script("return window.jiioScope.runNumber");
        assertEquals(1L, run);
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(scope.url().toString());
        waitUntil("the second page sees two pages", () -> driver.findElement(By.id("fig-viewers")).getText().equals("2"));
        waitUntil("the second page plots too", () -> dataLong("fig-frames", "data-spectra") > 2);
        assertEquals(run, browser.script("return window.jiioScope.runNumber"), "the second page joined capture 1");
        assertEquals(200, peakHz("voltage0"), 12.5);
        driver.close();
        driver.switchTo().window(first);
        waitUntil("back to one page", () -> driver.findElement(By.id("fig-viewers")).getText().equals("1"));
        assertEquals(run, browser.script("return window.jiioScope.runNumber"), "the capture ran on throughout");
        assertEquals(1, scope.viewers());
    }

    /**
     * Whether the latest trace is triggered and crosses {@code level} on channel 0 at time 0 in the
     * {@code edge}'s direction: the point before 0 on one side, the point at 0 on the other (the
     * window is small enough that every scan is a point, so this is the trigger's own rule). Read
     * in one script, so both come from the same frame.
     */
    private boolean crossesAtZero(double level, String edge, double firstX) {
        Object r = browser.script("""
                const u = window.jiioScope.trace;
                if (!u || !u.data || u.data[0].length < 3) return null;
                const xs = u.data[0], ys = u.data[1];
                const i = xs.findIndex(x => x === 0);
                if (i < 1) return null;
                return [ys[i - 1], ys[i], document.getElementById('trace-state').dataset.triggered, xs[0]];
                """);
        if (!(r instanceof List<?> l)) {
            return false;
        }
        double before = ((Number) l.get(0)).doubleValue();
        double at = ((Number) l.get(1)).doubleValue();
        if (!"true".equals(l.get(2))) {
            return false; // a frame from before the trigger was set: free-running
        }
        if (Math.abs(((Number) l.get(3)).doubleValue() - firstX) > 1e-9) {
            return false; // a frame from before the position was set
        }
        return edge.equals("rising") ? before < level && at >= level : before > level && at <= level;
    }

    @Test
    void theTriggerPutsTheChosenEdgeAndLevelAtTimeZero() throws IOException {
        open("sim:sim-adc.sampling_frequency=102400,sim-adc.waveform_period=512");
        browser.waitForPlots();
        // 5 ms: 512 scans, fewer than the points a trace may have, so none is decimated away
        new Select(driver.findElement(By.id("window"))).selectByVisibleText("5 ms");
        new Select(driver.findElement(By.id("trig-edge"))).selectByValue("falling");
        type(driver.findElement(By.id("trig-level")), "2000");
        waitUntil("a falling crossing of 2000 mV at 0 s, mid-window",
                () -> crossesAtZero(2000, "falling", -256 / 102400.0));
        assertEquals("true", driver.findElement(By.id("trace-state")).getDomAttribute("data-triggered"));
        assertEquals(512, ((Number) browser.script("return window.jiioScope.trace.data[0].length")).intValue());
        screenshot("trigger-falling");

        // a quarter into the window: 128 scans before the trigger
        new Select(driver.findElement(By.id("trig-edge"))).selectByValue("rising");
        new Select(driver.findElement(By.id("trig-pos"))).selectByValue("0.25");
        type(driver.findElement(By.id("trig-level")), "-1500");
        waitUntil("a rising crossing of -1500 mV at 0 s, a quarter into the window",
                () -> crossesAtZero(-1500, "rising", -128 / 102400.0));

        // a level the sine never reaches: in auto mode the trace free-runs and says so (normal
        // mode, which then shows nothing new, is TriggerTest's)
        type(driver.findElement(By.id("trig-level")), "9000");
        waitUntil("auto mode says it found no edge", () -> browser.text("trace-state").equals("auto (no edge)"));
    }

    @Test
    void stopHoldsTheDisplayWhileTheCaptureGoesOnAndRunResumes() {
        open("sim:sim-adc.sampling_frequency=102400,sim-adc.waveform_period=512");
        browser.waitForPlots();
        driver.findElement(By.id("run")).click();
        assertEquals("Run", driver.findElement(By.id("run")).getText());
        long traces = dataLong("fig-frames", "data-traces");
        long spectra = dataLong("fig-frames", "data-spectra");
        long scans = parseCount(browser.text("fig-scans"));
        // the figures go on (the capture runs for every page); this page's plots do not
        waitUntil("the capture moves on", () -> parseCount(browser.text("fig-scans")) > scans + 102400 / 4);
        waitUntil("and on", () -> parseCount(browser.text("fig-scans")) > scans + 102400 / 2);
        assertEquals(traces, dataLong("fig-frames", "data-traces"), "no trace drawn while stopped");
        assertEquals(spectra, dataLong("fig-frames", "data-spectra"), "no spectrum drawn while stopped");
        assertEquals("running", browser.text("fig-state"));
        driver.findElement(By.id("run")).click();
        assertEquals("Stop", driver.findElement(By.id("run")).getText());
        waitUntil("traces come again", () -> dataLong("fig-frames", "data-traces") > traces + 2);
    }

    private static long parseCount(String text) {
        String digits = text.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    @Test
    void theSpectrumAveragesAsManyFramesAsAskedAndFollowsTheFftSize() {
        open("sim:sim-adc.sampling_frequency=102400,sim-adc.waveform_period=512");
        browser.waitForPlots();
        WebElement info = driver.findElement(By.id("fft-info"));
        new Select(driver.findElement(By.id("fft-avg"))).selectByValue("16");
        new Select(driver.findElement(By.id("fft-size"))).selectByValue("8192");
        waitUntil("16 spectra of 8192 points averaged", () -> "16".equals(info.getDomAttribute("data-averaged"))
                && "8192".equals(info.getDomAttribute("data-size")));
        assertTrue(info.getText().contains("8,192-point FFT, 16 of 16 averaged"), info.getText());
        assertTrue(info.getText().contains("12.5 Hz per bin"), info.getText());
        assertEquals(200, peakHz("voltage0"), 6.25);
        double nyquist = ((Number) browser.script(
                "const x = window.jiioScope.spectrum.data[0]; return x[x.length - 1]")).doubleValue();
        assertEquals(51200, nyquist, 51200 / 2048.0 * 4 + 1, "the frequency axis ends at half the sampling rate");
        new Select(driver.findElement(By.id("fft-avg"))).selectByValue("1");
        waitUntil("no averaging", () -> "1".equals(info.getDomAttribute("data-averaged")));
    }

    @Test
    void anAttributeEditedOnThePageReachesTheDevice() {
        open("sim:sim-adc.sampling_frequency=102400,sim-adc.waveform_period=128");
        waitUntil("spectra arrive", () -> dataLong("fig-frames", "data-spectra") > 2);

        // a channel attribute the device takes while streaming
        WebElement scale = attributeInput("iio:device0", 0, "CHANNEL", "scale");
        type(scale, "0.5");
        waitUntil("the write is confirmed", () -> scale.getDomProperty("className").contains("written"));
        assertEquals("0.5", ctx.requireDevice("sim-adc").requireChannel("voltage0").requireAttribute("scale").read());
        assertEquals("0.5", scale.getDomProperty("value"));

        // one it refuses while streaming: the capture is restarted around it, and the spectrum follows
        WebElement period = attributeInput("iio:device0", -1, "DEVICE", "waveform_period");
        type(period, "64");
        waitUntil("the write is confirmed", () -> period.getDomProperty("className").contains("written"));
        assertEquals("64", ctx.requireDevice("sim-adc").requireAttribute(AttributeKind.DEVICE, "waveform_period").read());
        assertTrue(driver.findElement(By.cssSelector(".attr[data-name='waveform_period'] .note")).getText()
                .contains("capture was restarted"));
        waitUntil("the peak moves to 1600 Hz", () -> Math.abs(peakHz("voltage0") - 1600) < 12.5);
        assertTrue(log.stream().anyMatch(l -> l.contains("wrote sim-adc/waveform_period = '64' (capture restarted")),
                log.toString());
    }

    @Test
    void aRefusedWriteIsShownWhereItWasMade() throws IOException {
        open("sim:sim-adc.sampling_frequency=102400");
        waitUntil("spectra arrive", () -> dataLong("fig-frames", "data-spectra") > 2);
        WebElement rate = attributeInput("iio:device0", -1, "DEVICE", "sampling_frequency");
        type(rate, "-5");
        WebElement error = waitFor(By.cssSelector(".attr[data-name='sampling_frequency'] .err"));
        waitUntil("the refusal is shown", () -> !error.getText().isEmpty());
        assertTrue(error.getText().contains("rejected") && error.getText().contains("out of range"), error.getText());
        assertEquals("102400", rate.getDomProperty("value"), "the field shows what the device kept");
        assertEquals("102400", ctx.requireDevice("sim-adc").requireAttribute(AttributeKind.DEVICE, "sampling_frequency").read());
        assertTrue(log.stream().anyMatch(l -> l.contains("rejected") && l.contains("out of range")), log.toString());

        screenshot("rejected");
    }

    /** The sim says which attributes are computed (read-only): the page shows them so from the start. */
    @Test
    void readOnlyAttributesAreShownReadOnly() {
        open("sim:sim-adc.sampling_frequency=102400");
        WebElement raw = attributeInput("iio:device0", 1, "CHANNEL", "raw");
        assertEquals("true", raw.getDomProperty("readOnly"));
        assertEquals("read-only", driver.findElement(By.cssSelector(
                Browser.attributeRow("iio:device0", 1, "CHANNEL", "raw"))).getDomAttribute("data-access"));
        assertEquals("true", attributeInput("iio:device0", -1, "DEVICE", "waveform_available").getDomProperty("readOnly"));
        assertEquals("true", attributeInput("iio:device0", -1, "BUFFER", "data_available").getDomProperty("readOnly"));
        WebElement scale = attributeInput("iio:device0", 1, "CHANNEL", "scale");
        assertEquals("false", scale.getDomProperty("readOnly"));
        assertEquals("writable", driver.findElement(By.cssSelector(
                Browser.attributeRow("iio:device0", 1, "CHANNEL", "scale"))).getDomAttribute("data-access"));
        assertEquals("false", attributeInput("iio:device0", -1, "DEVICE", "sampling_frequency").getDomProperty("readOnly"));
        // typing into the read-only field sends nothing; a write to the writable one goes through
        type(raw, "7");
        type(scale, "0.25");
        waitUntil("the write is confirmed", () -> scale.getDomProperty("className").contains("written"));
        assertTrue(log.stream().noneMatch(l -> l.contains("voltage1/raw")), log.toString());
        assertEquals("", driver.findElement(By.cssSelector(Browser.attributeRow("iio:device0", 1, "CHANNEL", "raw")
                + " .err")).getText());
    }

    @Test
    void aLossIsShownOnThePage() throws IOException {
        // 2 blocks of 16 scans at 10 MHz: 3.2 µs of buffering, which no capture thread keeps up with
        String uri = "sim:sim-adc.sampling_frequency=10000000";
        open(uri, ScopeConfig.of(uri).withBuffering(2, 16));
        waitUntil("the page counts lost scans", () -> dataLong("fig-lost", "data-lost") > 0);
        WebElement banner = waitFor(By.id("loss-banner"));
        assertTrue(banner.getText().startsWith("Scans lost:"), banner.getText());
        assertTrue(driver.findElement(By.id("fig-lost")).getDomProperty("className").contains("lost"));
        assertTrue(driver.findElement(By.id("fig-lost")).getText().contains("gaps"));
        waitUntil("the events list it", () -> !driver.findElements(By.cssSelector("#events li.loss")).isEmpty());
        assertTrue(log.stream().anyMatch(l -> l.contains("scans lost in")), log.toString());
        screenshot("loss");
    }

    @Test
    void aDeviceWithoutInputsIsExplainedAndAnotherCanBePicked() throws IOException {
        String uri = "sim:";
        open(uri, ScopeConfig.of(uri).withTarget("sim-dac", List.of()));
        assertNotNull(scope.problem());
        WebElement problem = waitFor(By.id("problem"));
        assertTrue(problem.getText().contains("sim-dac has no input channels"), problem.getText());
        assertTrue(log.stream().anyMatch(l -> l.contains("sim-dac has no input channels")), log.toString());
        screenshot("no-inputs");
        waitFor(By.cssSelector("#cap-device option[value='iio:device0']"));
        driver.findElement(By.id("cap-apply")).click();
        waitUntil("the picked device is captured and plotted", () -> dataLong("fig-frames", "data-spectra") > 2);
        assertTrue(driver.findElement(By.id("problem")).getText().isEmpty());
        assertEquals(1, scope.viewers(), "the page stayed connected through the switch");
    }
}
