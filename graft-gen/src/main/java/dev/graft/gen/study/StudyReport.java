package dev.graft.gen.study;

import dev.graft.gen.score.GenScore;
import java.util.List;
import java.util.Locale;

/** The study's table as Markdown and CSV. */
final class StudyReport {
    private StudyReport() {}

    static String markdown(String title, String setup, List<StudyRow> rows) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n").append(setup).append("\n\n");
        sb.append("| N | strategy | trainable params | steps (best) | train s | FID [95% CI] | domain acc | diversity "
                + "(real) | memorisation |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (StudyRow r : rows) {
            GenScore s = r.score();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f [%.1f, %.1f] | %.3f | %.2f (%.2f) | %.3f |%n",
                    r.images() == 0 ? "-" : Integer.toString(r.images()), r.strategy(),
                    r.images() == 0 ? "-" : String.format(Locale.ROOT, "%,d / %,d", r.trainableParams(), r.totalParams()),
                    r.images() == 0 ? "-" : r.steps() + " (" + r.bestStep() + ")",
                    r.images() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.trainSeconds()),
                    s.fid(), s.fidLow(), s.fidHigh(), s.domainAccuracy(), s.diversity(), s.referenceDiversity(),
                    s.memorisation()));
        }
        sb.append("\nFID: Fréchet distance between classifier features of the samples and of held-out target test "
                + "images (lower is better), with a percentile bootstrap interval. Domain accuracy: share of samples "
                + "the classifier assigns to the target class(es). Diversity: mean pairwise feature distance of the "
                + "samples (in brackets: of real held-out images). Memorisation: mean distance from a sample to its "
                + "nearest training image divided by the same for held-out real images (about 1 = as novel as new "
                + "real images; towards 0 = copies of the training images).\n");
        return sb.toString();
    }

    static String csv(List<StudyRow> rows) {
        StringBuilder sb = new StringBuilder("images,strategy,trainable_params,total_params,steps,best_step,"
                + "train_seconds,samples,reference,fid,fid_low,fid_high,domain_accuracy,diversity,"
                + "reference_diversity,sample_to_train,heldout_to_train,memorisation,run\n");
        for (StudyRow r : rows) {
            GenScore s = r.score();
            sb.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%.1f,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,"
                    + "%.4f,%.4f,%s%n", r.images(), r.strategy(), r.trainableParams(), r.totalParams(), r.steps(),
                    r.bestStep(), r.trainSeconds(), s.samples(), s.reference(), s.fid(), s.fidLow(), s.fidHigh(),
                    s.domainAccuracy(), s.diversity(), s.referenceDiversity(), s.sampleToTrain(), s.heldOutToTrain(),
                    s.memorisation(), r.run()));
        }
        return sb.toString();
    }
}
