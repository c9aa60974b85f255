package dev.graft.gen.ddpm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.graft.gen.GenTrainer;
import dev.graft.gen.Generator;
import dev.graft.train.Optimizer;
import dev.graft.train.TrainConfig;
import java.util.Map;

/** One DDPM training step: the noise-prediction loss, backward, gradient clipping, AdamW. */
public final class DdpmObjective implements GenTrainer.Objective {
    private final Ddpm ddpm;
    private final Optimizer opt;
    private final float gradClip;
    private final long seed;

    /**
     * @param lrMult learning-rate multiplier per parameter name (missing names get 1)
     * @param gradClip the global gradient norm is clipped to this (0 = off)
     * @param seed drives timesteps and noise
     */
    public DdpmObjective(Ddpm ddpm, Map<String, Float> lrMult, float gradClip, long seed) {
        this.ddpm = ddpm;
        this.gradClip = gradClip;
        this.seed = seed;
        this.opt = new Optimizer(TrainConfig.Optim.ADAMW, 0.9f, 0f);
        opt.setParams(ddpm.unet().namedParams(), lrMult);
    }

    @Override
    public Generator generator() {
        return ddpm;
    }

    @Override
    public Map<String, Double> step(NDManager sm, float[] batch, int n, long step, float lr) {
        double loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = ddpm.loss(sm, batch, n, seed, step);
            gc.backward(l);
            loss = l.getFloat();
        }
        float scale = 1f;
        if (gradClip > 0) {
            double norm = opt.gradNorm();
            if (norm > gradClip) {
                scale = (float) (gradClip / norm);
            }
        }
        opt.step(lr, scale);
        return Map.of("loss", loss);
    }
}
