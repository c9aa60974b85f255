package dev.graft.studio;

import dev.graft.cli.InProcessCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Studio in a real browser, as a person uses it: make a project and three classes, upload 20
 * real Fashion-MNIST PNGs per class, train a short fine-tune from the default bundled backbone while the
 * curve updates, open the confusion matrix, relabel an image, find the ankle boot planted among
 * the sandals with the label review, try the model on a new image and see its heat map, and
 * download the run, which {@code graft predict} then loads. Screenshots of each screen go to
 * {@code target/studio-browser/} and must not be blank. Skipped, saying so, only where Chromium
 * or its driver is missing (CI's {@code .ci/run} installs both).
 */
@Tag("browser")
class StudioBrowserTest {
    /**
     * Fashion-MNIST classes: sandal, sneaker, ankle boot, three that look alike (the default bundled
     * backbone learned from Fashion-MNIST images without their labels).
     */
    private static final int[] CLASSES = {5, 7, 9};
    private static final String[] NAMES = {"sandal", "sneaker", "ankle boot"};
    private static final Path SHOTS = Path.of("target", "studio-browser").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void aPersonTrainsAndUsesAClassifierFromTheBrowserAlone() throws Exception {
        assumeTrue(Browser.available(), "no " + Browser.CHROMIUM + " or " + Browser.DRIVER + ": install chromium "
                + "and chromium-driver to run the Studio's browser test; CI's .ci/run installs both");
        List<List<Path>> images = new ArrayList<>();
        for (int c = 0; c < CLASSES.length; c++) {
            images.add(FashionPngs.write(CLASSES[c], 0, 20, tmp.resolve("images").resolve("c" + c), "fm" + CLASSES[c]));
        }
        // one label error on purpose: an ankle boot among the sandals, in place of the 20th sandal
        images.get(0).set(19, FashionPngs.write(9, 300, 1, tmp.resolve("images").resolve("planted"), "planted").get(0));
        Path unseen = FashionPngs.write(7, 500, 1, tmp.resolve("unseen"), "new_sneaker").get(0);
        Path ws = tmp.resolve("workspace");
        try (Studio studio = Studio.builder().optWorkspace(ws).optPort(0).optThreads(1).start();
                Browser b = new Browser(tmp.resolve("profile"), Files.createDirectories(tmp.resolve("downloads")))) {
            try {
                flow(studio, b, ws, images, unseen);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n" + b.diagnostics(), e);
            }
        }
    }

    private void flow(Studio studio, Browser b, Path ws, List<List<Path>> images, Path unseen) throws Exception {
        {
            b.driver.get(studio.url());
            assertFalse(b.driver.getCurrentUrl().contains("token="), "the token leaves the address bar");

            // a project and three classes
            b.waitFor("#new-project").sendKeys("Footwear");
            b.find("#create-project").click();
            b.waitFor("#new-class");
            for (String name : NAMES) {
                b.find("#new-class").sendKeys(name);
                b.find("#add-class").click();
                b.waitFor("section.class-card[data-class='" + name + "']");
            }

            // 20 PNGs per class through each class's file picker (what drag and drop also feeds)
            long uploadStart = System.nanoTime();
            for (int c = 0; c < NAMES.length; c++) {
                String card = "section.class-card[data-class='" + NAMES[c] + "']";
                b.find(card + " input.picker").sendKeys(images.get(c).stream().map(Path::toString)
                        .collect(Collectors.joining("\n")));
                b.waitFor(Duration.ofSeconds(60), d -> d.findElement(By.cssSelector(card + " .count")).getText()
                        .equals("20 images") ? true : null);
            }
            b.waitFor(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector(".thumb img")).size() == 60
                    && d.findElements(By.cssSelector(".thumb img")).stream().allMatch(i -> (Boolean)
                    ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "return arguments[0].complete && arguments[0].naturalWidth > 0", i)) ? true : null);
            long uploaded = System.nanoTime();
            assertNotBlank(b, "data");

            // a short fine-tune from the default bundled backbone
            b.find("#tab-train").click();
            b.waitFor("#train");
            assertEquals("resnet18_small.fmnist_simclr", new Select(b.find("#backbone")).getFirstSelectedOption()
                    .getAttribute("value"));
            assertTrue(b.find("input[name=strategy][value='fine-tune']").isSelected());
            b.find("#epochs").clear();
            b.find("#epochs").sendKeys("2");
            b.find("#train").click();
            long trainStart = System.nanoTime();
            // the curve updates while it trains: points appear, then more, then epochs
            int first = b.waitFor(Duration.ofSeconds(90), d -> points(b) > 0 ? points(b) : null);
            b.waitFor(Duration.ofSeconds(90), d -> points(b) > first && epochs(b) >= 1 ? true : null);
            assertNotBlank(b, "train-live");
            b.waitFor(Duration.ofSeconds(180), d -> d.findElements(By.cssSelector("#runs tr[data-state='finished']"))
                    .size() == 1 ? true : null);
            long trained = System.nanoTime();
            assertTrue(epochs(b) >= 5, "3 head epochs and 2 fine-tune epochs on the curve, got " + epochs(b));
            assertNotBlank(b, "train");

            // the confusion matrix, a cell's images, and one relabel
            b.find("#runs tr[data-state='finished'] a[href*='/review/']").click();
            b.waitFor("#confusion");
            WebElement cell = b.driver.findElements(By.cssSelector("#confusion td.cell")).stream()
                    .filter(td -> !td.getAttribute("data-count").equals("0")).findFirst().orElseThrow();
            String truth = cell.getAttribute("data-truth");
            int count = Integer.parseInt(cell.getAttribute("data-count"));
            cell.click();
            b.waitFor(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector("#cell-images .review-img")).size()
                    == count ? true : null);
            WebElement item = b.find("#cell-images .review-img");
            String name = item.getAttribute("data-name");
            String target = truth.equals("sandal") ? "sneaker" : "sandal";
            Path before = ws.resolve("projects");
            new Select(item.findElement(By.cssSelector("select.relabel"))).selectByValue(target);
            b.waitFor(Duration.ofSeconds(10), d -> item.findElement(By.cssSelector(".cap")).getText()
                    .equals("moved to " + target) ? true : null);
            assertEquals(1, find(before, target, name), name + " is now in " + target);
            assertEquals(0, find(before, truth, name), name + " left " + truth);
            // the training images whose labels look wrong: the planted ankle boot among them
            b.find("#find-issues").click();
            b.waitFor(Duration.ofSeconds(180), d -> d.findElements(By.cssSelector("#label-issues .review-img")).size() > 0
                    || d.findElement(By.id("label-issues")).getText().contains("No label looks wrong") ? true : null);
            List<String> flagged = b.driver.findElements(By.cssSelector("#label-issues .review-img")).stream()
                    .map(e -> e.getAttribute("data-name") + " as " + e.getAttribute("data-predicted")).toList();
            assertTrue(flagged.stream().anyMatch(f -> f.startsWith("planted") && f.endsWith("as ankle boot")),
                    "the ankle boot labeled sandal is flagged: " + flagged);
            assertNotBlank(b, "review-issues", "#label-issues");
            assertNotBlank(b, "review"); // and back at the top, where the tabs are

            // try it on an image the model never saw
            b.find("#tab-try").click();
            b.waitFor("#try-file");
            long predictStart = System.nanoTime();
            b.find("#try-file").sendKeys(unseen.toString());
            b.waitFor("#try-bars");
            long predicted = System.nanoTime();
            // and where it looked: the Grad-CAM overlay beside the bars
            b.waitFor(Duration.ofSeconds(10), d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "const i = document.getElementById('try-heatmap'); return i && i.complete && i.naturalWidth >= 224")
                    ? true : null);
            List<WebElement> bars = b.driver.findElements(By.cssSelector("#try-bars .bar"));
            assertEquals(3, bars.size(), "top-3");
            double sum = 0;
            for (WebElement bar : bars) {
                sum += Double.parseDouble(bar.findElement(By.cssSelector(".prob")).getText().replace("%", "")) / 100;
            }
            assertTrue(sum > 0.99 && sum < 1.01, "three classes: the top 3 hold all the probability, got " + sum);
            assertNotBlank(b, "try");

            // download the run and open it with graft predict
            b.find("#tab-export").click();
            b.waitFor("#download-zip").click();
            Path zip = b.waitFor(Duration.ofSeconds(30), d -> {
                try (Stream<Path> s = Files.list(b.downloads)) {
                    return s.filter(p -> p.toString().endsWith(".zip")).findFirst().orElse(null);
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            b.waitFor(Duration.ofSeconds(10), d -> Files.exists(zip) && !Files.exists(Path.of(zip + ".crdownload")));
            assertNotBlank(b, "export");
            Path unzipped = unzip(zip, tmp.resolve("unzipped"));
            String out = predict(unzipped.resolve("run-1"), unseen);
            assertTrue(out.contains(unseen.getFileName().toString()), out);
            assertTrue(List.of(NAMES).stream().anyMatch(out::contains), "graft predict names a class: " + out);

            System.out.printf(Locale.ROOT, "studio timing (loaded machine): upload %.1f s, training %.1f s, "
                    + "prediction %.1f s; upload to first prediction without the review detour: %.1f s%n",
                    (uploaded - uploadStart) / 1e9, (trained - trainStart) / 1e9, (predicted - predictStart) / 1e9,
                    ((trained - uploadStart) + (predicted - predictStart)) / 1e9);
        }
    }

    private static int points(Browser b) {
        String v = b.find("#curve").getAttribute("data-points");
        return v == null || v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    private static int epochs(Browser b) {
        String v = b.find("#curve").getAttribute("data-epochs");
        return v == null || v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    private static void assertNotBlank(Browser b, String screen) throws Exception {
        assertNotBlank(b, screen, null);
    }

    /** A screenshot of the top of the screen, or of the part showing {@code selector}, without a passing notification. */
    private static void assertNotBlank(Browser b, String screen, String selector) throws Exception {
        ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript("const s = arguments[0]; "
                + "if (s) document.querySelector(s).closest('.card').scrollIntoView(); else window.scrollTo(0, 0); "
                + "document.getElementById('toast').hidden = true;", selector);
        int colours = b.screenshot(SHOTS.resolve(screen + ".png"));
        assertTrue(colours > 20, screen + " screenshot looks blank: " + colours + " colours");
    }

    /** How many files named {@code name} are in class {@code cls} of the one project under {@code projects}. */
    private static long find(Path projects, String cls, String name) throws Exception {
        try (Stream<Path> s = Files.walk(projects)) {
            return s.filter(p -> p.getFileName().toString().equals(name) && p.getParent().getFileName().toString()
                    .equals(cls) && p.getParent().getParent().getFileName().toString().equals("data")).count();
        }
    }

    private static Path unzip(Path zip, Path dir) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path f = dir.resolve(e.getName()).normalize();
                assertTrue(f.startsWith(dir), e.getName());
                Files.createDirectories(f.getParent());
                Files.copy(in, f);
            }
        }
        return dir;
    }

    /** {@code graft predict --run RUN image}, in this JVM, returning what it printed. */
    private static String predict(Path run, Path image) {
        InProcessCli.Result r = InProcessCli.run("predict", "--run", run.toString(), image.toString());
        assertEquals(0, r.code(), "graft predict exit code; output: " + r.out() + r.err());
        return r.out();
    }
}
