package dev.graft.source;

import dev.graft.data.Data;
import dev.graft.data.DataConfig;
import dev.graft.data.Datasets;
import dev.graft.data.ImageSource;
import java.util.List;

/**
 * Labeled images to train on or evaluate with. Graft calls these methods; a program only builds a
 * source ({@link ImageFolder}, {@link FashionMnistClasses}, {@link ImageList}, {@link CsvFile})
 * and hands it over. Every source splits the same way for the same seed, so a run is reproducible.
 */
public interface DataSource {

    /**
     * How a run records this source: its {@code graft.json} and {@code request.json} keep this, and
     * the command line takes the same data as {@code --data}.
     *
     * @param seed the seed every selection and split draws from
     * @param threads image-decoding threads
     * @return the data configuration
     */
    DataConfig toDataConfig(long seed, int threads);

    /**
     * Opens the images to train on: training, validation and, where the data has them, test images.
     * The default opens {@link #toDataConfig} the way {@code graft train} does.
     *
     * @param seed the seed every selection and split draws from
     * @param threads image-decoding threads
     * @return the opened data
     */
    default Data open(long seed, int threads) {
        return Datasets.open(toDataConfig(seed, threads));
    }

    /**
     * The images a trained model is scored on, labelled by the model's classes.
     *
     * @param labels the model's class names, in its order
     * @param threads image-decoding threads
     * @return the test images
     * @throws dev.graft.data.DataException when the data holds a class the model does not know
     */
    ImageSource testImages(List<String> labels, int threads);
}
