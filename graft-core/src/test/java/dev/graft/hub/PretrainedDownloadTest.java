package dev.graft.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.Preprocess;
import dev.graft.model.Architectures;
import dev.graft.model.Pretrained;
import dev.graft.model.PretrainedSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.testing.Fixtures;
import dev.graft.io.Hashing;
import dev.graft.weights.WeightsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry tag whose weights live on a (loopback) server, checked by a torchvision-style sha256 prefix. */
class PretrainedDownloadTest {
    @TempDir
    Path tmp;

    private String register(String tag, String url, String sha) {
        PretrainedSpecs.register(new PretrainedSpec(tag, "resnet18_small", url, sha, 10, List.of(),
                Preprocess.fashionMnist(), "bilinear", "conv1", "fc", "test weights"));
        return tag;
    }

    @Test
    void tagDownloadsOnceAndChecksTheHashPrefix() throws Exception {
        Path w = tmp.resolve("w.safetensors");
        Fixtures.writeSyntheticWeights("resnet18_small", 10, w);
        String sha = Hashing.sha256(w);
        try (LoopbackServer server = LoopbackServer.start()) {
            server.files.put("/w/resnet18_small-" + sha.substring(0, 8) + ".safetensors", Files.readAllBytes(w));
            String url = server.base() + "/w/resnet18_small-" + sha.substring(0, 8) + ".safetensors";
            WeightSource hub = WeightSource.builder().optEnvironment(Map.of()).optCacheDir(tmp.resolve("cache")).build();
            register("t.good", url, sha.substring(0, 8));
            assertFalse(Pretrained.availableOffline(PretrainedSpecs.find("t.good").get(), hub), "not downloaded yet");
            Pretrained.Resolved r = Pretrained.resolve("t.good", hub);
            assertTrue(Pretrained.availableOffline(PretrainedSpecs.find("t.good").get(), hub), "now in the cache");
            assertTrue(Pretrained.availableOffline(PretrainedSpecs.find(PretrainedSpecs.FMNIST_SOURCE).get(), hub),
                    "the bundled backbone is always there");
            assertEquals(sha, r.sha256());
            assertEquals(Architectures.get("resnet18_small").create(10).namedParams().size(), r.dict().size());
            Pretrained.resolve("t.good", hub);
            assertEquals(1, server.requestsFor(".safetensors"), "second resolve must come from the cache");

            String bad = "00000000".equals(sha.substring(0, 8)) ? "11111111" : "00000000";
            register("t.bad", url.replace("/w/", "/w2/"), bad);
            server.files.put("/w2/resnet18_small-" + sha.substring(0, 8) + ".safetensors", Files.readAllBytes(w));
            WeightsException e = assertThrows(WeightsException.class, () -> Pretrained.resolve("t.bad", hub));
            assertTrue(e.getMessage().contains("expects one starting with " + bad), e.getMessage());
            assertFalse(Files.exists(hub.cachePath(java.net.URI.create(url.replace("/w/", "/w2/")))),
                    "a file with the wrong checksum must not stay in the cache");
        }
    }
}
