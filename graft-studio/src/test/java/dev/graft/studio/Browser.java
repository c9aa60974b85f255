package dev.graft.studio;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, offline: a fresh profile, no background
 * networking, no component updates, no sync, and Selenium Manager never consulted (both binaries
 * are named), so nothing reaches the internet.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("GRAFT_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("GRAFT_CHROMEDRIVER", "/usr/bin/chromedriver"));
    final WebDriver driver;
    final Path downloads;

    Browser(Path profile, Path downloads) {
        this.downloads = downloads;
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000");
        o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, o);
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        // the page redraws lists as data arrives, so an element found a moment ago may be replaced
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    /** Waits for an element that matches and is shown. */
    WebElement waitFor(String css) {
        return waitFor(Duration.ofSeconds(30), d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /**
     * Saves a screenshot and checks it is not blank: a page that failed to draw is one or two colours.
     *
     * @return the number of distinct colours
     */
    int screenshot(Path file) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(file.getParent());
        Files.write(file, png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /** The page's console messages and visible text, for a failure's message. */
    String diagnostics() {
        StringBuilder sb = new StringBuilder("page ").append(driver.getCurrentUrl()).append('\n');
        try {
            for (var e : driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
                sb.append("console: ").append(e.getLevel()).append(' ').append(e.getMessage()).append('\n');
            }
            sb.append(driver.findElement(By.tagName("body")).getText());
        } catch (RuntimeException e) {
            sb.append("(no more: ").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
