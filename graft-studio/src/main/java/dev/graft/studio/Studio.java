package dev.graft.studio;

import dev.graft.studio.ingest.UploadLimits;
import dev.graft.studio.project.Workspace;
import dev.graft.studio.web.Server;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Graft Studio: a local web app for training image classifiers. It serves one page on loopback,
 * guarded by a random session token that comes in the printed URL; projects, images, runs and
 * studies live under the workspace and survive restarts.
 *
 * <pre>{@code
 * try (Studio studio = Studio.builder().optPort(0).start()) {
 *     System.out.println("open " + studio.url());
 *     studio.await();
 * }
 * }</pre>
 */
public final class Studio implements AutoCloseable {
    /** The port used unless another is given. */
    public static final int DEFAULT_PORT = 7717;
    /** Loopback: only programs on this machine can connect. */
    public static final String LOOPBACK = "127.0.0.1";

    private final Server server;
    private final Workspace workspace;
    private final String host;
    private final int port;
    private final String token;

    private Studio(Server server, Workspace workspace, String host, int port, String token) {
        this.server = server;
        this.workspace = workspace;
        this.host = host;
        this.port = port;
        this.token = token;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URL to open, with the session token. */
    public String url() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? LOOPBACK : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + "/?token=" + token;
    }

    public int port() {
        return port;
    }

    public String token() {
        return token;
    }

    public Path workspace() {
        return workspace.root();
    }

    /** Whether the server listens on an address other machines can reach. */
    public boolean exposed() {
        return !isLoopback(host);
    }

    /** Blocks until the JVM shuts down (Ctrl-C), then returns after {@link #close}. */
    public void await() throws InterruptedException {
        Thread.currentThread().join();
    }

    /** Stops the running job (its run is saved and can be resumed), then the server. */
    @Override
    public void close() {
        server.close();
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Configures and starts a {@link Studio}; every option has a default. */
    public static final class Builder {
        private Path workspace = Workspace.defaultRoot();
        private String host = LOOPBACK;
        private int port = DEFAULT_PORT;
        private String token;
        private UploadLimits limits = UploadLimits.DEFAULTS;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /**
         * Where projects live.
         *
         * @param dir the folder; default {@code ~/.graft/studio}
         * @return this builder
         */
        public Builder optWorkspace(Path dir) {
            this.workspace = dir;
            return this;
        }

        /**
         * The address to listen on. Anything but loopback lets other machines reach the Studio
         * (still only with the token); the command line asks for an explicit flag and warns.
         *
         * @param host an address; default {@value Studio#LOOPBACK}
         * @return this builder
         */
        public Builder optHost(String host) {
            this.host = host;
            return this;
        }

        /**
         * The port.
         *
         * @param port 1-65535, or 0 for any free port; default {@value Studio#DEFAULT_PORT}
         * @return this builder
         */
        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        /**
         * The session token.
         *
         * @param token at least 16 characters; default 32 random bytes, base64url
         * @return this builder
         */
        public Builder optToken(String token) {
            this.token = token;
            return this;
        }

        /**
         * Upload limits.
         *
         * @param limits the limits; default {@link UploadLimits#DEFAULTS}
         * @return this builder
         */
        public Builder optLimits(UploadLimits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * Threads for training and prediction.
         *
         * @param threads at least 1; default {@code GRAFT_THREADS}, else every core
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Opens the workspace and starts serving.
         *
         * @return the running Studio
         * @throws IllegalArgumentException for an option out of range
         * @throws StudioException when the workspace cannot be used
         * @throws IllegalStateException when the port cannot be opened
         */
        public Studio start() {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            if (token != null && token.length() < 16) {
                throw new IllegalArgumentException("a session token needs at least 16 characters");
            }
            String t = token != null ? token : newToken();
            Workspace ws = Workspace.open(workspace);
            Server server = new Server(ws, t, host, limits, threads);
            int bound;
            try {
                bound = server.start(host, port);
            } catch (RuntimeException e) {
                server.close();
                throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + rootMessage(e)
                        + "); pick another port with --port, or stop what uses it", e);
            }
            return new Studio(server, ws, host, bound, t);
        }

        private static String newToken() {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }

        private static String rootMessage(Throwable e) {
            Throwable c = e;
            while (c.getCause() != null) {
                c = c.getCause();
            }
            return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        }
    }
}
