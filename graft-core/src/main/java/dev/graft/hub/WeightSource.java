package dev.graft.hub;

import dev.graft.Settings;
import dev.graft.weights.ShardIndex;
import dev.graft.weights.WeightsException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a weights spec into a local file, downloading and caching it when needed. A spec is a local
 * path, an {@code http(s)://} URL, {@code hf://org/repo[@revision][/file]} (default file
 * {@code model.safetensors}, revision {@code main}), or a registry tag known to the
 * {@link TagResolver}. A URL may pin its checksum as {@code #sha256=<hex>}.
 *
 * <p>Downloads land in the cache (see {@link Builder#optCacheDir}) at a path derived from the
 * canonical URL, so a second call makes no request, and a file placed there by hand is used as is.
 * {@code GRAFT_HUB_URL} points {@code hf://} and {@code huggingface.co} URLs at a mirror. When a
 * shard index ({@code *.index.json}) is fetched, the shards it names are fetched beside it.
 */
public final class WeightSource {
    /** Where {@code hf://} specs point unless a mirror is set. */
    public static final URI HUGGING_FACE = URI.create("https://huggingface.co");
    /** Seconds to wait for a response's headers; default {@value #DEFAULT_HEADER_SECONDS}. */
    public static final String HEADER_SETTING = "GRAFT_DOWNLOAD_HEADER_SECONDS";
    /** Seconds a body may send nothing before the attempt is abandoned; default {@value #DEFAULT_STALL_SECONDS}. */
    public static final String STALL_SETTING = "GRAFT_DOWNLOAD_STALL_SECONDS";
    /** Most bytes taken from a body that announces no length; default {@value #DEFAULT_MAX_UNSIZED_BYTES}. */
    public static final String SIZE_SETTING = "GRAFT_MAX_DOWNLOAD_BYTES";
    public static final long DEFAULT_HEADER_SECONDS = 60;
    public static final long DEFAULT_STALL_SECONDS = 30;
    /** 8 GiB: the hub and CDNs always announce a length; a body without one is capped at this. */
    public static final long DEFAULT_MAX_UNSIZED_BYTES = 8L << 30;
    private static final Map<Path, Object> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final CacheLayout cache;
    private final URI mirror;
    private final TagResolver tags;
    private final Downloader downloader;
    private final String proxyNote;
    private final HostPolicy allowList;

    private WeightSource(Builder b, HttpClient client, EnvProxySelector proxies) {
        this.cache = new CacheLayout(b.cacheDir);
        this.mirror = b.hubUrl;
        this.tags = b.tags;
        this.downloader = new Downloader(client, b.requestTimeout, b.stallTimeout, b.maxUnsizedBytes, b.retries,
                b.progress);
        this.proxyNote = proxies.anyConfigured() ? " through the configured proxy" : "";
        this.allowList = b.allowedHosts;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A source configured from the environment alone, drawing progress on standard error. */
    public static WeightSource defaults() {
        return builder().optProgress(ProgressListener.stderrBar()).build();
    }

    /** The local file for a spec, downloading it first if it is remote and not yet cached. */
    public Path resolve(String spec) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("hf://")) {
            return fetch(huggingFace(s), s);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return fetch(parseUrl(s), s);
        }
        if (lower.startsWith("file:")) {
            return existing(Path.of(URI.create(s)), spec);
        }
        Path local = Path.of(s);
        if (Files.exists(local)) {
            return local;
        }
        Optional<RemoteFile> tagged = tags.resolve(s);
        if (tagged.isPresent()) {
            return fetch(tagged.get(), s);
        }
        throw new WeightsException("no weights at '" + spec + "': not a file (" + local.toAbsolutePath()
                + " does not exist), not an http(s):// or hf://org/repo URL, and not a known model tag");
    }

    /**
     * The local file for a remote file, from the cache or downloaded into it. For a shard index
     * ({@code *.index.json}) the shards it names are fetched beside it: relative entries from the
     * index's own folder, absolute URLs only when {@link #hostPolicy} allows their host (the index's
     * host, the mirror, or {@code GRAFT_ALLOWED_HOSTS}). Entries that climb out of the folder or name
     * an index are refused before any request; shards are never expanded, so indexes cannot recurse.
     */
    public Path fetch(RemoteFile remote, String what) {
        Path target = cache.pathFor(remote.uri());
        fetchTo(remote, target, what);
        if (target.getFileName().toString().endsWith(".index.json")) {
            HostPolicy policy = hostPolicy().with(remote.uri().getHost());
            for (String entry : ShardIndex.shardNames(target)) {
                String local = ShardIndex.localName(target, entry); // refuses '..', absolute paths, indexes
                boolean absolute = !local.equals(entry);
                URI from = absolute ? shardUrl(target, entry) : remote.uri().resolve(encodePath(entry));
                if (absolute) {
                    policy.require(from, target.toString());
                }
                fetchTo(RemoteFile.of(from), target.resolveSibling(local), entry);
            }
        }
        return target;
    }

    /**
     * The hosts a URL found in a file (rather than given by the user) may point at: the mirror,
     * {@code GRAFT_ALLOWED_HOSTS}, and whatever {@link HostPolicy#with} adds, such as the host the
     * user named. Callers that resolve specs read from files check them with {@link HostPolicy#require}.
     */
    public HostPolicy hostPolicy() {
        return allowList.with(mirror == null ? null : mirror.getHost());
    }

    /** One file into one place in the cache, under the file locks that keep concurrent fetchers apart. */
    private void fetchTo(RemoteFile remote, Path target, String what) {
        URI from = mirrored(remote.uri());
        synchronized (IN_PROCESS_LOCKS.computeIfAbsent(target, k -> new Object())) {
            try {
                Files.createDirectories(target.getParent());
                Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
                // Another process fetching the same file waits here, then finds it cached.
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = ch.lock()) {
                    if (!cachedAndValid(target, remote.sha256())) {
                        downloader.fetch(from, target, remote.sha256(), what);
                        if (remote.sha256() != null) {
                            Files.writeString(shaFile(target), remote.sha256());
                        }
                    }
                }
            } catch (Downloader.Unreachable e) {
                throw offline(what, from, target, e);
            } catch (IOException e) {
                throw new DownloadException("cannot use the cache at " + target.getParent() + " (" + e.getMessage()
                        + "); set GRAFT_CACHE_DIR to a writable folder", false, e);
            }
        }
    }

    private static URI shardUrl(Path index, String entry) {
        try {
            URI u = new URI(entry.startsWith("//") ? "https:" + entry : entry);
            return new RemoteFile(u, null).uri();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new WeightsException(index + ": refused shard '" + entry + "': not a valid URL", e);
        }
    }

    /** Percent-encodes what a file name may hold but a URI path may not (spaces, '#', '?'). */
    private static String encodePath(String relative) {
        try {
            return new URI(null, null, relative, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(relative, e);
        }
    }

    /**
     * Moves a cached download that turned out unreadable (with the shards of an index) to
     * {@code <name>.unreadable}, so the next run fetches it again instead of failing on the same
     * bytes; files outside the cache are left alone. Returns the files moved.
     */
    public List<Path> setAside(Path file) {
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(cache.root()) || !Files.isRegularFile(f)) {
            return List.of();
        }
        List<Path> moved = new java.util.ArrayList<>();
        if (f.getFileName().toString().endsWith(".index.json")) {
            try {
                for (String entry : ShardIndex.shardNames(f)) {
                    moveAside(f.resolveSibling(ShardIndex.localName(f, entry)), moved);
                }
            } catch (WeightsException e) {
                // an index too damaged to list its shards: setting the index itself aside is what remains
            }
        }
        moveAside(f, moved);
        return moved;
    }

    private static void moveAside(Path p, List<Path> moved) {
        try {
            if (Files.isRegularFile(p)) {
                Files.move(p, p.resolveSibling(p.getFileName() + ".unreadable"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(shaFile(p));
                moved.add(p);
            }
        } catch (IOException e) {
            // left in place: the error the caller reports still names the file
        }
    }

    /** Where the cache keeps (or would keep) the file for a URL; a file put there by hand is used. */
    public Path cachePath(URI uri) {
        return cache.pathFor(uri);
    }

    /** The URL an {@code hf://org/repo[@rev][/path/to/file]} spec names on the Hugging Face hub. */
    public static URI huggingFaceUrl(String spec) {
        String rest = spec.substring("hf://".length());
        String[] parts = rest.split("/", 3);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new WeightsException("'" + spec + "' is not hf://org/repo[/file]; for example "
                    + "hf://timm/resnet18.a1_in1k/model.safetensors");
        }
        String repo = parts[1];
        String revision = "main";
        int at = repo.indexOf('@');
        if (at >= 0) {
            revision = repo.substring(at + 1);
            repo = repo.substring(0, at);
        }
        String file = parts.length == 3 && !parts[2].isEmpty() ? parts[2] : "model.safetensors";
        try {
            return new URI("https", "huggingface.co", "/" + parts[0] + "/" + repo + "/resolve/" + revision + "/" + file,
                    null);
        } catch (URISyntaxException e) {
            throw new WeightsException("'" + spec + "' is not a valid hub address (" + e.getMessage() + ")", e);
        }
    }

    private RemoteFile huggingFace(String spec) {
        int hash = spec.indexOf("#sha256=");
        URI uri = huggingFaceUrl(hash >= 0 ? spec.substring(0, hash) : spec);
        return new RemoteFile(uri, hash >= 0 ? spec.substring(hash + "#sha256=".length()) : null);
    }

    private static RemoteFile parseUrl(String spec) {
        int hash = spec.indexOf('#');
        String fragment = hash >= 0 ? spec.substring(hash + 1) : "";
        try {
            URI uri = new URI(hash >= 0 ? spec.substring(0, hash) : spec);
            return new RemoteFile(uri, fragment.startsWith("sha256=") ? fragment.substring(7) : null);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new WeightsException("'" + spec + "' is not a valid URL (" + e.getMessage() + ")", e);
        }
    }

    /** Swaps the scheme and host of hub URLs for the mirror's, keeping any path prefix it has. */
    URI mirrored(URI uri) {
        if (mirror == null || !HUGGING_FACE.getHost().equalsIgnoreCase(uri.getHost())) {
            return uri;
        }
        String prefix = mirror.getRawPath() == null ? "" : mirror.getRawPath().replaceAll("/+$", "");
        return URI.create(mirror.getScheme() + "://" + mirror.getRawAuthority() + prefix + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private boolean cachedAndValid(Path target, String sha256) throws IOException {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        if (sha256 == null) {
            return true;
        }
        Path shaFile = shaFile(target);
        if (Files.exists(shaFile) && Files.readString(shaFile).trim().equals(sha256)) {
            return true; // verified when it arrived; hashing gigabytes on every run would be slow
        }
        if (Downloader.sha256(target).equals(sha256)) {
            Files.writeString(shaFile, sha256); // placed by hand, and right
            return true;
        }
        // Wrong bytes: set them aside for inspection and fetch the right ones rather than serve them.
        Files.move(target, target.resolveSibling(target.getFileName() + ".sha256-mismatch"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return false;
    }

    private static Path shaFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".sha256");
    }

    private static Path existing(Path p, String spec) {
        if (!Files.exists(p)) {
            throw new WeightsException("no weights at '" + spec + "': " + p + " does not exist");
        }
        return p;
    }

    private DownloadException offline(String what, URI from, Path target, Downloader.Unreachable e) {
        long kept = Downloader.sizeOf(target.resolveSibling(target.getFileName() + ".part"));
        return new DownloadException("cannot download " + what + ": " + from.getHost()
                + (from.getPort() >= 0 ? ":" + from.getPort() : "") + " cannot be reached" + proxyNote
                + " and the machine appears to be offline (" + e.getMessage() + ")."
                + (kept > 0 ? " " + kept + " bytes are kept and resume on the next run." : "") + " Put the file at " + target
                + " by hand, or "
                + (mirror != null ? "check GRAFT_HUB_URL (now " + mirror + ")" : "set GRAFT_HUB_URL to a reachable mirror"),
                true, e.getCause());
    }

    /** Configures a {@link WeightSource}; every option has a default taken from the environment. */
    /** Graft's cache root, shared by every download and cached artefact: {@code $GRAFT_CACHE_DIR}, else {@code ~/.cache/graft}. */
    public static Path defaultCacheDir(Map<String, String> env) {
        String fromEnv = env.get("GRAFT_CACHE_DIR");
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv)
                : Path.of(System.getProperty("user.home"), ".cache", "graft");
    }

    public static final class Builder {
        private Map<String, String> env = System.getenv();
        private Path cacheDir;
        private URI hubUrl;
        private boolean hubUrlSet;
        private TagResolver tags = TagResolver.NONE;
        private ProgressListener progress = ProgressListener.NONE;
        private int retries = 3;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout;
        private Duration stallTimeout;
        private long maxUnsizedBytes = -1;
        private HostPolicy allowedHosts;

        private Builder() {}

        /** Variables read for defaults and proxies; default the process environment. */
        public Builder optEnvironment(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        /** Cache folder; default {@code $GRAFT_CACHE_DIR}, else {@code ~/.cache/graft}. */
        public Builder optCacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /** Mirror for the Hugging Face hub, e.g. {@code http://mirror.local:8080}; default {@code $GRAFT_HUB_URL}. */
        public Builder optHubUrl(String url) {
            this.hubUrl = url == null || url.isBlank() ? null : URI.create(url.trim());
            this.hubUrlSet = true;
            return this;
        }

        /** Resolves registry tags; default none. */
        public Builder optTagResolver(TagResolver tags) {
            this.tags = tags;
            return this;
        }

        /** Hears download progress; default silent ({@link WeightSource#defaults()} draws a bar). */
        public Builder optProgress(ProgressListener progress) {
            this.progress = progress;
            return this;
        }

        /** How often a broken transfer is resumed before giving up; default 3. */
        public Builder optRetries(int retries) {
            this.retries = retries;
            return this;
        }

        /** How long to wait for a connection; default 10 s. */
        public Builder optConnectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long to wait for a response's headers; default {@code $GRAFT_DOWNLOAD_HEADER_SECONDS}, else 60 s. */
        public Builder optRequestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * How long a response body may send nothing before the attempt is abandoned (and resumed,
         * up to the retries); default {@code $GRAFT_DOWNLOAD_STALL_SECONDS}, else 30 s.
         */
        public Builder optStallTimeout(Duration timeout) {
            this.stallTimeout = timeout;
            return this;
        }

        /**
         * Most bytes taken from a response that announces no length (an endless body is cut there
         * and deleted); default {@code $GRAFT_MAX_DOWNLOAD_BYTES}, else 8 GiB. A response that
         * announces its length gets exactly that many bytes, and must fit the cache's free space.
         */
        public Builder optMaxUnsizedBytes(long bytes) {
            this.maxUnsizedBytes = bytes;
            return this;
        }

        /** Hosts a URL found in a file may point at, besides the mirror; default {@code $GRAFT_ALLOWED_HOSTS}. */
        public Builder optAllowedHosts(List<String> hosts) {
            this.allowedHosts = HostPolicy.of(hosts);
            return this;
        }

        public WeightSource build() {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0, got " + retries);
            }
            if (cacheDir == null) {
                cacheDir = defaultCacheDir(env);
            }
            if (requestTimeout == null) {
                requestTimeout = Duration.ofSeconds(Settings.number(HEADER_SETTING, env, DEFAULT_HEADER_SECONDS, 1,
                        86_400));
            }
            if (stallTimeout == null) {
                stallTimeout = Duration.ofSeconds(Settings.number(STALL_SETTING, env, DEFAULT_STALL_SECONDS, 1,
                        86_400));
            }
            if (maxUnsizedBytes < 0) {
                maxUnsizedBytes = Settings.number(SIZE_SETTING, env, DEFAULT_MAX_UNSIZED_BYTES, 1, Long.MAX_VALUE);
            }
            if (allowedHosts == null) {
                allowedHosts = HostPolicy.parse(Settings.raw(HostPolicy.SETTING, env));
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero() || stallTimeout.isNegative()
                    || stallTimeout.isZero()) {
                throw new IllegalArgumentException("download timeouts must be positive, got " + requestTimeout
                        + " and " + stallTimeout);
            }
            if (!hubUrlSet) {
                optHubUrl(env.get("GRAFT_HUB_URL"));
            }
            if (hubUrl != null && (hubUrl.getScheme() == null || hubUrl.getRawAuthority() == null)) {
                throw new IllegalArgumentException("GRAFT_HUB_URL must look like https://host[:port][/prefix], got "
                        + hubUrl);
            }
            EnvProxySelector proxies = new EnvProxySelector(env);
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NORMAL) // the hub redirects to its CDN
                    .connectTimeout(connectTimeout)
                    .proxy(proxies)
                    .build();
            return new WeightSource(this, client, proxies);
        }
    }
}
