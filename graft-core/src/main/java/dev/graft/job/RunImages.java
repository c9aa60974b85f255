package dev.graft.job;

import dev.graft.data.Data;
import dev.graft.data.Datasets;
import dev.graft.data.ImageSource;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import java.nio.file.Files;

/**
 * A finished run's own held-out images, reopened from the {@code request.json} it keeps: what a
 * check of the saved model (such as graft-onnx's export check) should be run on.
 */
public final class RunImages {
    private RunImages() {}

    /**
     * The run's validation images, exactly as training selected them.
     *
     * @throws RunException when the run keeps no request, or its data can no longer be opened (the
     *     message says which)
     */
    public static ImageSource validation(RunDir run) {
        if (!Files.isRegularFile(run.request())) {
            throw new RunException(run.dir() + " keeps no " + RunDir.REQUEST + ", so its data is unknown");
        }
        TrainRequest r = RequestCodec.read(run.request(), 0).request();
        try {
            Data data = Datasets.open(r.data());
            return data.val();
        } catch (RuntimeException e) {
            throw new RunException("the data of " + run.dir() + " (" + r.data().data() + ") cannot be opened: "
                    + e.getMessage());
        }
    }
}
