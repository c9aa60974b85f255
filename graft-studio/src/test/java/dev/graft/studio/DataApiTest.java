package dev.graft.studio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.graft.studio.ingest.UploadLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classes and images over HTTP, with every refusal: names, types by content, sizes, bombs, paths. */
class DataApiTest {
    /** Small limits, so each can be crossed cheaply. */
    static final UploadLimits LIMITS = new UploadLimits(20_000, 5, 200_000, 10, 60_000, 250_000);

    @TempDir
    Path dir;
    Studio studio;
    Client c;
    String base;

    @BeforeEach
    void start() {
        studio = StudioFixture.start(dir.resolve("ws"), LIMITS);
        c = new Client(studio);
        String id = c.post("/api/projects", Map.of("name", "p")).json().getAsJsonObject().get("id").getAsString();
        base = "/api/projects/" + id;
    }

    @AfterEach
    void stop() {
        studio.close();
    }

    private Path data() {
        return dir.resolve("ws").resolve("projects").resolve(base.substring(base.lastIndexOf('/') + 1)).resolve("data");
    }

    private static Client.Part file(String name, byte[] bytes) {
        return new Client.Part("files", name, bytes);
    }

    @Test
    void classesAreMadeRenamedAndDeletedWithNamesChecked() {
        assertEquals(201, c.post(base + "/classes", Map.of("name", "ankle boot")).status());
        assertEquals(201, c.post(base + "/classes", Map.of("name", "sandal")).status());
        Client.Res clash = c.post(base + "/classes", Map.of("name", "Sandal"));
        assertEquals(409, clash.status());
        assertTrue(clash.error().contains("already exists"), clash.error());
        for (String bad : new String[] {"", "..", "../up", "a/b", "a\\b", ".hidden", "x".repeat(65), "dot.", "nul\0"}) {
            Client.Res r = c.post(base + "/classes", Map.of("name", bad));
            assertEquals(400, r.status(), bad);
            assertTrue(r.error().startsWith("class name"), r.error());
        }
        Client.Res renamed = c.patch(base + "/classes/" + Client.enc("ankle boot"), Map.of("name", "boot"));
        assertEquals(200, renamed.status(), renamed.text());
        assertTrue(Files.isDirectory(data().resolve("boot")) && !Files.exists(data().resolve("ankle boot")));
        assertEquals(409, c.patch(base + "/classes/boot", Map.of("name", "SANDAL")).status());
        assertEquals(404, c.patch(base + "/classes/nothing", Map.of("name", "x")).status());
        assertEquals(200, c.delete(base + "/classes/boot").status());
        JsonArray left = c.get(base).json().getAsJsonObject().getAsJsonArray("classes");
        assertEquals(1, left.size());
        assertEquals("sandal", left.get(0).getAsJsonObject().get("name").getAsString());
        try (Stream<Path> s = Files.list(data())) {
            assertEquals(1, s.count(), "only sandal/ is left on disk");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void uploadsKeepImagesAndRefuseBadFilesOneByOne() throws Exception {
        c.post(base + "/classes", Map.of("name", "a"));
        c.post(base + "/classes", Map.of("name", "b"));
        byte[] good = StudioFixture.png(20, 20, 1);
        byte[] truncated = java.util.Arrays.copyOf(StudioFixture.png(40, 40, 2), 60);
        Client.Res r = c.upload(base + "/classes/a/images", List.of(file("../../../evil name.png", good),
                file("photo.jpeg", StudioFixture.jpeg(30, 20, 3)), file("cat.png", Hostile.script()),
                file("empty.png", new byte[0])));
        assertEquals(200, r.status(), r.text());
        JsonObject out = r.json().getAsJsonObject();
        assertEquals(2, out.getAsJsonArray("added").size(), r.text());
        assertEquals(2, out.getAsJsonArray("refused").size(), r.text());
        assertEquals("evil_name.png", out.getAsJsonArray("added").get(0).getAsJsonObject().get("name").getAsString(),
                "the stored name keeps only safe characters of the last path segment");
        assertTrue(reason(out, "cat.png").contains("not an image"), out.toString());
        assertTrue(reason(out, "empty.png").contains("empty"), out.toString());
        // a second batch: a truncated PNG, a WebP, a file over the size limit, a header declaring 1000x1000 pixels
        r = c.upload(base + "/classes/a/images", List.of(file("cut.png", truncated), file("x.webp", Hostile.webp()),
                file("big.png", java.util.Arrays.copyOf(good, 25_000)), file("bomb.png", Hostile.pngBomb(1000, 1000)),
                file("evil_name.png", good)));
        out = r.json().getAsJsonObject();
        assertEquals(1, out.getAsJsonArray("added").size(), r.text());
        assertEquals("evil_name-2.png", out.getAsJsonArray("added").get(0).getAsJsonObject().get("name").getAsString());
        assertTrue(reason(out, "cut.png").startsWith("unreadable PNG"), out.toString());
        assertTrue(reason(out, "x.webp").contains("WebP"), out.toString());
        assertTrue(reason(out, "big.png").contains("20000-byte limit"), out.toString());
        assertTrue(reason(out, "bomb.png").contains("1000x1000") && reason(out, "bomb.png").contains("bomb"),
                out.toString());
        // only the three good images are on disk, with their sniffed extensions
        try (Stream<Path> s = Files.list(data().resolve("a"))) {
            assertEquals(List.of("evil_name-2.png", "evil_name.png", "photo.jpg"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(List.of("evil_name-2.png", "evil_name.png", "photo.jpg"), names(c.get(base + "/classes/a/images")));
        assertEmptyStaging();

        Client.Res original = c.get(base + "/classes/a/images/photo.jpg");
        assertEquals("image/jpeg", original.header("Content-Type"));
        assertArrayEquals(Files.readAllBytes(data().resolve("a/photo.jpg")), original.bytes());
        Client.Res thumb = c.get(base + "/classes/a/images/photo.jpg/thumb");
        assertEquals("image/png", thumb.header("Content-Type"));
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb.bytes()));
        assertEquals(30, t.getWidth(), "a small image is not enlarged");

        Client.Res moved = c.post(base + "/classes/a/images/photo.jpg/move", Map.of("to", "b"));
        assertEquals(200, moved.status(), moved.text());
        assertTrue(Files.exists(data().resolve("b/photo.jpg")) && !Files.exists(data().resolve("a/photo.jpg")));
        assertEquals(404, c.post(base + "/classes/b/images/photo.jpg/move", Map.of("to", "nowhere")).status());
        assertEquals(204, c.delete(base + "/classes/b/images/photo.jpg").status());
        assertEquals(404, c.get(base + "/classes/b/images/photo.jpg").status());
        assertEquals(404, c.delete(base + "/classes/b/images/photo.jpg").status());
        JsonArray classes = c.get(base).json().getAsJsonObject().getAsJsonArray("classes");
        assertEquals(2, classes.get(0).getAsJsonObject().get("count").getAsInt());
        assertEquals(0, classes.get(1).getAsJsonObject().get("count").getAsInt());
    }

    @Test
    void uploadLimitsRefuseTheWholeRequestWithTheLimitNamed() throws Exception {
        c.post(base + "/classes", Map.of("name", "a"));
        List<Client.Part> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(file("i" + i + ".png", StudioFixture.png(8, 8, i)));
        }
        Client.Res tooMany = c.upload(base + "/classes/a/images", six);
        assertEquals(413, tooMany.status(), tooMany.text());
        assertTrue(tooMany.error().contains("limit of 5"), tooMany.error());
        Client.Res tooBig = c.upload(base + "/classes/a/images", List.of(file("huge.png", new byte[250_000])));
        assertEquals(413, tooBig.status(), tooBig.text());
        assertTrue(tooBig.error().contains("200000"), tooBig.error());
        // a declared length over the limit is refused before a byte of the body is read (none is sent)
        String hostPort = "127.0.0.1:" + studio.port();
        String promised = c.raw("POST " + base + "/classes/a/images HTTP/1.1\r\nHost: " + hostPort + "\r\nOrigin: http://"
                + hostPort + "\r\nX-Graft-Token: " + studio.token() + "\r\nContent-Type: multipart/form-data; "
                + "boundary=b\r\nContent-Length: 1000000000\r\n\r\n", 10_000);
        assertTrue(promised.startsWith("HTTP/1.1 413") && promised.contains("upload of 1000000000 bytes"), promised);
        Client.Res notMultipart = c.post(base + "/classes/a/images", Map.of("files", "x"));
        assertEquals(400, notMultipart.status());
        assertEquals(0, names(c.get(base + "/classes/a/images")).size(), "nothing kept");
        assertEmptyStaging();
    }

    @Test
    void pathsFromRequestsNeverLeaveTheirFolder() throws Exception {
        c.post(base + "/classes", Map.of("name", "a"));
        c.upload(base + "/classes/a/images", List.of(file("x.png", StudioFixture.png(8, 8, 1))));
        Path meta = data().getParent().resolve("project.json");
        String secret = Files.readString(meta);
        for (String path : new String[] {"/classes/a/images/..%2F..%2Fproject.json", "/classes/..%2F..%2F/images",
                "/classes/%2E%2E/images/x.png", "/classes/a/images/%2E%2E%2F%2E%2E%2Fproject.json/thumb",
                "/classes/a/images/x.png%00.png"}) {
            Client.Res r = c.get(base + path);
            assertTrue(r.status() == 400 || r.status() == 404, path + " -> " + r.status());
            assertFalse(r.text().contains(secret), path);
            assertTrue(c.delete(base + path).status() >= 400, path);
        }
        assertTrue(Files.exists(meta));
        assertEquals(1, names(c.get(base + "/classes/a/images")).size());
    }

    @Test
    void aClassLinkedOutsideTheWorkspaceIsNeverWritten() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        c.post(base + "/classes", Map.of("name", "a"));
        Files.createSymbolicLink(data().resolve("evil"), outside);
        Client.Res up = c.upload(base + "/classes/evil/images", List.of(file("x.png", StudioFixture.png(8, 8, 1))));
        assertTrue(up.status() == 403 || up.status() == 404, up.status() + " " + up.text());
        c.upload(base + "/classes/a/images", List.of(file("y.png", StudioFixture.png(8, 8, 2))));
        Client.Res mv = c.post(base + "/classes/a/images/y.png/move", Map.of("to", "evil"));
        assertTrue(mv.status() == 403 || mv.status() == 404, mv.status() + " " + mv.text());
        assertEquals(409, c.post(base + "/classes", Map.of("name", "a")).status());
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing was written outside the workspace");
        }
        assertTrue(Files.exists(data().resolve("a/y.png")));
    }

    private void assertEmptyStaging() {
        try (Stream<Path> s = Files.walk(dir.resolve("ws").resolve(".tmp"))) {
            assertEquals(1, s.count(), "the staging folder is empty after the request");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String reason(JsonObject outcome, String file) {
        for (var e : outcome.getAsJsonArray("refused")) {
            if (e.getAsJsonObject().get("file").getAsString().equals(file)) {
                return e.getAsJsonObject().get("reason").getAsString();
            }
        }
        throw new AssertionError(file + " was not refused: " + outcome);
    }

    static List<String> names(Client.Res r) {
        List<String> out = new ArrayList<>();
        r.json().getAsJsonArray().forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
