package dev.graft.studio.results;

import dev.graft.eval.Evaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Review tab's data for a run: accuracy, per-class precision and recall, the confusion matrix
 * and every validation image with where it fell, the highest losses, and the label-issue finder's
 * state.
 */
public final class Reviews {
    /** Highest-loss images shown. */
    static final int TOP_LOSSES = 12;

    private Reviews() {}

    /**
     * The review of a run, computed when training ended (or now, for a run that has none).
     *
     * @param r a run with a model
     * @param threads for computing it when missing
     * @param busy whether a job of the run is queued or running
     * @return a JSON-ready map
     */
    public static Map<String, Object> of(RunFolder r, int threads, boolean busy) {
        ValReview v = ValReview.read(r);
        if (v == null) {
            v = ValReview.compute(r, threads);
        }
        Evaluation e = v.evaluation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", r.id());
        m.put("labels", v.labels());
        m.put("images", e.total());
        m.put("accuracy", e.accuracy());
        m.put("loss", v.loss());
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (int c = 0; c < v.labels().size(); c++) {
            Map<String, Object> pc = new LinkedHashMap<>();
            pc.put("label", v.labels().get(c));
            pc.put("precision", e.precision(c));
            pc.put("recall", e.recall(c));
            pc.put("support", e.support(c));
            perClass.add(pc);
        }
        m.put("perClass", perClass);
        m.put("confusion", v.confusion());
        m.put("items", v.items());
        m.put("topLosses", v.topLosses(TOP_LOSSES));
        m.put("note", "on the " + e.total() + " validation images held out when " + r.id()
                + " started (it never trained on them)");
        m.put("issues", LabelReview.issues(r, busy));
        return m;
    }
}
