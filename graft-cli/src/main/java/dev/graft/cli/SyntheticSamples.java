package dev.graft.cli;

import dev.graft.pretrain.synthetic.SampleGrid;
import dev.graft.pretrain.synthetic.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers of {@code graft pretrain}'s formula-driven and SSL modes. */
final class SyntheticSamples {
    private SyntheticSamples() {}

    /** Writes 10 categories × 10 instances of the named synthetic data, 3× enlarged. */
    static void write(String data, Path png) {
        SyntheticSpec spec = SyntheticSpec.parse(data);
        SampleGrid.write(spec.generator(), 10, 10, 3, png);
        System.out.println("samples: " + png + " (" + spec.dataName() + ")");
    }

    /** Whether a run folder holds an interrupted SSL run rather than a supervised one. */
    static boolean isSslRun(Path dir) {
        return Files.isRegularFile(dir.resolve("ssl-request.json"));
    }
}
