package dev.graft.model;

import java.util.function.IntFunction;

/**
 * One registered architecture.
 *
 * @param name registry name, as given to {@code --model}
 * @param family file that implements it, such as {@code resnet}
 * @param inputSize the square input size it is usually trained at
 * @param description one line for {@code graft models}
 * @param factory builds it with a head of the given number of classes, parameters not yet materialised
 */
public record ArchInfo(String name, String family, int inputSize, String description, IntFunction<Network> factory) {
    public Network create(int numClasses) {
        return factory.apply(numClasses);
    }
}
