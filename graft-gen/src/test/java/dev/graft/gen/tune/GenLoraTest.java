package dev.graft.gen.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.graft.gen.GenModel;
import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.ddpm.DdpmObjective;
import dev.graft.gen.ddpm.NoiseSchedule;
import dev.graft.gen.ddpm.UNetConfig;
import dev.graft.nn.Param;
import dev.graft.peft.Lora;
import dev.graft.testing.AllClose;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenLoraTest {
    @Test
    void loraOnTheUNetTrainsOnlyAdaptersAndLeavesBaseWeightsUntouched() {
        try (GenModel model = GenModel.ddpm(UNetConfig.tiny(), NoiseSchedule.linear(), 1, 1)) {
            Ddpm ddpm = (Ddpm) model.generator();
            StateDict base = ddpm.unet().stateDict();
            float[] before = ddpm.sample(1, 4);
            String what = GenStrategies.apply(GenStrategy.parse("lora:2"), ddpm, 7);
            assertTrue(what.contains("adapters"), what);
            assertArrayEquals(before, ddpm.sample(1, 4), "zero-initialised adapters change nothing");
            for (Map.Entry<String, Param> e : ddpm.unet().namedParams().entrySet()) {
                assertEquals(Lora.isLora(e.getKey()), e.getValue().trainable(), e.getKey());
            }
            DdpmObjective objective = new DdpmObjective(ddpm, Map.of(), 0f, 3);
            float[] batch = new float[4 * 784];
            for (int s = 0; s < 2; s++) {
                try (NDManager sm = model.manager().newSubManager()) {
                    objective.step(sm, batch, 4, s, 1e-2f);
                }
            }
            StateDict after = ddpm.unet().stateDict();
            for (String name : base.names()) {
                assertArrayEquals(base.get(name).data(), after.get(name).data(), "base weight changed: " + name);
            }
            boolean adapted = after.names().stream().filter(n -> n.endsWith(Lora.B))
                    .anyMatch(n -> java.util.Arrays.stream(box(after.get(n).data())).anyMatch(v -> v != 0));
            assertTrue(adapted, "the adapters trained");
            assertFalse(java.util.Arrays.equals(before, ddpm.sample(1, 4)), "trained adapters change the samples");
        }
    }

    @Test
    void mergedWeightsComputeWhatTheAdaptersCompute() {
        try (GenModel model = GenModel.ddpm(UNetConfig.tiny(), NoiseSchedule.linear(), 1, 1);
                GenModel plain = GenModel.ddpm(UNetConfig.tiny(), NoiseSchedule.linear(), 1, 1)) {
            Ddpm ddpm = (Ddpm) model.generator();
            GenStrategies.apply(GenStrategy.parse("lora:2"), ddpm, 7);
            // give every adapter non-zero values so the merge has something to fold in
            ddpm.unet().namedParams().forEach((name, p) -> {
                if (name.endsWith(Lora.B)) {
                    float[] v = new float[(int) p.numel()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = 0.01f * ((i % 7) - 3);
                    }
                    p.array().set(v);
                }
            });
            StateDict merged = GenLora.merged(ddpm.unet());
            assertTrue(merged.names().stream().noneMatch(Lora::isLora));
            GenModel.load(plain.generator().network(), merged, "merged");
            float[] withAdapters = ddpm.sample(1, 9);
            float[] folded = plain.generator().sample(1, 9);
            AllClose.assertAllClose(folded, withAdapters, 1e-3, 1e-4, "merged vs adapters");
        }
    }

    @Test
    void adaptersOfAnotherGeneratorAreRefusedNamingTheFile() {
        try (GenModel model = GenModel.ddpm(UNetConfig.tiny(), NoiseSchedule.linear(), 1, 1)) {
            GenLora.apply(model.generator().network(), 2, 7);
            StateDict adapters = GenLora.adapters(model.generator().network());
            StateDict renamed = new StateDict();
            adapters.tensors().forEach((n, t) -> renamed.put(n.replace("conv_in", "conv_x"), t));
            WeightsException e = assertThrows(WeightsException.class,
                    () -> GenLora.load(model.generator().network(), renamed, "other.safetensors"));
            assertTrue(e.getMessage().startsWith("other.safetensors: tensor 'conv_x.lora_A'"), e.getMessage());
            StateDict fewer = new StateDict();
            adapters.tensors().entrySet().stream().skip(2).forEach(en -> fewer.put(en.getKey(), en.getValue()));
            assertThrows(WeightsException.class, () -> GenLora.load(model.generator().network(), fewer, "f"));
        }
    }

    private static double[] box(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
