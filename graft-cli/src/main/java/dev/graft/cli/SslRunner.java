package dev.graft.cli;

import dev.graft.data.DataConfig;
import dev.graft.train.GracefulStop;
import dev.graft.pretrain.ssl.SimClr;
import dev.graft.pretrain.ssl.SslConfig;
import dev.graft.pretrain.ssl.SslJob;
import dev.graft.pretrain.ssl.SslRequest;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** {@code graft pretrain --ssl}: flags to an {@link SslRequest}, progress to stderr, the result to stdout. */
final class SslRunner {
    private SslRunner() {}

    static void run(CommandSpec spec, TrainOptions t, PretrainOptions p, CommonOptions common, Path resume) {
        GracefulStop stop = GracefulStop.install(Duration.ofSeconds(120));
        SimClr.Listener listener = new SimClr.Listener() {
            private long last;

            @Override
            public void onStep(long step, long total, double loss) {
                long now = System.nanoTime();
                if (now - last > 30_000_000_000L) {
                    last = now;
                    System.err.printf("[simclr] step %d/%d loss %.4f%n", step, total, loss);
                }
            }

            @Override
            public void onEpoch(SimClr.EpochLog e) {
                System.err.printf("[simclr] epoch %d: loss %.4f, kNN %.1f%%, linear probe %.1f%%, %.0f s, %.0f views/s%n",
                        e.epoch(), e.loss(), 100 * e.knn(), 100 * e.probe(), e.seconds(), e.imagesPerSecond());
            }

            @Override
            public boolean stopRequested() {
                return stop.requested();
            }
        };
        try {
            SslJob.Summary s = resume != null ? SslJob.resume(resume, listener)
                    : SslJob.run(request(spec, t, p, common), listener);
            var r = s.info().result();
            System.out.printf("simclr: %s, kNN %.1f%%, linear probe %.1f%% (monitors), %.0f s%n", s.run().model(),
                    100 * r.get("knnAccuracy"), 100 * r.get("linearProbeAccuracy"), r.get("seconds"));
            System.err.println("use it with: --weights " + s.run().model());
        } finally {
            stop.finished();
        }
    }

    private static SslRequest request(CommandSpec spec, TrainOptions t, PretrainOptions p, CommonOptions common) {
        var parsed = spec.commandLine().getParseResult();
        SslConfig.Builder b = SslConfig.builder().optSeed(t.seed.value()).optTemperature(p.temperature)
                .optMonitorPerClass(p.monitorPerClass);
        // training's defaults (batch 32, lr 1e-3, 10 epochs) are not SimCLR's: only flags given count
        if (parsed.hasMatchedOption("--epochs")) {
            b.optEpochs(t.epochs.value());
        }
        if (parsed.hasMatchedOption("--batch-size")) {
            b.optBatchSize(t.batchSize);
        }
        if (parsed.hasMatchedOption("--lr")) {
            b.optLr(t.lr.floatValue());
        }
        if (parsed.hasMatchedOption("--warmup-epochs")) {
            b.optWarmupEpochs(t.warmupEpochs);
        }
        if (parsed.hasMatchedOption("--weight-decay")) {
            b.optWeightDecay(t.weightDecay);
        }
        String arch = t.model != null ? t.model : "resnet18_small";
        int threads = common.effectiveThreads();
        DataConfig dc = new DataConfig(t.data.value(), DataConfig.parseClasses(t.classes), t.perClass, t.valPerClass,
                t.valFraction, t.seed.value(), threads);
        return new SslRequest(p.ssl.toLowerCase(java.util.Locale.ROOT), dc, arch, t.weights, b.build(),
                t.out.value(), t.force.value(), threads, t.checkpointEvery);
    }
}
