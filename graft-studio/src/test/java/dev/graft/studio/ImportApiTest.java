package dev.graft.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zips of class folders and folders on the server: zip-slip, bombs by declared size, forged sizes, limits. */
class ImportApiTest {
    @TempDir
    Path dir;
    Studio studio;
    Client c;
    String base;
    Path data;

    @BeforeEach
    void start() {
        studio = StudioFixture.start(dir.resolve("ws"), DataApiTest.LIMITS);
        c = new Client(studio);
        String id = c.post("/api/projects", Map.of("name", "p")).json().getAsJsonObject().get("id").getAsString();
        base = "/api/projects/" + id;
        data = dir.resolve("ws/projects").resolve(id).resolve("data");
    }

    @AfterEach
    void stop() {
        studio.close();
    }

    static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() != null) {
                    z.write(e.getValue());
                }
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Client.Res importZip(byte[] zip) {
        return c.upload(base + "/import/zip", List.of(new Client.Part("file", "data.zip", zip)));
    }

    private long filesUnder(Path p) throws Exception {
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aZipOfClassFoldersBecomesClassesAndBadEntriesAreRefusedOneByOne() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("photos/", null);
        entries.put("photos/train/rose/", null);
        entries.put("photos/train/rose/1.png", StudioFixture.png(10, 10, 1));
        entries.put("photos/train/rose/2.jpg", StudioFixture.jpeg(10, 10, 2));
        entries.put("photos/daisy/3.png", StudioFixture.png(10, 10, 3));
        entries.put("photos/daisy/notes.txt", "hello".getBytes());
        entries.put("loose.png", StudioFixture.png(10, 10, 4));
        entries.put("__MACOSX/photos/daisy/._3.png", new byte[] {1, 2});
        entries.put("photos/bad..name/4.png", StudioFixture.png(10, 10, 5));
        Client.Res r = importZip(zip(entries));
        assertEquals(200, r.status(), r.text());
        JsonObject out = r.json().getAsJsonObject();
        assertEquals(3, out.getAsJsonArray("added").size(), r.text());
        assertTrue(DataApiTest.reason(out, "photos/daisy/notes.txt").contains("not a PNG"), r.text());
        assertTrue(DataApiTest.reason(out, "loose.png").contains("class folder"), r.text());
        assertTrue(DataApiTest.reason(out, "photos/bad..name/4.png").contains("class name"), r.text());
        assertEquals(3, out.getAsJsonArray("refused").size(), r.text());
        assertEquals(List.of("1.png", "2.jpg"), DataApiTest.names(c.get(base + "/classes/rose/images")));
        assertEquals(List.of("3.png"), DataApiTest.names(c.get(base + "/classes/daisy/images")));
        assertEquals(0, filesUnder(dir.resolve("ws/.tmp")), "nothing left in staging");
    }

    @Test
    void zipSlipRefusesTheWholeZipBeforeAnythingIsExtracted() throws Exception {
        for (String evil : new String[] {"../evil.png", "a/../../evil.png", "/abs/evil.png", "a\\..\\..\\evil.png",
                "C:/evil.png"}) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("good/1.png", StudioFixture.png(10, 10, 1)); // before the bad entry: must not be kept either
            entries.put(evil, StudioFixture.png(10, 10, 2));
            Client.Res r = importZip(zip(entries));
            assertEquals(400, r.status(), evil + ": " + r.text());
            assertTrue(r.error().contains("zip-slip") && r.error().contains("nothing was extracted"), r.error());
        }
        assertEquals(0, filesUnder(data), "no image kept");
        assertFalse(Files.exists(dir.resolve("evil.png")) || Files.exists(dir.resolve("ws/evil.png")));
        assertEquals(0, filesUnder(dir.resolve("ws/.tmp")));
    }

    @Test
    void zipBombsAreRefusedByTheSizeTheyDeclare() throws Exception {
        // 100 kB of zeros deflate to a few hundred bytes: over the 60 kB limit by declaration alone
        Client.Res bomb = importZip(zip(Map.of("a/zeros.png", new byte[100_000])));
        assertEquals(413, bomb.status(), bomb.text());
        assertTrue(bomb.error().contains("declares 100000 bytes") && bomb.error().contains("zip bomb"), bomb.error());
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            many.put("a/" + i + ".png", StudioFixture.png(4, 4, i));
        }
        Client.Res count = importZip(zip(many));
        assertEquals(413, count.status(), count.text());
        assertTrue(count.error().contains("11 entries"), count.error());
        // an entry that lies: declares 100 bytes, inflates to 30 kB; refused when it overruns, the others kept
        byte[] honest = StudioFixture.png(8, 8, 1);
        Map<String, byte[]> liar = new LinkedHashMap<>();
        liar.put("a/liar.png", java.util.Arrays.copyOf(honest, 15_000));
        liar.put("a/ok.png", honest);
        Client.Res forged = importZip(Hostile.forgeDeclaredSize(zip(liar), 100));
        assertEquals(200, forged.status(), forged.text());
        JsonObject out = forged.json().getAsJsonObject();
        String why = DataApiTest.reason(out, "a/liar.png");
        assertTrue(why.contains("declares") || why.contains("damaged"), why);
        assertEquals(List.of("ok.png"), DataApiTest.names(c.get(base + "/classes/a/images")));
        Client.Res notZip = importZip("not a zip at all".getBytes());
        assertEquals(400, notZip.status());
        assertTrue(notZip.error().contains("not a readable zip"), notZip.error());
        assertEquals(0, filesUnder(dir.resolve("ws/.tmp")));
    }

    @Test
    void aFolderOnTheServerIsReadNotWritten() throws Exception {
        Path src = dir.resolve("flowers");
        Files.createDirectories(src.resolve("train/rose"));
        Files.createDirectories(src.resolve("tulip"));
        Files.write(src.resolve("train/rose/a.png"), StudioFixture.png(10, 10, 1));
        Files.write(src.resolve("tulip/b.png"), StudioFixture.png(10, 10, 2));
        Files.write(src.resolve("tulip/c.png"), Hostile.pngBomb(5000, 5000));
        Files.write(src.resolve("readme.png"), StudioFixture.png(10, 10, 3));
        long before = filesUnder(src);
        Client.Res r = c.post(base + "/import/folder", Map.of("path", src.toString()));
        assertEquals(200, r.status(), r.text());
        JsonObject out = r.json().getAsJsonObject();
        assertEquals(2, out.getAsJsonArray("added").size(), r.text());
        assertTrue(DataApiTest.reason(out, "tulip/c.png").contains("5000x5000"), r.text());
        assertTrue(DataApiTest.reason(out, "readme.png").contains("class folder"), r.text());
        assertEquals(before, filesUnder(src), "the source folder is unchanged");
        assertEquals(List.of("a.png"), DataApiTest.names(c.get(base + "/classes/rose/images")));
        for (String bad : new String[] {"relative/path", dir.resolve("missing").toString(), ""}) {
            Client.Res refused = c.post(base + "/import/folder", Map.of("path", bad));
            assertEquals(400, refused.status(), bad);
        }
    }
}
