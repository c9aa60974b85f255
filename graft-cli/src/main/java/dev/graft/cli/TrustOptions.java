package dev.graft.cli;

import dev.graft.job.Trusted;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The files a command that opens a run folder takes from the user, never from the folder's own
 * metadata: a local base for parameter-efficient runs, and the TorchScript program of a run cut
 * from one (docs/SECURITY.md).
 */
public final class TrustOptions {
    @Option(names = {"--base-weights", "--base"}, paramLabel = "SRC",
            description = "For lora, bitfit and adapter runs: the base weights, when not a registry tag or hub file "
                    + "(a local base file is opened only when named here; its sha256 must match the run's).")
    String base;

    @Option(names = "--torchscript", paramLabel = "FILE",
            description = "For a run trained with --model torchscript:FILE#CLS: that program, which loading the run "
                    + "runs; it must have the sha256 the run recorded.")
    Path torchscript;

    /** What the user named, for the job that opens the run. */
    public Trusted trusted() {
        return new Trusted(base, torchscript);
    }
}
