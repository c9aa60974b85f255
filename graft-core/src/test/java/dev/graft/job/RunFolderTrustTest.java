package dev.graft.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.HeadSpec;
import dev.graft.model.Models;
import dev.graft.model.TorchScriptNetwork;
import dev.graft.recipe.Strategy;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.testing.Fixtures;
import dev.graft.train.TrainConfig;
import dev.graft.io.Hashing;
import dev.graft.weights.Safetensors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder is untrusted input: its {@code graft.json} and {@code request.json} never make
 * Graft run a TorchScript program the user did not name, read a weights file outside the folder
 * the user did not name, or contact a host other than the hub; and the model it loads is the
 * folder's own file with the recorded sha256.
 */
class RunFolderTrustTest {
    private static final Path PT = Fixtures.resource("/fixtures/torchscript/small_cnn.pt");
    private static final List<String> LABELS = List.of("a", "b");

    @TempDir
    Path tmp;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A finished run folder of {@code arch} with the network's own weights and a matching graft.json. */
    private Path run(String name, String arch, RunInfo.FileRef script) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        RunDir rd = new RunDir(dir);
        try (NDManager m = Engines.newManager()) {
            var net = Models.build(arch, 2, HeadSpec.LINEAR, m, 1);
            Safetensors.write(net.stateDict(), rd.model());
            if (net instanceof TorchScriptNetwork ts) {
                ts.close();
            }
        }
        rd.writeInfo(new RunInfo(1, "t", Map.of(), arch, HeadSpec.LINEAR, null, LABELS, Preprocess.fashionMnist(),
                "scratch", Map.of(), 1, null, Map.of(), new RunInfo.FileRef(RunDir.MODEL,
                        Hashing.sha256(rd.model())), null, null, script));
        return dir;
    }

    private static void edit(Path dir, java.util.function.Consumer<JsonObject> change) throws IOException {
        Path f = dir.resolve(RunDir.INFO);
        JsonObject o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        change.accept(o);
        Files.writeString(f, o.toString());
    }

    @Test
    void aTorchScriptArchitectureLoadsOnlyFromTheUsersFileWithTheRecordedSha() throws IOException {
        String arch = TorchScriptNetwork.PREFIX + PT + "#fc";
        Path dir = run("ts", arch, new RunInfo.FileRef(PT.toString(), Hashing.sha256(PT)));
        var refused = assertThrows(RunException.class, () -> LoadedRun.open(dir, 1));
        assertTrue(refused.getMessage().contains("loading it runs that program") && refused.getMessage()
                .contains("add `torchscript` FILE"), refused.getMessage());
        Path mine = Files.copy(PT, tmp.resolve("mine.pt"));
        try (LoadedRun r = LoadedRun.open(dir, 1, new Trusted(null, mine))) {
            assertEquals(2, r.net().numClasses());
            assertTrue(r.net().arch().contains(mine.toAbsolutePath().toString()), "the user's file is the one loaded");
        }
        Path other = Files.write(tmp.resolve("other.pt"), new byte[] {1, 2, 3});
        var wrong = assertThrows(RunException.class, () -> LoadedRun.open(dir, 1, new Trusted(null, other)));
        assertTrue(wrong.getMessage().contains("differs from the"), wrong.getMessage());
    }

    @Test
    void aRegisteredRunRefusesAProgramAndATamperedArchitecture() throws IOException {
        Path dir = run("plain", "resnet18_small", null);
        try (LoadedRun r = LoadedRun.open(dir, 1)) {
            assertEquals(LABELS, r.info().labels());
        }
        edit(dir, o -> o.addProperty("arch", TorchScriptNetwork.PREFIX + PT + "#fc"));
        var e = assertThrows(RunException.class, () -> LoadedRun.open(dir, 1));
        assertTrue(e.getMessage().contains("add `torchscript` FILE"), e.getMessage());
        edit(dir, o -> o.addProperty("arch", TorchScriptNetwork.PREFIX + PT));
        var noHash = assertThrows(IllegalArgumentException.class, () -> LoadedRun.open(dir, 1));
        assertTrue(noHash.getMessage().contains("which loads and runs a program"), noHash.getMessage());
    }

    @Test
    void theModelIsTheFoldersOwnFileWithTheRecordedSha() throws IOException {
        Path dir = run("m", "resnet18_small", null);
        Path outside = Files.copy(dir.resolve(RunDir.MODEL), tmp.resolve("outside.safetensors"));
        edit(dir, o -> o.getAsJsonObject("model").addProperty("file", "../outside.safetensors"));
        var path = assertThrows(RunException.class, () -> LoadedRun.open(dir, 1));
        assertTrue(path.getMessage().contains("must be the folder's own model.safetensors"), path.getMessage());
        edit(dir, o -> o.getAsJsonObject("model").addProperty("file", RunDir.MODEL));
        byte[] b = Files.readAllBytes(dir.resolve(RunDir.MODEL));
        b[b.length - 1] ^= 1;
        Files.write(dir.resolve(RunDir.MODEL), b);
        var sha = assertThrows(RunException.class, () -> LoadedRun.open(dir, 1));
        assertTrue(sha.getMessage().contains("differs from the") && sha.getMessage().contains("graft.json records"),
                sha.getMessage());
        assertTrue(Files.isRegularFile(outside));
    }

    @Test
    void metadataOutOfRangeIsADamagedFolder() throws IOException {
        Path dir = run("p", "resnet18_small", null);
        edit(dir, o -> o.getAsJsonObject("preprocess").add("std", JsonParser.parseString("[0.3, 0, 0.3]")));
        var std = assertThrows(RunException.class, () -> new RunDir(dir).readInfo());
        assertTrue(std.getMessage().contains("`std` must be in [1.0e-6, 1000], got 0.0"), std.getMessage());
        edit(dir, o -> {
            o.getAsJsonObject("preprocess").add("std", JsonParser.parseString("[0.3, 0.3, 0.3]"));
            o.add("labels", JsonParser.parseString("[\"a\", \"\\u001b]0;pwned\\u0007\"]"));
        });
        var label = assertThrows(RunException.class, () -> new RunDir(dir).readInfo());
        assertTrue(label.getMessage().contains("without control characters"), label.getMessage());
        edit(dir, o -> {
            o.add("labels", JsonParser.parseString("[\"a\", \"b\"]"));
            o.getAsJsonObject("head").addProperty("hidden", 2_000_000_000);
        });
        var head = assertThrows(RunException.class, () -> new RunDir(dir).readInfo());
        assertTrue(head.getMessage().contains("`hidden` must be in [0, 65536], got 2000000000"), head.getMessage());
    }

    @Test
    void baseWeightsOutsideTheFolderAreFetchedFromNoHostAndReadOnlyWhenNamed() throws IOException {
        Path dir = run("lora", "resnet18_small", null);
        Path base = tmp.resolve("base.safetensors");
        Files.copy(dir.resolve(RunDir.MODEL), base);
        Files.move(dir.resolve(RunDir.MODEL), dir.resolve(RunDir.ADAPTERS));
        String baseSha = Hashing.sha256(base);
        edit(dir, o -> {
            o.getAsJsonObject("model").addProperty("file", RunDir.ADAPTERS);
            o.add("peft", JsonParser.parseString("{\"method\": \"bitfit\", \"rank\": 0, \"alpha\": 0, "
                    + "\"adapterReduction\": 0, \"modules\": []}"));
            o.add("base", JsonParser.parseString("{\"source\": \"" + url("/w.safetensors") + "\", \"sha256\": \""
                    + baseSha + "\"}"));
        });
        var remote = assertThrows(RunException.class, () -> LoadedRun.open(dir, 1));
        assertTrue(remote.getMessage().contains("add `baseWeights`"), remote.getMessage());
        assertEquals(0, requests.get(), "no request to a host graft.json names");
        edit(dir, o -> o.getAsJsonObject("base").addProperty("source", base.toString()));
        var local = assertThrows(RunException.class, () -> LoadedRun.open(dir, 1));
        assertTrue(local.getMessage().contains(base.toString()) && local.getMessage().contains("add `baseWeights`"),
                local.getMessage());
    }

    @Test
    void requestJsonCannotNameAProgramOrAHost() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("resume"));
        RunDir rd = new RunDir(dir);
        Files.write(rd.checkpoint(), new byte[0]);
        RequestCodec.write(request("resnet18_small", url("/w.safetensors"), dir), null, rd.request());
        var host = assertThrows(RunException.class, () -> TrainJob.resume(dir, 0, List.of()));
        assertTrue(host.getMessage().contains("request.json") && host.getMessage().contains("add `weights`"),
                host.getMessage());
        assertEquals(0, requests.get(), "no request to a host request.json names");
        JsonObject json = JsonParser.parseString(Files.readString(rd.request())).getAsJsonObject();
        json.addProperty("arch", TorchScriptNetwork.PREFIX + PT + "#fc");
        Files.writeString(rd.request(), json.toString());
        var program = assertThrows(RunException.class, () -> TrainJob.resume(dir, 0, List.of()));
        assertTrue(program.getMessage().contains("add `torchscript` FILE"), program.getMessage());
    }

    private static TrainRequest request(String arch, String weights, Path out) {
        return new TrainRequest(new DataConfig("data", null, 0, 0, 0.2, 1, 1), arch, weights, Strategy.FINE_TUNE,
                TrainConfig.builder().build(), HeadSpec.LINEAR, Augment.NONE, 1, 0.1f, out, false, false, 1, null);
    }
}
