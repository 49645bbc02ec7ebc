package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jiio.model.AttributeKind;
import io.jiio.model.Context;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page end to end in headless Chromium: it loads and plots, the simulated sine's spectral peak
 * is where its period puts it, an attribute edited on the page reaches the device, a refused
 * write is shown where it was made, a loss is shown, a device without inputs is explained. Skipped
 * (only) where Chromium is not installed. Screenshots go to target/scope-*.png.
 */
@Timeout(180)
class ScopePageTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);

    private static ChromeDriverService service;
    private static WebDriver driver;
    private static Path profile;

    private Context ctx;
    private ScopeServer scope;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + " (apt-get install chromium chromium-driver): the browser tests of jiio scope are skipped");
        assertTrue(Files.isExecutable(CHROMEDRIVER), "Chromium is installed but chromedriver is not at " + CHROMEDRIVER
                + " (apt-get install chromium-driver)");
        profile = Files.createTempDirectory("jiio-scope-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,820", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
        driver.get(scope.url().toString());
    }

    private void open(String uri) {
        open(uri, ScopeConfig.of(uri));
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    private void waitUntil(String what, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, WAIT).withMessage(() -> what + "; scope log: " + log + "; browser console: "
                + browserLog()).until(d -> condition.get());
    }

    private static String browserLog() {
        try {
            return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().toString();
        } catch (RuntimeException e) {
            return "(unavailable: " + e + ")";
        }
    }

    private long dataLong(String id, String attribute) {
        String v = driver.findElement(By.id(id)).getDomAttribute(attribute);
        return v == null ? 0 : (long) Double.parseDouble(v);
    }

    private double peakHz(String channel) {
        List<WebElement> peaks = driver.findElements(By.cssSelector("#peaks .peak[data-channel='" + channel + "']"));
        if (peaks.isEmpty() || peaks.get(0).getDomAttribute("data-hz") == null) {
            return Double.NaN;
        }
        return Double.parseDouble(peaks.get(0).getDomAttribute("data-hz"));
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "scope-" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The input of an attribute in the tree; the device's and channel's branches opened. */
    private WebElement attributeInput(String device, int channel, String kind, String name) {
        String row = ".attr[data-device='" + device + "'][data-channel='" + channel + "'][data-kind='" + kind
                + "'][data-name='" + name + "']";
        waitFor(By.cssSelector("#tree details[data-device='" + device + "']"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "const r = document.querySelector(arguments[0]); for (let d = r; d; d = d.parentElement) "
                        + "if (d.tagName === 'DETAILS') d.open = true;", row);
        return waitFor(By.cssSelector(row + " input"));
    }

    /** Replaces the input's text as a person would (select all, type, Enter): one change event. */
    private static void type(WebElement input, String value) {
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.ENTER);
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
        assertTrue(driver.findElement(By.id("capture-desc")).getText().startsWith("sim-adc: voltage0 voltage1"));
        assertEquals(List.of("voltage0 (mV)", "voltage1 (mV)", "voltage2 (mV)", "voltage3 (mV)"),
                driver.findElements(By.cssSelector("#trace .u-legend .u-series .u-label")).stream()
                        .map(WebElement::getText).filter(t -> t.startsWith("voltage")).toList(),
                "a trace per channel, in physical units");

        // a rising-edge trigger on voltage0 at 0 mV: the trace is triggered
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("trig-edge"))).selectByValue("rising");
        waitUntil("the trace is triggered", () -> "true".equals(
                driver.findElement(By.id("trace-state")).getDomAttribute("data-triggered")));
        screenshot("sine");

        // a second page shares the capture
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(scope.url().toString());
        waitUntil("the second page sees two pages", () -> driver.findElement(By.id("fig-viewers")).getText().equals("2"));
        waitUntil("the second page plots too", () -> dataLong("fig-frames", "data-spectra") > 2);
        driver.close();
        driver.switchTo().window(first);
        waitUntil("back to one page", () -> driver.findElement(By.id("fig-viewers")).getText().equals("1"));
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

        // a read-only attribute: refused in place, and from then on not editable
        WebElement raw = attributeInput("iio:device0", 1, "CHANNEL", "raw");
        type(raw, "7");
        WebElement rawError = waitFor(By.cssSelector(".attr[data-channel='1'][data-name='raw'] .err"));
        waitUntil("the refusal is shown", () -> !rawError.getText().isEmpty());
        assertTrue(rawError.getText().contains("read-only (EACCES)"), rawError.getText());
        waitUntil("the field becomes read-only", () -> "true".equals(String.valueOf(raw.getDomProperty("readOnly"))));
        screenshot("rejected");
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
        assertEquals("sim-adc", scope.viewers() == 1 ? "sim-adc" : "?");
    }
}
