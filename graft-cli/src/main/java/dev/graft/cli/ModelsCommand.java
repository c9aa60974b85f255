package dev.graft.cli;

import dev.graft.model.ArchInfo;
import dev.graft.model.Architectures;
import dev.graft.model.PretrainedSpec;
import dev.graft.model.PretrainedSpecs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code graft models}. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List architectures and pretrained weights.")
final class ModelsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (common.json) {
            Printing.json(java.util.Map.of("architectures", Architectures.all().stream()
                    .map(a -> java.util.Map.of("name", a.name(), "family", a.family(), "inputSize", a.inputSize(),
                            "description", a.description())).toList(),
                    "pretrained", PretrainedSpecs.all()));
            return 0;
        }
        System.out.println("Architectures (--model):");
        for (ArchInfo a : Architectures.all()) {
            System.out.printf("  %-20s %-10s %4d px  %s%n", a.name(), a.family(), a.inputSize(), a.description());
        }
        System.out.println("\nPretrained weights (--weights TAG):");
        for (PretrainedSpec s : PretrainedSpecs.all()) {
            System.out.printf("  %-32s %-16s %4d px  mean %s  %d classes%n      %s%n", s.tag(), s.arch(),
                    s.preprocess().size(), java.util.Arrays.toString(s.preprocess().mean()), s.numClasses(),
                    s.description());
        }
        return 0;
    }
}
