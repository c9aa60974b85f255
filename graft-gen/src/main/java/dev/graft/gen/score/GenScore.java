package dev.graft.gen.score;

/**
 * How good a generator's sample is for a domain, measured on classifier features.
 *
 * @param samples generated images scored
 * @param reference held-out real images of the domain compared against
 * @param fid Fréchet distance to the reference images (lower is better)
 * @param fidLow 2.5th percentile of the bootstrap
 * @param fidHigh 97.5th percentile of the bootstrap
 * @param bootstraps bootstrap resamples behind the interval
 * @param domainAccuracy share of samples the classifier puts in the domain's classes
 * @param diversity mean pairwise feature distance among the samples
 * @param referenceDiversity the same among the reference images, for scale
 * @param sampleToTrain mean distance from each sample to its nearest training image
 * @param heldOutToTrain mean distance from each reference image to its nearest training image
 * @param memorisation sampleToTrain / heldOutToTrain: about 1 for novel samples, towards 0 for copies
 * @param trainImages training images the memorisation is measured against
 */
public record GenScore(int samples, int reference, double fid, double fidLow, double fidHigh, int bootstraps,
        double domainAccuracy, double diversity, double referenceDiversity, double sampleToTrain,
        double heldOutToTrain, double memorisation, int trainImages) {

    /** The score as a few readable lines. */
    public String describe() {
        return String.format("FID %.2f (95%% bootstrap %.2f-%.2f; %d samples vs %d held-out images, %d resamples)%n"
                + "domain accuracy %.3f%n"
                + "diversity %.3f (held-out real images: %.3f)%n"
                + "memorisation %.3f (sample-to-train distance %.3f, held-out-to-train %.3f, %d training images)",
                fid, fidLow, fidHigh, samples, reference, bootstraps, domainAccuracy, diversity, referenceDiversity,
                memorisation, sampleToTrain, heldOutToTrain, trainImages);
    }
}
