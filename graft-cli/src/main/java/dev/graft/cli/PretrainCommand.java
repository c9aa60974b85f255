package dev.graft.cli;

import dev.graft.job.TrainRequest;
import dev.graft.job.TrainSummary;
import dev.graft.recipe.Strategy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code graft pretrain}: train a backbone from scratch on a large source data set, to transfer
 * later. This is how Graft's bundled Fashion-MNIST backbone was made (see the README). Long
 * pretraining runs are the ones worth resuming: {@code --resume RUN} continues from the last
 * checkpoint (saved every epoch, and every N steps with {@code --checkpoint-every N}).
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Train a backbone from scratch on a source data set, to transfer from later.")
final class PretrainCommand implements Callable<Integer> {
    @Mixin
    TrainOptions train;

    @Mixin
    CommonOptions common;

    @Mixin
    PretrainOptions pretrain;

    @Option(names = "--resume", paramLabel = "RUN",
            description = "Continue an interrupted pretraining run from its last checkpoint (give no other training flags).")
    Path resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (pretrain.synthetic != null && resume == null) {
            if (train.data.given()) {
                throw new Main.UserError("--synthetic generates the data; drop --data");
            }
            train.data.supply(pretrain.syntheticData());
            if (pretrain.samples != null) {
                SyntheticSamples.write(train.data.value(), pretrain.samples);
                return 0;
            }
        }
        if (pretrain.ssl != null || (resume != null && SyntheticSamples.isSslRun(resume))) {
            if (resume == null) {
                train.requireDataAndOut();
            }
            SslRunner.run(spec, train, pretrain, common, resume);
            return 0;
        }
        if (!"fine-tune".equals(train.strategy) && !"scratch".equals(train.strategy)) {
            throw new Main.UserError("pretrain always trains from scratch; drop --strategy");
        }
        TrainSummary s = TrainRunner.run(spec, train, common, resume, r -> new TrainRequest(r.data(), r.arch(), null,
                Strategy.SCRATCH, r.train(), r.head(), r.augment(), 0, 1f, r.out(), r.force(), r.strict(), r.threads(),
                r.preprocess(), r.tuning(), r.tta(), r.trainableReport(), r.peft(), r.checkpointEvery()));
        System.err.println("use it with: --weights " + s.run().model());
        return 0;
    }
}
