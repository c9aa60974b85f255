package dev.graft.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import dev.graft.calibration.Calibration;
import dev.graft.job.TrainSummary;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Results on stdout, as text or JSON, so they can be piped. */
public final class Printing {
    // paths print as text (graft demo's rows name their run folders); Gson cannot reflect into them
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .registerTypeHierarchyAdapter(Path.class, (JsonSerializer<Path>) (p, t, c) -> new JsonPrimitive(p.toString()))
            .create();

    private Printing() {}

    static void json(Object o) {
        System.out.println(toJson(o));
    }

    /** The JSON every command prints with {@code --json}. */
    public static String toJson(Object o) {
        return GSON.toJson(o);
    }

    static String size(java.nio.file.Path f) {
        try {
            long b = java.nio.file.Files.size(f);
            return b >= 1 << 20 ? String.format("%.2f MB", b / 1048576.0) : String.format("%.1f KB", b / 1024.0);
        } catch (java.io.IOException e) {
            return "size unknown";
        }
    }

    static void summary(TrainSummary s, boolean asJson) {
        if (asJson) {
            json(s.info());
            return;
        }
        Map<String, Double> r = s.info().result();
        System.out.printf("run            %s%n", s.run().dir());
        System.out.printf("strategy       %s on %s%s%n", s.info().strategy(), s.info().arch(),
                s.recipe().featuresCached() ? " (head trained on cached backbone features)" : "");
        System.out.printf("trainable      %,d of %,d parameters (%.2f%%)%n", s.recipe().trainableParams(),
                s.recipe().totalParams(), 100.0 * s.recipe().trainableParams() / s.recipe().totalParams());
        System.out.printf("best epoch     %d%n", r.get("bestEpoch").intValue());
        System.out.printf("val accuracy   %.4f%n", s.val().accuracy());
        if (s.test() != null) {
            System.out.printf("test accuracy  %.4f  (macro-F1 %.4f, %d images)%n", s.test().accuracy(),
                    s.test().macroF1(), s.test().total());
        }
        System.out.printf("train time     %.1f s%n", s.recipe().seconds());
        calibration(s.info().calibration());
        if (s.info().peft() != null) {
            java.nio.file.Path f = s.run().dir().resolve(s.info().model().file());
            System.out.printf("saved          %s, %s (on base %s, sha256 %s)%n", f, size(f),
                    s.info().base().source(), s.info().base().sha256().substring(0, 12));
        }
        if (s.info().stopped() != null) {
            System.out.printf("stopped        %s%n", s.info().stopped());
        }
    }

    /** The temperature and the rejection threshold, as train and evaluate show them. */
    static void calibration(Calibration c) {
        if (c == null) {
            System.out.println("calibration    none stored (an older run): probabilities use T = 1");
            return;
        }
        System.out.printf(Locale.ROOT, "calibration    T = %.3f fitted on %d validation images: ECE %.4f -> %.4f, "
                + "NLL %.4f -> %.4f%n", c.temperature(), c.images(), c.eceBefore(), c.ece(), c.nllBefore(), c.nll());
        if (c.note() != null) {
            System.out.println("               " + c.note());
        }
        if (c.rejection() != null) {
            System.out.printf(Locale.ROOT, "rejection      top probability below %.4f answers \"unknown\" and keeps "
                    + "%.0f%% of validation images (graft predict --reject-below auto)%n", c.rejection().threshold(),
                    100 * c.rejection().acceptRate());
        }
    }
}
