package dev.graft.studio.results;

import com.google.gson.JsonParseException;
import dev.graft.Graft;
import dev.graft.TrainedModel;
import dev.graft.review.Review;
import dev.graft.source.ImageFolder;
import dev.graft.studio.jobs.Job;
import dev.graft.studio.jobs.Task;
import dev.graft.studio.project.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training images whose labels look wrong, found by the library's {@link TrainedModel#review}
 * (confident learning on out-of-sample probabilities from 5-fold cross-fitting) over the images
 * the run trained on ({@code data/train/}). Written into {@code run-N/label-review/} by a job,
 * since it fits a model per fold; read by the Review tab.
 */
public final class LabelReview {
    static final String DIR = "label-review";
    /** What the library writes there. */
    static final String JSON = "review.json";

    private LabelReview() {}

    /** The job's work: review the run's training images with the library's defaults. */
    static Task task(Workspace ws, RunFolder r) {
        return (Job job) -> {
            job.say("cross-fitting on the training images");
            Path out = ws.checked(r.dir().resolve(DIR));
            try (TrainedModel model = Graft.load(r.model(), TrainTask.trusted(StudioMeta.read(r).settings()))) {
                model.review(ImageFolder.of(r.data()), out); // an ImageFolder with train/ reviews train/
            }
        };
    }

    /**
     * What the Review tab shows about label errors.
     *
     * @param r the run
     * @param busy whether a review of it is queued or running
     * @return {@code state} ({@code ready}, {@code running} or {@code idle}), a message and, when
     *     ready, the issues as review items: {@code truth} the given label, {@code predicted} the
     *     suggested one, {@code name} the file, {@code caption} how sure
     */
    static Map<String, Object> issues(RunFolder r, boolean busy) {
        Map<String, Object> m = new LinkedHashMap<>();
        Review review = busy ? null : read(r);
        if (busy) {
            m.put("state", "running");
            m.put("message", "Looking for label errors: a model per fold is fitted on the other folds' images...");
        } else if (review == null) {
            m.put("state", "idle");
            m.put("message", "Checks every training image's label against models that never saw it (5-fold "
                    + "cross-fitting, confident learning); takes a while on many images.");
        } else {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Review.LabelIssue is : review.labelIssues()) {
                Map<String, Object> it = new LinkedHashMap<>();
                it.put("truth", is.given());
                it.put("predicted", is.suggested());
                it.put("probability", is.score());
                it.put("name", Path.of(is.file()).getFileName().toString());
                it.put("caption", String.format(Locale.ROOT, "labeled %s, looks like %s (%.0f%% likely wrong)",
                        is.given(), is.suggested(), 100 * is.score()));
                items.add(it);
            }
            m.put("state", "ready");
            m.put("message", String.format(Locale.ROOT, "%d of the %d training images look mislabeled (out-of-sample "
                    + "accuracy %.1f%%, %d folds).", items.size(), review.images(), 100 * review.outOfSampleAccuracy(),
                    review.folds()));
            m.put("items", items);
        }
        return m;
    }

    /** The review written by the last job, or null. */
    static Review read(RunFolder r) {
        Path f = r.dir().resolve(DIR).resolve(JSON);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return new com.google.gson.Gson().fromJson(Files.readString(f), Review.class);
        } catch (IOException | JsonParseException e) {
            return null;
        }
    }
}
