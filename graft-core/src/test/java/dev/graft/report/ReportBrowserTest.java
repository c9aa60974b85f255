package dev.graft.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Opens the report in a real browser, headless Chromium: every image must load with a width, and
 * a screenshot of the page must show content. Runs in the default test run (CI installs
 * chromium); skipped, saying so, only where no chromium binary exists. The screenshot stays in
 * {@code target/report-browser/} for a person to look at.
 */
@Tag("browser")
class ReportBrowserTest {
    private static final Pattern IMAGES = Pattern.compile("data-images=\"([^\"]*)\"");

    @Test
    void reportOpensInChromiumWithEveryImage() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "no chromium binary on PATH (or GRAFT_CHROMIUM): install chromium to run "
                + "the browser check of report.html; CI's .ci/run installs it");
        Path dir = Path.of("target", "report-browser").toAbsolutePath();
        Files.createDirectories(dir);
        Report.Written w = ReportTest.write(dir);

        // a copy of the report with a probe that writes each image's loaded width into the DOM
        String probe = Files.readString(w.html()).replace("</body>", "<script>window.addEventListener('load',"
                + "()=>document.body.setAttribute('data-images',Array.from(document.images).map(i=>i.complete&&"
                + "i.naturalWidth>0?i.naturalWidth:0).join(',')));</script></body>");
        Path probeFile = dir.resolve("probe.html");
        Files.writeString(probeFile, probe);
        String dom = run(chromium, dir, "--dump-dom", "--virtual-time-budget=10000", probeFile.toUri().toString());
        Matcher m = IMAGES.matcher(dom);
        assertTrue(m.find(), "the page did not finish loading in chromium: " + dom.substring(0, Math.min(300,
                dom.length())));
        List<Integer> widths = Arrays.stream(m.group(1).split(",")).map(Integer::parseInt).toList();
        assertEquals(5, widths.size(), "images in the page");
        for (int i = 0; i < widths.size(); i++) {
            assertTrue(widths.get(i) > 0, "image " + (i + 1) + " of report.html did not load in chromium");
        }

        Path shot = dir.resolve("report-screenshot.png");
        Files.deleteIfExists(shot);
        run(chromium, dir, "--screenshot=" + shot, "--window-size=1280,3000", w.html().toUri().toString());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
        assertTrue(ReportTest.colours(img) > 50, "the screenshot is blank");
    }

    private static String run(Path chromium, Path dir, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("graft-chromium");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(Arrays.asList(args));
        Path out = dir.resolve("chromium-stdout.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(dir.resolve("chromium-stderr.txt").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + cmd);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** {@code GRAFT_CHROMIUM}, else the first chromium or chrome on the PATH, else null. */
    static Path chromium() {
        String env = System.getenv("GRAFT_CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Path.of(env);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
