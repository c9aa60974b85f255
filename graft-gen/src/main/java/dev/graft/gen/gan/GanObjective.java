package dev.graft.gen.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.graft.gen.GenTrainer;
import dev.graft.gen.Generator;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.train.Optimizer;
import dev.graft.train.TrainConfig;
import java.util.Map;

/**
 * One GAN step with the non-saturating loss of Goodfellow et al.: the discriminator learns
 * {@code softplus(−D(x)) + softplus(D(G(z)))} on a real and a fake batch, then the generator
 * learns {@code softplus(−D(G(z)))}. Both use Adam with beta1 0.5, as DCGAN does.
 */
public final class GanObjective implements GenTrainer.Objective {
    private static final Ctx TRAIN = Ctx.train(BnPolicy.TRAIN);

    private final Gan gan;
    private final Optimizer optG;
    private final Optimizer optD;
    private final float dLrRatio;
    private final long seed;

    /**
     * @param gLrMult learning-rate multipliers of generator parameters (missing names get 1)
     * @param dLrRatio the discriminator's learning rate relative to the generator's (default 1)
     */
    public GanObjective(Gan gan, Map<String, Float> gLrMult, float dLrRatio, long seed) {
        this.gan = gan;
        this.dLrRatio = dLrRatio;
        this.seed = seed;
        this.optG = new Optimizer(TrainConfig.Optim.ADAMW, 0.5f, 0f);
        this.optD = new Optimizer(TrainConfig.Optim.ADAMW, 0.5f, 0f);
        optG.setParams(gan.generatorNet().namedParams(), gLrMult);
        optD.setParams(gan.discriminator().namedParams(), Map.of());
    }

    @Override
    public Generator generator() {
        return gan;
    }

    @Override
    public Map<String, Double> step(NDManager sm, float[] batch, int n, long step, float lr) {
        int latent = gan.config().latent();
        Shape zShape = new Shape(n, latent);
        NDArray real = sm.create(batch, new Shape(n, 1, 28, 28));
        double dLoss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray fake = gan.generatorNet().forward(sm.create(gan.latents(seed, 2 * step * n, n), zShape), TRAIN)
                    .stopGradient();
            NDArray lossReal = Activation.softPlus(gan.discriminator().forward(real, TRAIN).neg()).mean();
            NDArray lossFake = Activation.softPlus(gan.discriminator().forward(fake, TRAIN)).mean();
            NDArray l = lossReal.add(lossFake);
            gc.backward(l);
            dLoss = l.getFloat();
        }
        optD.step(lr * dLrRatio, 1f);
        double gLoss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray z = sm.create(gan.latents(seed, (2 * step + 1) * n, n), zShape);
            NDArray l = Activation.softPlus(gan.discriminator().forward(gan.generatorNet().forward(z, TRAIN), TRAIN)
                    .neg()).mean();
            gc.backward(l);
            gLoss = l.getFloat();
        }
        optG.step(lr, 1f);
        zeroGrads(gan.discriminator()); // the generator's step left gradients in the discriminator
        return Map.of("d_loss", dLoss, "g_loss", gLoss);
    }

    private static void zeroGrads(Module m) {
        for (Param p : m.namedParams().values()) {
            if (!p.trainable()) {
                continue;
            }
            try (NDArray g = p.array().getGradient()) {
                g.muli(0);
            } catch (IllegalStateException e) {
                // no gradient yet
            }
        }
    }
}
