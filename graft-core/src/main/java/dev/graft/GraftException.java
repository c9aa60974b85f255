package dev.graft;

/**
 * The root of every error Graft reports about what it was given or found: data
 * ({@link dev.graft.data.DataException}), weights ({@link dev.graft.weights.WeightsException},
 * {@link dev.graft.hub.DownloadException}), run folders ({@link dev.graft.run.RunException}) and
 * training ({@link dev.graft.train.TrainingException}). The message is one line that names the
 * file or setting, what is wrong and what to do. A setting given a value it cannot take is an
 * {@link IllegalArgumentException}, as in the JDK and DJL, thrown by the builder or record that
 * checks it.
 *
 * <p>It is unchecked, as DJL's engine errors are: these errors come from deep inside jobs, through
 * listeners, loaders and streams, where a checked exception would have to be wrapped at every
 * step, and a program catches them once, around the call, with {@code catch (GraftException e)}.
 *
 * <p>Messages (of these and of {@code IllegalArgumentException}s alike) name settings by their
 * library names in backquotes, such as {@code `valFraction`}: the names of the builders' and
 * records' components. A front end shows them under its own names; the command line prints
 * {@code --val-fraction}.
 */
public class GraftException extends RuntimeException {
    /**
     * An error without a cause.
     *
     * @param message one line: what, where, and what to do
     */
    public GraftException(String message) {
        super(message);
    }

    /**
     * An error with a cause.
     *
     * @param message one line: what, where, and what to do
     * @param cause what went wrong underneath
     */
    public GraftException(String message, Throwable cause) {
        super(message, cause);
    }
}
