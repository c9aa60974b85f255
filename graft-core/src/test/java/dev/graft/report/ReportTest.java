package dev.graft.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.study.StudyFixtures;
import dev.graft.study.StudyRecord;
import dev.graft.study.Summary;
import dev.graft.testing.TinyData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The report: five real PNGs, all inlined in one HTML file with no outside reference. */
class ReportTest {
    static final Pattern SRC = Pattern.compile("(?:src|href)=\"([^\"]*)\"");

    /** The reading test's study, written as a report into {@code dir}. */
    static Report.Written write(Path dir) {
        StudyRecord r = record();
        return Report.write(dir, r, TinyData.bars(3, 8, 16, 3));
    }

    @Test
    void everyPlotIsARealPngAndInlinedInTheHtml(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Report.Written w = write(tmp);
        List<String> names = w.images().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("accuracy.png", "speed.png", "losses.png", "confusion.png", "worst.png"), names);
        String html = Files.readString(w.html());
        List<byte[]> inlined = new ArrayList<>();
        Matcher m = SRC.matcher(html);
        while (m.find()) {
            String url = m.group(1);
            assertTrue(url.startsWith("data:image/png;base64,"), "outside reference in report.html: " + url);
            inlined.add(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
        }
        assertEquals(5, inlined.size());
        for (int i = 0; i < 5; i++) {
            byte[] file = Files.readAllBytes(w.images().get(i));
            assertArrayEquals(file, inlined.get(i), names.get(i) + " inlined differs from its file");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(file));
            assertTrue(img != null && img.getWidth() >= 400 && img.getHeight() >= 200, names.get(i));
            assertTrue(colours(img) >= 8, names.get(i) + " looks blank");
        }
        assertFalse(html.contains("<script") || html.contains("<link"), "no scripts or linked files");
        assertTrue(html.contains("Fine-tune beat scratch by 31.0 points at 10 images per class"), "reading missing");
        assertTrue(html.contains("73.0 <span class=\"pm\">± 1.0</span>"), "table missing");
        assertTrue(html.contains("synthetic.safetensors") && html.contains("0123"), "provenance missing");
        String md = Files.readString(tmp.resolve(Report.MARKDOWN));
        assertTrue(md.contains("| fine-tune | 30.0 ± 0.0 | 73.0 ± 1.0 | 83.0 ± 2.0 |"), md);
        assertTrue(md.contains("- Fine-tune beat scratch by 31.0 points at 10 images per class"), md);
    }

    @Test
    void cellsWithCalibrationAndHeatMapsAddAReliabilityDiagramAndOverlays(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        StudyRecord full = record();
        StudyRecord trusted = new StudyRecord(full.format(), full.created(), full.updated(), full.versions(),
                full.settings(), full.plan(), full.provenance(), full.calibration(),
                full.cells().stream().map(StudyFixtures::withTrust).toList());
        Report.Written w = Report.write(tmp, trusted, TinyData.bars(3, 8, 16, 3));
        List<String> names = w.images().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("accuracy.png", "speed.png", "losses.png", "confusion.png", "worst.png",
                "reliability.png", "gradcam.png"), names);
        for (Path png : w.images().subList(5, 7)) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertTrue(colours(img) >= 8, png + " looks blank");
        }
        String html = Files.readString(w.html());
        assertTrue(html.contains("Calibration of the best cell") && html.contains("from 0.200 to 0.050"), "caption");
        assertTrue(html.contains("Where the best cell looked on its worst misses"));
        assertEquals(7, html.split("src=\"data:image/png;base64,").length - 1, "all seven inlined");
    }

    @Test
    void partialStudyStillReportsWhatFinished(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        StudyRecord full = record();
        StudyRecord part = new StudyRecord(full.format(), full.created(), full.updated(), full.versions(),
                full.settings(), full.plan(), full.provenance(), full.calibration(), full.cells().subList(0, 4));
        Report.Written w = Report.write(tmp, part, null);
        assertEquals(4, w.images().size(), "no gallery without the test images");
        String html = Files.readString(w.html());
        assertTrue(html.contains("4 of 27 cells finished (partial study"), html.substring(0, 600));
        assertTrue(Summary.of(part).table().contains("*"));
    }

    static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    /** The reading test's cells as a record. */
    static StudyRecord record() {
        return StudyFixtures.record(ReadingTest.STRATEGIES, List.of(5, 10, 50), 3, ReadingTest.cells(),
                List.of("bar0", "bar1", "bar2"));
    }
}
