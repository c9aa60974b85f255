package dev.graft.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request needs the session token; changes need this server's Origin; the Host must be this server. */
class GuardTest {
    @TempDir
    static Path dir;
    static Studio studio;
    static Client c;

    @BeforeAll
    static void start() {
        studio = StudioFixture.start(dir.resolve("ws"));
        c = new Client(studio);
    }

    @AfterAll
    static void stop() {
        studio.close();
    }

    private HttpRequest.Builder bare(String path) {
        return HttpRequest.newBuilder(URI.create(c.base + path));
    }

    @Test
    void everyPathNeedsTheToken() {
        for (String path : new String[] {"/", "/assets/app.js", "/api/projects", "/api/jobs", "/api/events",
                "/api/nothing-here", "/api/projects/abc/classes/x/images/y.png"}) {
            Client.Res r = c.send(bare(path).GET().build());
            assertEquals(401, r.status(), path);
            assertTrue(r.text().contains("session token"), path + ": " + r.text());
        }
        Client.Res wrong = c.send(bare("/api/projects").header("X-Graft-Token", studio.token() + "x").GET().build());
        assertEquals(401, wrong.status());
        Client.Res wrongQuery = c.send(bare("/api/projects?token=" + "A".repeat(43)).GET().build());
        assertEquals(401, wrongQuery.status());
    }

    @Test
    void thePrintedUrlSetsAStrictCookieAndDropsTheTokenFromTheAddress() {
        assertTrue(studio.url().startsWith("http://127.0.0.1:" + studio.port() + "/?token="));
        Client.Res first = c.send(HttpRequest.newBuilder(URI.create(studio.url())).GET().build());
        assertEquals(302, first.status());
        assertEquals("/", first.header("Location"));
        String cookie = first.header("Set-Cookie");
        assertNotNull(cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String pair = cookie.substring(0, cookie.indexOf(';'));
        Client.Res page = c.send(bare("/").header("Cookie", pair).GET().build());
        assertEquals(200, page.status());
        assertTrue(page.text().contains("<title>Graft Studio</title>"));
        assertEquals(200, c.send(bare("/api/projects").header("Cookie", pair).GET().build()).status());
    }

    @Test
    void changesNeedThisServersOrigin() {
        String cookie = "graft_studio_" + studio.port() + "=" + studio.token();
        String body = "{\"name\":\"x\"}";
        HttpRequest.BodyPublisher p = HttpRequest.BodyPublishers.ofString(body);
        // a page on another site, with the browser's cookie: refused
        Client.Res evil = c.send(bare("/api/projects").header("Cookie", cookie).header("Origin", "http://evil.example")
                .POST(p).build());
        assertEquals(403, evil.status());
        assertTrue(evil.error().contains("cross-site"), evil.error());
        // another port on the same host is another origin
        Client.Res port = c.send(bare("/api/projects").header("Cookie", cookie)
                .header("Origin", "http://127.0.0.1:" + (studio.port() + 1)).POST(p).build());
        assertEquals(403, port.status());
        Client.Res nul = c.send(bare("/api/projects").header("Cookie", cookie).header("Origin", "null").POST(p).build());
        assertEquals(403, nul.status());
        // no Origin and only the cookie (a form or an old client): refused
        Client.Res noOrigin = c.send(bare("/api/projects").header("Cookie", cookie).POST(p).build());
        assertEquals(403, noOrigin.status());
        assertTrue(noOrigin.error().contains("X-Graft-Token"), noOrigin.error());
        // DELETE and PATCH are changes too
        assertEquals(403, c.send(bare("/api/projects/abc").header("Cookie", cookie).header("Origin", "http://evil.example")
                .DELETE().build()).status());
        assertEquals(0, c.get("/api/projects").json().getAsJsonArray().size(), "nothing was created");
        // the page's own origin, or a program with the token in the header: accepted
        Client.Res same = c.send(bare("/api/projects").header("Cookie", cookie).header("Origin", c.base)
                .header("Content-Type", "application/json").POST(p).build());
        assertEquals(201, same.status(), same.text());
        Client.Res program = c.send(bare("/api/projects").header("X-Graft-Token", studio.token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(201, program.status(), program.text());
    }

    @Test
    void aForeignHostIsRefusedEvenWithTheToken() throws Exception {
        String ok = c.raw("GET /api/projects HTTP/1.1\r\nHost: 127.0.0.1:" + studio.port() + "\r\nX-Graft-Token: "
                + studio.token() + "\r\nConnection: close\r\n\r\n");
        assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
        String rebound = c.raw("GET /api/projects HTTP/1.1\r\nHost: attacker.example:" + studio.port()
                + "\r\nX-Graft-Token: " + studio.token() + "\r\nConnection: close\r\n\r\n");
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        assertTrue(rebound.contains("Host"), rebound);
    }

    @Test
    void responsesForbidSniffingAndOutsideScripts() {
        Client.Res r = c.get("/");
        assertEquals(200, r.status());
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("http"), csp);
        assertEquals("no-referrer", r.header("Referrer-Policy"));
    }

    @Test
    void assetsComeFromTheJarAndNothingElse() throws Exception {
        Client.Res index = c.get("/");
        assertFalse(index.text().matches("(?s).*(src|href)=\"(https?:)?//.*"), "no outside reference in the page");
        assertEquals(404, c.get("/assets/..%2Fweb%2Findex.html").status());
        assertEquals(404, c.get("/assets/Studio.class").status());
        assertTrue(Files.notExists(dir.resolve("ws").resolve("assets")));
        Map<String, String> types = Map.of("app.js", "text/javascript", "app.css", "text/css");
        for (var e : types.entrySet()) {
            Client.Res a = c.get("/assets/" + e.getKey());
            assertEquals(200, a.status(), e.getKey());
            assertTrue(a.header("Content-Type").startsWith(e.getValue()), a.header("Content-Type"));
            assertFalse(a.text().contains("http://") || a.text().contains("https://"), e.getKey() + " loads nothing "
                    + "from outside");
        }
    }

    @Test
    void loopbackIsTheDefaultAndOtherAddressesAreMarkedExposed() {
        assertFalse(studio.exposed());
        assertTrue(Studio.isLoopback("127.0.0.1") && Studio.isLoopback("::1") && Studio.isLoopback("localhost"));
        assertFalse(Studio.isLoopback("0.0.0.0"));
    }
}
