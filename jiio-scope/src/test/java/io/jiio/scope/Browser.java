package io.jiio.scope;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, and what the page tests ask of it: wait for a condition,
 * read the page's figures, find an attribute's field, type into it, take a screenshot.
 *
 * <p>Chromium missing is a skip on a developer's machine (saying what to install) but a failure
 * under CI ({@code CI} set, as .ci/run runs, which installs it): there a skip would hide that
 * the page was never tested.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);

    final WebDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private Supplier<String> context = () -> "";

    private Browser(WebDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Starts Chromium, or skips the calling test class where it is not installed (outside CI). */
    static Browser start() throws IOException {
        String missing = "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium chromium-driver): "
                + "the browser tests of jiio scope cannot run";
        if (System.getenv("CI") != null) {
            assertTrue(Files.isExecutable(CHROMIUM), missing + " (CI is set: this is a failure, not a skip)");
        } else {
            assumeTrue(Files.isExecutable(CHROMIUM), missing);
        }
        assertTrue(Files.isExecutable(CHROMEDRIVER), "Chromium is installed but chromedriver is not at " + CHROMEDRIVER
                + " (apt-get install chromium-driver)");
        Path profile = Files.createTempDirectory("jiio-scope-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,820", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        return new Browser(driver, service, profile);
    }

    /** What a failed wait adds to its message (the scope's log, say). */
    void onFailureTell(Supplier<String> what) {
        context = what;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        service.stop();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    void waitUntil(String what, Supplier<Boolean> condition) {
        new WebDriverWait(driver, WAIT).withMessage(() -> what + "; " + context.get() + "; browser console: "
                + console()).until(d -> condition.get());
    }

    private String console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().toString();
        } catch (RuntimeException e) {
            return "(unavailable: " + e + ")";
        }
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** A number the page keeps in a data attribute of element {@code id}, 0 when it has none yet. */
    long dataLong(String id, String attribute) {
        String v = driver.findElement(By.id(id)).getDomAttribute(attribute);
        return v == null ? 0 : (long) Double.parseDouble(v);
    }

    /** The spectral peak the page shows for {@code channel}, in Hz; NaN before the first spectrum. */
    double peakHz(String channel) {
        List<WebElement> peaks = driver.findElements(By.cssSelector("#peaks .peak[data-channel='" + channel + "']"));
        if (peaks.isEmpty() || peaks.get(0).getDomAttribute("data-hz") == null) {
            return Double.NaN;
        }
        return Double.parseDouble(peaks.get(0).getDomAttribute("data-hz"));
    }

    /** Waits until the page has drawn a few traces and spectra. */
    void waitForPlots() {
        waitUntil("traces and spectra arrive", () -> dataLong("fig-frames", "data-traces") > 2
                && dataLong("fig-frames", "data-spectra") > 2);
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "scope-" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The CSS selector of an attribute's row in the tree. */
    static String attributeRow(String device, int channel, String kind, String name) {
        return ".attr[data-device='" + device + "'][data-channel='" + channel + "'][data-kind='" + kind
                + "'][data-name='" + name + "']";
    }

    /** The input of an attribute in the tree; the device's and channel's branches opened. */
    WebElement attributeInput(String device, int channel, String kind, String name) {
        String row = attributeRow(device, channel, kind, name);
        waitFor(By.cssSelector("#tree details[data-device='" + device + "']"));
        script("const r = document.querySelector(arguments[0]); for (let d = r; d; d = d.parentElement) "
                + "if (d.tagName === 'DETAILS') d.open = true;", row);
        return waitFor(By.cssSelector(row + " input"));
    }

    /** Replaces the input's text as a person would (select all, type, Enter): one change event. */
    static void type(WebElement input, String value) {
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.ENTER);
    }
}
