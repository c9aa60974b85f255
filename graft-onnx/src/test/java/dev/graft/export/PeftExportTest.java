package dev.graft.export;

import dev.graft.cli.InProcessCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.graft.run.RunDir;
import dev.graft.run.RunInfo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameter-efficient runs export too, and the graph shows how: LoRA's updates are merged into the
 * weights (no {@code lora_A}/{@code lora_B} anywhere, the merged kernel under the weight's own name),
 * adapters are real Conv nodes of their own, and BitFit's trained biases are the graph's biases.
 * Each file passes the check against Graft, which runs the unmerged network.
 */
class PeftExportTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws Exception {
        data = tmp.resolve("data");
        FashionFolder.write(data, tmp.resolve("held"), 6, 2, 0);
    }

    static Path train(String strategy, String... extra) {
        Path run = tmp.resolve(strategy);
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--model",
                "resnet18_small", "--weights", "resnet18_small.fmnist_src", "--strategy", strategy, "--epochs", "1",
                "--batch-size", "10", "--threads", "1", "--out", run.toString()));
        args.addAll(List.of(extra));
        InProcessCli.Result r = InProcessCli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return run;
    }

    static OnnxMl.ModelProto export(Path run) throws Exception {
        Path file = tmp.resolve(run.getFileName() + ".onnx");
        ExportResult r = OnnxExport.builder().setRun(run).setOutput(file).optCheckCount(4).build().run();
        assertTrue(r.maxRelativeError().get("logits") <= OnnxExport.DEFAULT_TOLERANCE);
        assertTrue(r.checkedOn().contains("validation images"), r.checkedOn());
        System.out.printf("%s: check vs Graft %.2e on %s%n", run.getFileName(), r.maxRelativeError().get("logits"),
                r.checkedOn());
        try (InputStream in = Files.newInputStream(file)) {
            return OnnxMl.ModelProto.parseFrom(in);
        }
    }

    static Set<String> initializers(OnnxMl.ModelProto m) {
        return m.getGraph().getInitializerList().stream().map(OnnxMl.TensorProto::getName).collect(Collectors.toSet());
    }

    static long count(OnnxMl.ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    @Test
    void loraIsMergedIntoTheWeights() throws Exception {
        Path lora = train("lora", "--lora-rank", "4", "--lora-targets", "layer4.*.conv*");
        OnnxMl.ModelProto l = export(lora);
        assertFalse(initializers(l).stream().anyMatch(n -> n.contains("lora")), "LoRA tensors left in the graph");
        RunInfo li = new RunDir(lora).readInfo();
        for (String module : li.peft().modules()) {
            assertTrue(initializers(l).contains(module + ".weight"), "merged weight of " + module);
        }
        assertEquals("lora: the low-rank updates are merged into the exported weights",
                l.getMetadataPropsList().stream().filter(e -> e.getKey().equals("graft.peft")).findFirst()
                        .orElseThrow().getValue());
    }

    @Test
    void adaptersAreLayersOfTheGraph() throws Exception {
        Path adapter = train("adapter");
        OnnxMl.ModelProto a = export(adapter);
        List<String> adapters = new RunDir(adapter).readInfo().peft().modules();
        assertFalse(adapters.isEmpty());
        for (String path : adapters) {
            for (String conv : List.of(".down.weight", ".up.weight")) {
                assertEquals(1, a.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")
                        && n.getInput(1).equals(path + conv)).count(), "one Conv node reads " + path + conv);
            }
        }
    }

    @Tag("slow")
    @Test
    void bitfitExportsItsTrainedBiases() throws Exception {
        OnnxMl.ModelProto b = export(train("bitfit"));
        assertEquals(count(b, "Conv"), count(export(train("fine-tune", "--head-epochs", "0")), "Conv"),
                "BitFit changes values, not structure");
    }
}
