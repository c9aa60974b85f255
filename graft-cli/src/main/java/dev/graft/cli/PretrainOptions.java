package dev.graft.cli;

import picocli.CommandLine.Option;

/** The flags {@code graft pretrain} adds to training's: formula-driven data and self-supervision. */
// no defaultValue here: LibraryDefaults answers with SyntheticSpec's and SslConfig's defaults
final class PretrainOptions {
    @Option(names = "--synthetic", paramLabel = "KIND", description = "Pretrain on images generated from formulas, "
            + "never stored: fractals (FractalDB's iterated function systems), shapes (textured shapes on dead "
            + "leaves) or noise (spectrum-shaped noise). Replaces --data.")
    String synthetic;

    @Option(names = "--categories", description = "--synthetic: number of categories "
            + "(default ${DEFAULT-VALUE}).")
    int categories;

    @Option(names = "--synthetic-seed", description = "--synthetic: the seed the categories' "
            + "formulas come from; another seed gives other categories (default ${DEFAULT-VALUE}).")
    long syntheticSeed;

    @Option(names = "--samples", paramLabel = "PNG", description = "--synthetic: write a grid of samples (one row per "
            + "category, 10 categories x 10 instances) to this PNG and exit without training.")
    java.nio.file.Path samples;

    @Option(names = "--ssl", paramLabel = "METHOD", description = "Self-supervised pretraining, labels ignored: "
            + "simclr. With --weights, starts from those weights (e.g. a --synthetic run's model).")
    String ssl;

    @Option(names = "--temperature", description = "--ssl: NT-Xent temperature "
            + "(default ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--monitor-per-class", description = "--ssl: labeled images per class the "
            + "kNN and linear-probe monitors fit on, never trained on; 0 = no monitors (default ${DEFAULT-VALUE}).")
    int monitorPerClass;

    /** The data name {@code --synthetic} stands for. */
    String syntheticData() {
        return new dev.graft.pretrain.synthetic.SyntheticSpec(synthetic.toLowerCase(java.util.Locale.ROOT), categories,
                dev.graft.pretrain.synthetic.SyntheticSpec.DEFAULT_SIZE, syntheticSeed).dataName();
    }
}
