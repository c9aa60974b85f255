package dev.graft.gen;

import dev.graft.gen.ddpm.NoiseSchedule;
import dev.graft.gen.ddpm.UNetConfig;
import dev.graft.gen.gan.GanConfig;
import java.util.List;
import java.util.Map;

/**
 * The {@code graft.json} of a generator run: what it is, how it was made, and how well it did.
 *
 * @param format run-folder layout version
 * @param task always {@code generate}; tells generator runs from classifier runs
 * @param created ISO-8601 time the run finished
 * @param versions Graft, DJL, libtorch, Java, OS and CPU
 * @param kind ddpm or gan
 * @param unet the UNet's shape (ddpm)
 * @param schedule the noise schedule (ddpm)
 * @param samplingSteps default DDIM steps when sampling (ddpm)
 * @param gan the GAN's shape (gan)
 * @param base the generator this run started from (null when trained from scratch)
 * @param strategy pretrain, scratch, full, freeze-lower:K, lora:r or freezed:K
 * @param config the resolved training options, as text
 * @param seed the seed
 * @param data what it trained on
 * @param result best step, best domain score, steps, seconds, trainable and total parameters
 * @param files the files of the run and their sha256
 */
public record GenInfo(int format, String task, String created, Map<String, String> versions, GenKind kind,
        UNetConfig unet, NoiseSchedule schedule, int samplingSteps, GanConfig gan, Base base, String strategy,
        Map<String, String> config, long seed, DataInfo data, Map<String, Double> result, Map<String, String> files) {
    public static final String TASK = "generate";

    /** The generator a run started from. */
    public record Base(String run, String sha256, String strategy, String data) {}

    /**
     * The images a run trained on.
     *
     * @param spec the data spec as given
     * @param description what was loaded
     * @param fingerprint hash of the training images
     * @param images how many
     * @param classes Fashion-MNIST classes of the domain
     */
    public record DataInfo(String spec, String description, String fingerprint, int images, List<Integer> classes) {}
}
