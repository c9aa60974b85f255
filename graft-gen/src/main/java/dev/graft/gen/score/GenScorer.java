package dev.graft.gen.score;

import dev.graft.gen.GenImages;
import dev.graft.gen.Generator;

/**
 * Scores generators for one domain: it embeds the held-out reference images and the training
 * images once, then embeds each sample and computes FID (with a bootstrap interval), domain
 * accuracy, diversity and memorisation against them.
 */
public final class GenScorer {
    private final GenClassifier classifier;
    private final float[] reference;
    private final float[] train;
    private final int[] classes;
    private final int dim;
    private final double referenceDiversity;
    private final int trainImages;

    /**
     * @param reference held-out real images of the domain
     * @param train the images the generator was trained on (for memorisation)
     * @param classes the domain's Fashion-MNIST classes (empty: no domain accuracy)
     */
    public GenScorer(GenClassifier classifier, GenImages reference, GenImages train, int[] classes) {
        this.classifier = classifier;
        GenClassifier.Embedding ref = classifier.embed(reference);
        this.reference = ref.features();
        this.dim = ref.dim();
        this.train = classifier.embed(train).features();
        this.trainImages = train.count();
        this.classes = classes.clone();
        this.referenceDiversity = SampleMetrics.diversity(this.reference, dim);
    }

    /** FID of a sample of {@code n} images against the reference, without an interval. */
    public double fid(float[] images, int n) {
        return Fid.fid(classifier.embed(images, n).features(), reference, dim);
    }

    /** The domain score used for early stopping: FID of {@code n} images drawn with a fixed seed. */
    public dev.graft.gen.GenTrainer.Scorer domainScore(int n, long seed) {
        return (Generator g) -> fid(g.sample(n, seed), n);
    }

    /** Every measure for a sample of {@code n} images. */
    public GenScore score(float[] images, int n, int bootstraps, long seed) {
        GenClassifier.Embedding e = classifier.embed(images, n);
        Fid.Estimate fid = Fid.estimate(e.features(), reference, dim, bootstraps, seed);
        SampleMetrics.Memorisation mem = SampleMetrics.memorisation(e.features(), train, reference, dim);
        return new GenScore(n, reference.length / dim, fid.fid(), fid.low(), fid.high(), bootstraps,
                SampleMetrics.domainAccuracy(e.predicted(), classes), SampleMetrics.diversity(e.features(), dim),
                referenceDiversity, mem.sampleToTrain(), mem.heldOutToTrain(), mem.ratio(), trainImages);
    }
}
