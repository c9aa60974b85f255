package dev.graft.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projects: create, list, open, rename, delete; they survive a restart; bad names and ids are refused. */
class ProjectApiTest {
    @TempDir
    Path dir;

    @Test
    void projectsLiveOnDiskAndSurviveARestart() {
        Path ws = dir.resolve("ws");
        String id;
        try (Studio studio = StudioFixture.start(ws)) {
            Client c = new Client(studio);
            assertEquals(0, c.get("/api/projects").json().getAsJsonArray().size());
            Client.Res created = c.post("/api/projects", Map.of("name", "Shoes and bags"));
            assertEquals(201, created.status(), created.text());
            id = created.json().getAsJsonObject().get("id").getAsString();
            assertTrue(Files.isRegularFile(ws.resolve("projects").resolve(id).resolve("project.json")));
            assertEquals(201, c.post("/api/projects", Map.of("name", "Second")).status());
            Client.Res renamed = c.patch("/api/projects/" + id, Map.of("name", "Footwear"));
            assertEquals(200, renamed.status(), renamed.text());
            assertEquals("Footwear", renamed.json().getAsJsonObject().get("name").getAsString());
        }
        try (Studio again = StudioFixture.start(ws)) {
            Client c = new Client(again);
            JsonArray list = c.get("/api/projects").json().getAsJsonArray();
            assertEquals(2, list.size(), "both projects are back after a restart");
            JsonObject first = list.get(0).getAsJsonObject();
            assertEquals(id, first.get("id").getAsString());
            assertEquals("Footwear", first.get("name").getAsString(), "the rename survived");
            assertEquals(0, first.get("images").getAsInt());
            JsonObject opened = c.get("/api/projects/" + id).json().getAsJsonObject();
            assertEquals(0, opened.getAsJsonArray("classes").size());

            assertEquals(204, c.delete("/api/projects/" + id).status());
            assertFalse(Files.exists(ws.resolve("projects").resolve(id)), "deleting removes the folder");
            assertEquals(404, c.get("/api/projects/" + id).status());
            assertEquals(1, c.get("/api/projects").json().getAsJsonArray().size());
        }
    }

    @Test
    void badNamesAndIdsAreRefusedWithTheReason() {
        try (Studio studio = StudioFixture.start(dir.resolve("ws"))) {
            Client c = new Client(studio);
            for (String bad : new String[] {"", "   ", "x".repeat(81), "tab\there"}) {
                Client.Res r = c.post("/api/projects", Map.of("name", bad));
                assertEquals(400, r.status(), bad);
                assertTrue(r.error().startsWith("project name"), r.error());
            }
            Client.Res noBody = c.send(c.req("/api/projects").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[1,2]")).build());
            assertEquals(400, noBody.status());
            for (String id : new String[] {"nope", "..", "..%2F..%2Fetc", "ABC", "a%00b"}) {
                Client.Res r = c.get("/api/projects/" + id);
                assertTrue(r.status() == 404 || r.status() == 400, id + " -> " + r.status());
                int patched = c.patch("/api/projects/" + id, Map.of("name", "x")).status();
                assertTrue(patched == 404 || patched == 400, id + " -> " + patched);
                assertTrue(c.delete("/api/projects/" + id).status() >= 400, id);
            }
            assertEquals(0, c.get("/api/projects").json().getAsJsonArray().size(), "nothing was created");
            try (var names = Files.list(dir.resolve("ws"))) {
                assertEquals(java.util.Set.of("projects", ".tmp"), names.map(p -> p.getFileName().toString())
                        .collect(java.util.stream.Collectors.toSet()), "nothing else in the workspace");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
