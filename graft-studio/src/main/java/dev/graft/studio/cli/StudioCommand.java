package dev.graft.studio.cli;

import com.google.gson.JsonObject;
import dev.graft.cli.CliLogging;
import dev.graft.cli.CommonOptions;
import dev.graft.studio.Studio;
import dev.graft.studio.StudioException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code graft studio}: starts the Studio and prints the URL to open. Ctrl-C stops a running
 * training after its current step (the run is saved and can be resumed) and then the server.
 */
@Command(name = "studio", mixinStandardHelpOptions = true,
        description = "Start Graft Studio, a local web app: make classes, drop in images, train, review and try a "
                + "classifier in the browser. Prints the URL to open (it carries a session token).")
public final class StudioCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "P", description = "Port to listen on; 0 picks a free one (default "
            + Studio.DEFAULT_PORT + ").")
    int port = Studio.DEFAULT_PORT;

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Where projects live (default ~/.graft/studio).")
    Path workspace;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default "
            + Studio.LOOPBACK + ", this machine only). Anything else lets other machines connect (they still "
            + "need the token); the Studio warns.")
    String host = Studio.LOOPBACK;

    /** {@code --threads} for training and prediction, {@code --json} for the URL as JSON, {@code --verbose}. */
    @Mixin
    CommonOptions common;

    /** Counted down when the JVM shuts down (Ctrl-C); a test counts it down itself to stop the Studio. */
    final CountDownLatch stopped = new CountDownLatch(1);
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws InterruptedException {
        // Javalin logs its own start failures as a second, longer error; the Studio says it in one line
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "off");
        CliLogging.silence("io.javalin");
        Studio.Builder b = Studio.builder().optPort(port).optHost(host);
        if (workspace != null) {
            b.optWorkspace(workspace);
        }
        int threads = common.threads();
        if (threads > 0) {
            b.optThreads(threads);
        }
        Studio studio;
        try {
            studio = b.start();
        } catch (IllegalStateException | StudioException e) {
            if (common.verbose()) {
                e.printStackTrace(err);
            }
            err.println("graft: error: " + e.getMessage());
            return 1;
        }
        if (studio.exposed()) {
            err.println("graft studio: WARNING: listening on " + host + ", so other machines on the network can reach "
                    + "the Studio; anyone with the URL below can read and change your projects");
        }
        if (common.json()) {
            // one line a script can read the URL (and its token) from
            JsonObject o = new JsonObject();
            o.addProperty("url", studio.url());
            o.addProperty("workspace", studio.workspace().toString());
            out.println(o);
        } else {
            out.println("Graft Studio is running; open this URL in your browser:");
            out.println();
            out.println("    " + studio.url());
            out.println();
            out.println("Projects live in " + studio.workspace() + ". Press Ctrl-C to stop (a running training is saved).");
        }
        out.flush();
        Thread hook = new Thread(() -> {
            studio.close();
            stopped.countDown();
        }, "graft-studio-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook); // stopped by a test, not by the JVM shutting down
            studio.close();
        } catch (IllegalStateException shuttingDown) {
            // the hook has closed the Studio
        }
        return 0;
    }
}
