package dev.graft.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training over HTTP on real Fashion-MNIST images: refusals of the form, the queue (one job at a
 * time, the rest visibly waiting), live events, stop and resume, review, try-it, the run zip,
 * ONNX export and a comparison study. One Studio for the class; the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainApiTest {
    @TempDir
    static Path dir;
    static Studio studio;
    static Client c;
    static String base;
    static final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        studio = StudioFixture.start(dir.resolve("ws"));
        c = new Client(studio);
        base = "/api/projects/" + c.post("/api/projects", Map.of("name", "t")).json().getAsJsonObject().get("id")
                .getAsString();
        listen();
    }

    @AfterAll
    static void stop() {
        studio.close();
    }

    /** Reads the event stream the page reads, in the background. */
    static void listen() {
        HttpRequest r = HttpRequest.newBuilder(URI.create(c.base + "/api/events"))
                .header("X-Graft-Token", studio.token()).header("Accept", "text/event-stream").build();
        HttpClient.newHttpClient().sendAsync(r, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(res -> res.body().forEach(events::add));
    }

    static void upload(String cls, int fmnistClass, int n) throws Exception {
        c.post(base + "/classes", Map.of("name", cls));
        List<Client.Part> parts = new ArrayList<>();
        for (Path f : FashionPngs.write(fmnistClass, 0, n, dir.resolve("png").resolve(cls), cls)) {
            parts.add(new Client.Part("files", f.getFileName().toString(), Files.readAllBytes(f)));
        }
        Client.Res r = c.upload(base + "/classes/" + cls + "/images", parts);
        assertEquals(n, r.json().getAsJsonObject().getAsJsonArray("added").size(), r.text());
    }

    static JsonObject job(String id) {
        for (JsonElement j : c.get("/api/jobs").json().getAsJsonArray()) {
            if (j.getAsJsonObject().get("id").getAsString().equals(id)) {
                return j.getAsJsonObject();
            }
        }
        throw new AssertionError("no job " + id);
    }

    static JsonObject await(String id, Set<String> states) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            JsonObject j = job(id);
            if (states.contains(j.get("state").getAsString())) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " never reached " + states + ": " + job(id));
    }

    static String submit(String path, Object body) {
        Client.Res r = c.post(path, body);
        assertEquals(202, r.status(), r.text());
        return r.json().getAsJsonObject().get("id").getAsString();
    }

    @Test
    @Order(1)
    void theFormIsCheckedBeforeAnythingIsQueued() throws Exception {
        assertTrue(c.post(base + "/train", Map.of()).error().contains("at least two classes"));
        upload("sandal", 5, 6);
        c.post(base + "/classes", Map.of("name", "sneaker"));
        assertTrue(c.post(base + "/train", Map.of()).error().contains("'sneaker' has 0 image"));
        upload("boot", 9, 6);
        c.delete(base + "/classes/sneaker");
        Object[][] bad = {{"backbone", "nope.tag"}, {"strategy", "sideways"}, {"epochs", 0}, {"lr", -1},
            {"augment", "wild"}, {"epochs", "many"}};
        for (Object[] b : bad) {
            Client.Res r = c.post(base + "/train", Map.of((String) b[0], b[1]));
            assertEquals(400, r.status(), b[0] + ": " + r.text());
            assertTrue(r.error().contains((String) b[0]) || r.error().contains(String.valueOf(b[1])), r.error());
        }
        Client.Res file = c.post(base + "/train", Map.of("backbone", "file", "weightsFile", dir.resolve("no.pth")
                .toString(), "arch", "resnet18"));
        assertTrue(file.error().contains("not a file"), file.error());
        Path w = Files.write(dir.resolve("w.safetensors"), new byte[8]);
        Client.Res arch = c.post(base + "/train", Map.of("backbone", "file", "weightsFile", w.toString(),
                "arch", "resnet9000"));
        assertTrue(arch.error().contains("resnet9000"), arch.error());
        assertEquals(0, c.get(base + "/runs").json().getAsJsonArray().size(), "no run was made");
        JsonObject options = c.get("/api/options").json().getAsJsonObject();
        // the library's default backbone first and preselected, then the other bundled one
        assertEquals("resnet18_small.fmnist_simclr", options.getAsJsonArray("backbones").get(0).getAsJsonObject()
                .get("id").getAsString());
        assertEquals("resnet18_small.fmnist_simclr", options.getAsJsonObject("defaults").get("backbone").getAsString());
        assertEquals("resnet18_small.fmnist_src", options.getAsJsonArray("backbones").get(1).getAsJsonObject()
                .get("id").getAsString());
        assertEquals(5, options.getAsJsonArray("strategies").size());
        options.getAsJsonArray("strategies").forEach(s -> assertFalse(s.getAsJsonObject().get("explanation")
                .getAsString().isBlank()));
    }

    @Test
    @Order(2)
    void oneJobRunsAtATimeAndTheOthersWaitVisibly() throws Exception {
        String first = submit(base + "/train", Map.of("strategy", "fine-tune", "epochs", 1));
        String second = submit(base + "/train", Map.of("strategy", "linear-probe", "epochs", 2));
        JsonObject waiting = job(second);
        if (job(first).get("state").getAsString().equals("running")) {
            assertEquals("queued", waiting.get("state").getAsString(), "the second waits while the first runs");
            assertEquals(0, waiting.get("position").getAsInt());
        }
        JsonObject done = await(first, Set.of("done", "failed"));
        assertEquals("done", done.get("state").getAsString(), done.toString());
        assertEquals(4, done.getAsJsonArray("history").size(), "3 head epochs and 1 fine-tune epoch");
        assertFalse(done.getAsJsonArray("steps").isEmpty());
        assertEquals("done", await(second, Set.of("done", "failed")).get("state").getAsString());
        assertTrue(Instant(job(second), "started") >= Instant(done, "finished"), "the second started after the first");
        JsonArray runs = c.get(base + "/runs").json().getAsJsonArray();
        assertEquals(2, runs.size());
        for (JsonElement r : runs) {
            assertEquals("finished", r.getAsJsonObject().get("state").getAsString(), r.toString());
            assertEquals("[\"boot\",\"sandal\"]", r.getAsJsonObject().get("labels").toString());
        }
        JsonObject run1 = c.get(base + "/runs/run-1").json().getAsJsonObject();
        assertEquals(4, run1.getAsJsonArray("history").size());
        assertTrue(events.stream().anyMatch(e -> e.equals("event: epoch")), "epochs reached the event stream");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("data: ") && e.contains("\"state\":\"done\"")));
    }

    private static long Instant(JsonObject job, String key) {
        return java.time.Instant.parse(job.get(key).getAsString()).toEpochMilli();
    }

    @Test
    @Order(3)
    void theReviewShowsEveryValidationImageOnce() throws Exception {
        JsonObject rv = c.get(base + "/runs/run-1/review").json().getAsJsonObject();
        JsonArray items = rv.getAsJsonArray("items");
        long total = 0;
        for (JsonElement row : rv.getAsJsonArray("confusion")) {
            for (JsonElement v : row.getAsJsonArray()) {
                total += v.getAsLong();
            }
        }
        assertEquals(2, items.size(), "a fifth of 6 images per class, rounded: one of each class validates");
        assertEquals(items.size(), total, "every image is in one cell");
        assertEquals(2, rv.getAsJsonArray("perClass").size());
        JsonObject it = items.get(0).getAsJsonObject();
        Client.Res thumb = c.get(base + "/runs/run-1/images/" + it.get("truth").getAsString() + "/"
                + it.get("name").getAsString() + "/thumb");
        assertEquals(200, thumb.status());
        assertNotNull(javax.imageio.ImageIO.read(new ByteArrayInputStream(thumb.bytes())));
        assertEquals(400, c.get(base + "/runs/run-1/images/boot/..%2Fstudio.json/thumb").status());
        assertEquals(404, c.get(base + "/runs/run-9/review").status());
    }

    @Test
    @Order(4)
    void tryItGivesTheTopLabelsOfACheckedImage() throws Exception {
        Path img = FashionPngs.write(9, 100, 1, dir.resolve("try"), "boot").get(0);
        Client.Res r = c.upload(base + "/runs/run-1/predict", List.of(new Client.Part("file", "boot.png",
                Files.readAllBytes(img))));
        assertEquals(200, r.status(), r.text());
        JsonArray top = r.json().getAsJsonObject().getAsJsonArray("top");
        assertEquals(2, top.size(), "two classes");
        double sum = 0;
        for (JsonElement t : top) {
            sum += t.getAsJsonObject().get("probability").getAsDouble();
        }
        assertEquals(1.0, sum, 1e-4);
        // where the model looked: the library's Grad-CAM overlay, as an image the page can show
        String heat = r.json().getAsJsonObject().get("heatmap").getAsString();
        assertTrue(heat.startsWith("data:image/png;base64,"), heat.substring(0, Math.min(40, heat.length())));
        java.awt.image.BufferedImage overlay = javax.imageio.ImageIO.read(new ByteArrayInputStream(
                java.util.Base64.getDecoder().decode(heat.substring(heat.indexOf(',') + 1))));
        assertTrue(overlay.getWidth() >= 224, "drawn large enough to see: " + overlay.getWidth());
        Client.Res text = c.upload(base + "/runs/run-1/predict", List.of(new Client.Part("file", "x.png",
                Hostile.script())));
        assertEquals(415, text.status(), text.text());
        Client.Res bomb = c.upload(base + "/runs/run-1/predict", List.of(new Client.Part("file", "b.png",
                Hostile.pngBomb(20_000, 20_000))));
        assertEquals(415, bomb.status(), bomb.text());
        assertTrue(bomb.error().contains("20000x20000"), bomb.error());
    }

    @Test
    @Order(5)
    void likelyLabelErrorsAreFoundByAJobOverTheTrainingImages() throws Exception {
        JsonObject before = c.get(base + "/runs/run-1/review").json().getAsJsonObject().getAsJsonObject("issues");
        assertEquals("idle", before.get("state").getAsString(), before.toString());
        String id = submit(base + "/runs/run-1/review", Map.of());
        JsonObject j = await(id, Set.of("done", "failed"));
        assertEquals("done", j.get("state").getAsString(), j.toString());
        JsonObject issues = c.get(base + "/runs/run-1/review").json().getAsJsonObject().getAsJsonObject("issues");
        assertEquals("ready", issues.get("state").getAsString(), issues.toString());
        assertTrue(issues.get("message").getAsString().contains("training images"), issues.toString());
        Path train = dir.resolve("ws/projects").resolve(base.substring(base.lastIndexOf('/') + 1))
                .resolve("runs/run-1/data/train");
        for (JsonElement e : issues.getAsJsonArray("items")) {
            JsonObject it = e.getAsJsonObject();
            String given = it.get("truth").getAsString();
            assertTrue(Files.isRegularFile(train.resolve(given).resolve(it.get("name").getAsString())),
                    "a flagged image is a training image of its given class: " + it);
            assertFalse(given.equals(it.get("predicted").getAsString()), it.toString());
            assertEquals(200, c.get(base + "/runs/run-1/images/" + given + "/" + it.get("name").getAsString()
                    + "/thumb").status());
        }
        assertEquals(404, c.post(base + "/runs/run-9/review", Map.of()).status());
    }

    @Test
    @Order(6)
    void theRunZipHoldsWhatGraftPredictNeeds() throws Exception {
        Client.Res r = c.get(base + "/runs/run-1/download.zip");
        assertEquals(200, r.status());
        assertEquals("application/zip", r.header("Content-Type"));
        List<String> names = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(r.bytes()))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertTrue(names.containsAll(List.of("run-1/graft.json", "run-1/model.safetensors", "run-1/metrics.jsonl")),
                names.toString());
        assertFalse(names.stream().anyMatch(n -> n.contains("checkpoint") || n.contains("request.json")), names.toString());
    }

    @Test
    @Order(7)
    void stopSavesTheRunAndResumeContinuesIt() throws Exception {
        // early stopping (the library's patience of 5 epochs) ends a run of these few images within seconds,
        // so the stop goes in at the first optimizer step
        String id = submit(base + "/train", Map.of("strategy", "scratch", "epochs", 500));
        String run = job(id).get("target").getAsString();
        for (int i = 0; i < 3000 && job(id).getAsJsonArray("steps").isEmpty(); i++) {
            Thread.sleep(20);
        }
        Client.Res stopping = c.post("/api/jobs/" + id + "/stop", Map.of());
        assertEquals(200, stopping.status(), stopping.text() + " after steps " + job(id).getAsJsonArray("steps"));
        String queued = submit(base + "/train", Map.of("strategy", "linear-probe"));
        assertEquals("queued", job(queued).get("state").getAsString());
        assertEquals(409, c.delete(base + "/runs/" + run).status(), "a busy run is not deleted");
        assertEquals(409, c.delete(base).status(), "a busy project is not deleted");
        assertEquals("cancelled", c.post("/api/jobs/" + queued + "/stop", Map.of()).json().getAsJsonObject()
                .get("state").getAsString());
        JsonObject stopped = await(id, Set.of("stopped", "done", "failed"));
        assertEquals("stopped", stopped.get("state").getAsString(), stopped.toString());
        int before = stopped.getAsJsonArray("history").size();
        JsonObject view = c.get(base + "/runs/" + run).json().getAsJsonObject();
        assertEquals("stopped", view.get("state").getAsString(), view.toString());
        assertTrue(view.get("resumable").getAsBoolean());
        assertEquals("stopped by user", view.get("stopped").getAsString());
        assertEquals(409, c.post("/api/jobs/" + id + "/stop", Map.of()).status(), "nothing left to stop");

        String resumed = submit(base + "/runs/" + run + "/resume", Map.of());
        assertEquals(409, c.post(base + "/runs/" + run + "/resume", Map.of()).status(), "not twice at once");
        JsonObject end = await(resumed, Set.of("stopped", "done", "failed"));
        assertEquals("done", end.get("state").getAsString(), end.toString());
        JsonArray history = end.getAsJsonArray("history");
        assertTrue(history.size() > before, "the resumed run adds epochs to the " + before + " it had");
        assertEquals(1, history.get(0).getAsJsonObject().get("epoch").getAsInt(), "and shows the earlier ones");
        view = c.get(base + "/runs/" + run).json().getAsJsonObject();
        assertEquals("finished", view.get("state").getAsString(), view.toString());
        assertFalse(view.get("resumable").getAsBoolean());
        assertEquals(history.size(), view.getAsJsonArray("history").size(), "metrics.jsonl has every epoch");
        assertEquals(204, c.delete(base + "/runs/" + run).status());
        assertEquals(404, c.post(base + "/runs/" + run + "/resume", Map.of()).status());
        Client.Res finished = c.post(base + "/runs/run-1/resume", Map.of());
        assertEquals(409, finished.status());
        assertTrue(finished.error().contains("finished"), finished.error());
    }

    @Test
    @Order(8)
    void onnxExportRunsAsAJobAndServesTheFile() throws Exception {
        JsonObject state = c.get(base + "/runs/run-1/exports").json().getAsJsonObject();
        assertTrue(state.get("onnxAvailable").getAsBoolean(), "graft-onnx is on the test classpath");
        assertFalse(state.has("onnx"));
        assertEquals(404, c.get(base + "/runs/run-1/model.onnx").status());
        String id = submit(base + "/runs/run-1/onnx", Map.of());
        JsonObject j = await(id, Set.of("done", "failed"));
        assertEquals("done", j.get("state").getAsString(), j.toString());
        state = c.get(base + "/runs/run-1/exports").json().getAsJsonObject();
        assertTrue(state.getAsJsonObject("onnx").get("note").getAsString().contains("relative error"));
        Client.Res onnx = c.get(base + "/runs/run-1/model.onnx");
        assertEquals(200, onnx.status());
        assertEquals(state.getAsJsonObject("onnx").get("bytes").getAsLong(), onnx.bytes().length);
    }

    @Test
    @Order(9)
    void aComparisonStudyShowsItsReportSandboxed() throws Exception {
        assertEquals(400, c.post(base + "/studies", Map.of("strategies", List.of())).status());
        assertEquals(400, c.post(base + "/studies", Map.of("strategies", List.of("linear-probe"), "sizes", "x"))
                .status());
        String id = submit(base + "/studies", Map.of("strategies", List.of("linear-probe"), "sizes", "2,all",
                "epochs", 1));
        JsonObject j = await(id, Set.of("done", "failed"));
        assertEquals("done", j.get("state").getAsString(), j.toString());
        JsonArray list = c.get(base + "/studies").json().getAsJsonArray();
        assertTrue(list.get(0).getAsJsonObject().get("report").getAsBoolean(), list.toString());
        Client.Res report = c.get(base + "/studies/study-1/report.html");
        assertEquals(200, report.status());
        assertTrue(report.header("Content-Security-Policy").contains("sandbox"));
        assertTrue(report.text().contains("<html"), "the study's own report");
        assertEquals(404, c.get(base + "/studies/study-9/report.html").status());
        try (Stream<Path> s = Files.list(dir.resolve("ws/.tmp"))) {
            assertEquals(0, s.count());
        }
    }
}
