package dev.graft.job;

import dev.graft.calibration.Auroc;
import dev.graft.calibration.Calibration;
import dev.graft.calibration.OodScore;
import dev.graft.data.DataConfig;
import dev.graft.data.FashionMnist;
import dev.graft.data.FolderImages;
import dev.graft.data.ImageSource;
import dev.graft.data.InMemoryImages;
import dev.graft.data.SyntheticImages;
import dev.graft.eval.Evaluator;
import dev.graft.eval.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code graft ood}: how well a run's scores tell its own classes from images of something else.
 * For each out-of-distribution set it gives the AUROC of the maximum softmax probability and of
 * the energy (both at the run's temperature; 0.5 is chance, 1 a perfect split) and the share the
 * run's rejection threshold would still accept.
 */
public final class OodJob {
    /** Images per synthetic set. */
    public static final int SYNTHETIC_IMAGES = 1000;

    private OodJob() {}

    /**
     * One out-of-distribution set.
     *
     * @param name as given: {@code fashion-mnist:IDS}, {@code noise}, {@code shapes} or a folder
     * @param images how many
     * @param aurocMsp AUROC of the maximum softmax probability
     * @param aurocEnergy AUROC of the energy score
     * @param accepted the share whose calibrated top probability reaches the run's threshold (NaN without one)
     */
    public record OodSet(String name, int images, double aurocMsp, double aurocEnergy, double accepted) {}

    /**
     * @param inDistribution what was taken as in-distribution
     * @param images how many in-distribution images
     * @param temperature the run's T
     * @param threshold the run's suggested rejection threshold, or null
     * @param accepted the share of in-distribution images that threshold accepts (NaN without one)
     * @param sets one entry per out-of-distribution set
     */
    public record Result(String inDistribution, int images, double temperature, Double threshold, double accepted,
            List<OodSet> sets) {}

    /**
     * @param data the in-distribution images: a folder (its {@code test/}, else {@code val/}, else
     *     itself) or {@code fashion-mnist} (its test split of the run's classes)
     * @param ood the other sets: {@code fashion-mnist:IDS} (test images of those classes),
     *     {@code noise}, {@code shapes}, or a folder of images in class subfolders (labels ignored)
     */
    public static Result run(LoadedRun run, String data, List<String> ood, int threads) {
        if (ood.isEmpty()) {
            throw new IllegalArgumentException("give at least one `ood` set: fashion-mnist:IDS, noise, shapes or a folder");
        }
        Calibration cal = run.info().calibrationOrNone();
        double t = cal.temperature();
        Double threshold = cal.rejection() == null ? null : cal.rejection().threshold();
        ImageSource in = inDistribution(run, data, threads);
        Outputs inOut = Evaluator.outputs(run.net(), in, run.info().preprocess(), threads, false);
        double[] inMsp = OodScore.MSP.of(inOut, t);
        double[] inEnergy = OodScore.ENERGY.of(inOut, t);
        List<OodSet> sets = new ArrayList<>();
        for (String name : ood) {
            Outputs o = Evaluator.outputs(run.net(), source(name, run.info().preprocess().size(), threads),
                    run.info().preprocess(), threads, false);
            double[] msp = OodScore.MSP.of(o, t);
            sets.add(new OodSet(name, o.size(), Auroc.of(inMsp, msp), Auroc.of(inEnergy, OodScore.ENERGY.of(o, t)),
                    threshold == null ? Double.NaN : Auroc.acceptedShare(msp, threshold)));
        }
        return new Result(data, in.size(), t, threshold, threshold == null ? Double.NaN
                : Auroc.acceptedShare(inMsp, threshold), sets);
    }

    private static ImageSource inDistribution(LoadedRun run, String data, int threads) {
        if (DataConfig.FASHION_MNIST.equalsIgnoreCase(data)) {
            return FashionMnist.load(FashionMnist.defaultDir(), "t10k").selectClasses(EvaluateJob.classesOf(run));
        }
        Path root = Path.of(data);
        Path sub = Files.isDirectory(root.resolve("test")) ? root.resolve("test")
                : Files.isDirectory(root.resolve("val")) ? root.resolve("val") : root;
        return FolderImages.open(sub, run.info().labels(), threads);
    }

    static ImageSource source(String name, int size, int threads) {
        String prefix = DataConfig.FASHION_MNIST + ":";
        if (name.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)) {
            int[] ids = DataConfig.parseClasses(name.substring(prefix.length()));
            InMemoryImages all = FashionMnist.load(FashionMnist.defaultDir(), "t10k");
            return all.selectClasses(ids);
        }
        if (name.equalsIgnoreCase("noise") || name.equalsIgnoreCase("shapes")) {
            return new SyntheticImages(SyntheticImages.kind(name), SYNTHETIC_IMAGES, size, 1);
        }
        Path p = Path.of(name);
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("`ood` " + name + ": not fashion-mnist:IDS, noise, shapes or a folder");
        }
        return FolderImages.open(p, null, threads);
    }
}
