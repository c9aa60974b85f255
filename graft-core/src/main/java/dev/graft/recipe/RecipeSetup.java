package dev.graft.recipe;

import dev.graft.data.Augment;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.model.Network;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainListener;
import java.util.List;

/**
 * What a recipe works with.
 *
 * @param net the network, pretrained weights loaded and head sized to the task
 * @param train training images
 * @param val validation images
 * @param preprocess how images become input
 * @param augment training augmentation
 * @param config training options; for fine-tune, {@code epochs} counts the unfrozen phase
 * @param headEpochs fine-tune's first phase, head only (default 3)
 * @param lrMult fine-tune's stem learning rate relative to the head's (default 0.1)
 * @param threads image-decoding threads
 * @param listeners progress, metrics and checkpoint writers
 * @param tuning stochastic depth, class balance, layer decay, gradual unfreezing (default {@link Tuning#NONE})
 */
public record RecipeSetup(Network net, ImageSource train, ImageSource val, Preprocess preprocess, Augment augment,
        TrainConfig config, int headEpochs, float lrMult, int threads, List<TrainListener> listeners,
        Tuning tuning) {

    /** A setup without extra tuning. */
    public RecipeSetup(Network net, ImageSource train, ImageSource val, Preprocess preprocess, Augment augment,
            TrainConfig config, int headEpochs, float lrMult, int threads, List<TrainListener> listeners) {
        this(net, train, val, preprocess, augment, config, headEpochs, lrMult, threads, listeners, Tuning.NONE);
    }
}
