package dev.graft.gen.cli;

import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.gen.GenBundled;
import dev.graft.gen.GenKind;
import dev.graft.gen.study.GenStudy;
import dev.graft.gen.study.StudyRow;
import dev.graft.gen.tune.GenStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code graft gen study}: the strategies against N, with a table, grids and curves. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Compare scratch, full fine-tuning, freeze-lower and LoRA (and FreezeD for GANs) at several N "
                + "on a target domain; writes results.md/csv/json, side-by-side sample grids and FID-vs-step charts.")
final class GenStudyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CommonOptions common;

    @Option(names = "--model", defaultValue = "ddpm", description = "ddpm or gan: picks the cached base (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--base", description = "pretrained generator: a run folder or a bundled name "
            + "(default: <model>-fmnist-src, shipped with Graft)")
    String base;

    /** The target domain. */
    @CommandLine.Mixin
    Flags.Data data = new Flags.Data("fashion-mnist:9");

    @Option(names = "--sizes", defaultValue = "10,100", split = ",", description = "values of N (default: ${DEFAULT-VALUE})")
    int[] sizes;

    @Option(names = "--strategies", split = ",",
            description = "strategies (default: scratch,full,freeze-lower:4,lora:4 for ddpm; "
                    + "scratch,full,freeze-lower:2,lora:4,freezed:1 for gan)")
    List<String> strategies;

    @CommandLine.Mixin
    GenTuneOptions tune;

    @Option(names = "--score-samples", defaultValue = "500", description = "images per final score (default: ${DEFAULT-VALUE})")
    int scoreSamples;

    @Option(names = "--bootstrap", defaultValue = "200", description = "FID bootstrap resamples (default: ${DEFAULT-VALUE})")
    int bootstraps;

    @Option(names = "--score-steps", defaultValue = "0", description = "ddpm: DDIM steps of the final samples (default: the run's, 25)")
    int scoreSteps;

    /** The study folder. */
    @CommandLine.Mixin
    Flags.Out out = Flags.Out.note("required");

    @Option(names = "--resume", description = "keep cells that already have a score")
    boolean resume;

    @Override
    public Integer call() {
        Path dir = out.path();
        GenKind kind = GenKind.parse(model);
        Path b = GenBundled.resolve(base != null ? base : kind + "-fmnist-src");
        List<String> names = strategies != null ? strategies : kind == GenKind.DDPM
                ? List.of("scratch", "full", "freeze-lower:4", "lora:4")
                : List.of("scratch", "full", "freeze-lower:2", "lora:4", "freezed:1");
        List<GenStrategy> parsed = new ArrayList<>();
        for (String n : names) {
            parsed.add(GenStrategy.parse(n));
        }
        for (int n : sizes) {
            if (n < 1) {
                throw new IllegalArgumentException("--sizes must be positive, got " + Arrays.toString(sizes));
            }
        }
        GenStudy.Request r = new GenStudy.Request(b, data.value(), sizes, parsed, tune::applyTo,
                tune.evalSamplingSteps, scoreSamples, bootstraps, scoreSteps, tune.classifier, dir, resume,
                common.threads());
        List<StudyRow> rows = GenStudy.run(r);
        if (GenCli.json(spec, common, rows)) {
            return 0;
        }
        spec.commandLine().getOut().printf("%d cells; table in %s%n", rows.size(), dir.resolve("results.md"));
        return 0;
    }
}
