package dev.graft.studio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code graft studio --json} prints one JSON line a script reads the URL from, and the URL works. */
class StudioCommandJsonTest {
    @TempDir
    Path dir;

    @Test
    void jsonIsOneLineWithAWorkingUrl() throws Exception {
        StudioCommand cmd = new StudioCommand();
        PipedInputStream in = new PipedInputStream();
        cmd.out = new PrintStream(new PipedOutputStream(in), true, StandardCharsets.UTF_8);
        CommandLine cli = new CommandLine(cmd);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> cli.execute("--json", "--port", "0",
                "--workspace", dir.resolve("ws").toString()));
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            assertEquals(dir.resolve("ws").toAbsolutePath().normalize().toString(), o.get("workspace").getAsString());
            String url = o.get("url").getAsString();
            assertTrue(url.startsWith("http://127.0.0.1:") && url.contains("token="), url);
            HttpResponse<String> page = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                    .followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode()); // the token becomes a cookie, and the page loads
            assertTrue(page.body().contains("Graft Studio"), "the page");
        } finally {
            cmd.stopped.countDown();
        }
        assertEquals(0, code.get(60, TimeUnit.SECONDS));
    }
}
