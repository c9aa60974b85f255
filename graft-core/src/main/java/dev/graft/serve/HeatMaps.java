package dev.graft.serve;

import dev.graft.data.Preprocess;
import dev.graft.data.RawImage;
import dev.graft.data.Transforms;
import dev.graft.explain.Explainer;
import dev.graft.explain.Explanation;
import dev.graft.explain.GradCam;
import dev.graft.explain.Overlay;
import dev.graft.job.LoadedRun;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Classifier}'s Grad-CAM: the input prepared in the caller's thread, the explanation made
 * while the classifier holds every permit (it hooks a module and runs a backward pass).
 */
final class HeatMaps {
    private final LoadedRun run;
    private GradCam cam; // found on first use: the default layer takes a probing pass

    HeatMaps(LoadedRun run) {
        this.run = run;
    }

    /** A preprocessed image and the class to explain (-1: the predicted one). */
    record Input(float[] x, int target) {}

    Input prepare(RawImage img, String label) {
        int target = -1;
        if (label != null) {
            target = run.info().labels().indexOf(label);
            if (target < 0) {
                throw new IllegalArgumentException("`label` '" + label + "' is not one of the model's classes "
                        + run.info().labels());
            }
        }
        return new Input(Transforms.eval(img, run.info().preprocess()), target);
    }

    /** Runs Grad-CAM; the caller keeps every other pass out meanwhile. */
    HeatMapPrediction explain(Input in) {
        Preprocess pre = run.info().preprocess();
        if (cam == null) {
            cam = GradCam.of(run.net(), pre.size());
        }
        Explanation e = Explainer.explain(cam, List.of(in.x()), pre.size(), new int[] {in.target()},
                run.manager()).get(0);
        String name = run.info().labels().get(e.target());
        double p = run.info().calibrationOrNone().probabilities(e.logits())[e.target()];
        byte[] png = Overlay.png(Overlay.render(in.x(), pre, e.heatMap(), String.format(Locale.ROOT, "%s  %.1f%%",
                name, 100 * p)));
        return new HeatMapPrediction(name, p, e.heatMap().grid(), e.layer(), png);
    }
}
