package dev.graft.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches one URL into one file: bytes go to {@code <file>.part}, an interrupted transfer continues
 * from there with an HTTP Range request (guarded by If-Range on the ETag, so a changed file
 * restarts), the finished file is checked against its sha256 and only then renamed into place.
 */
final class Downloader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int CHUNK = 1 << 16;

    // Below this much free space an unsized download stops rather than fill the disk.
    private static final long MIN_FREE_BYTES = 64L << 20;

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration stallTimeout;
    private final long maxUnsizedBytes;
    private final int retries;
    private final ProgressListener progress;

    /**
     * @param requestTimeout how long to wait for the response headers
     * @param stallTimeout how long the body may send nothing before the attempt is abandoned
     * @param maxUnsizedBytes most bytes taken from a response that does not announce its length
     */
    Downloader(HttpClient client, Duration requestTimeout, Duration stallTimeout, long maxUnsizedBytes, int retries,
            ProgressListener progress) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.stallTimeout = stallTimeout;
        this.maxUnsizedBytes = maxUnsizedBytes;
        this.retries = retries;
        this.progress = progress;
    }

    /** Thrown when the host cannot be reached at all; the caller words the offline message. */
    static final class Unreachable extends Exception {
        Unreachable(Throwable cause) {
            super(reason(cause), cause);
        }

        private static String reason(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof HttpConnectTimeoutException) {
                    return "connection timed out";
                }
                if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                    return "host name does not resolve";
                }
                if (t instanceof ConnectException) {
                    return "connection refused";
                }
            }
            return e.toString();
        }
    }

    /** Downloads {@code from} into {@code target}; returns normally only with a verified file. */
    void fetch(URI from, Path target, String sha256, String what) throws Unreachable {
        try {
            attempt(from, target, sha256, what);
        } catch (Unreachable | RuntimeException e) {
            progress.failed(what);
            throw e;
        }
    }

    private void attempt(URI from, Path target, String sha256, String what) throws Unreachable {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Path etagFile = target.resolveSibling(target.getFileName() + ".part.etag");
        IOException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            try {
                if (attempt > 0) {
                    Thread.sleep(Math.min(2000, 200L * attempt)); // a dropped connection is often momentary
                }
                transfer(from, part, etagFile, what);
                last = null;
                break;
            } catch (ConnectException | HttpConnectTimeoutException | UnknownHostException e) {
                throw new Unreachable(e);
            } catch (IOException e) {
                if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                    throw new Unreachable(e);
                }
                last = e; // keep the .part; the next attempt resumes it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadException("interrupted while downloading " + what, false, e);
            }
        }
        if (last != null) {
            String hint = last instanceof TimedBody.StalledException
                    ? "; to wait longer, raise " + WeightSource.STALL_SETTING
                    : last instanceof HttpTimeoutException ? " waiting " + requestTimeout.toSeconds() + " s for the "
                            + "response headers; to wait longer, raise " + WeightSource.HEADER_SETTING : "";
            throw new DownloadException("download of " + what + " from " + from + " failed after " + (retries + 1)
                    + " attempts (" + last.getMessage() + hint + "); run again to resume from "
                    + sizeOf(part) + " bytes kept in " + part, false, last);
        }
        verify(part, sha256, what, from);
        move(part, target);
        deleteQuietly(etagFile);
    }

    private void transfer(URI from, Path part, Path etagFile, String what) throws IOException, InterruptedException {
        long have = sizeOf(part);
        HttpRequest.Builder req = HttpRequest.newBuilder(from).timeout(requestTimeout).GET()
                .header("User-Agent", "graft-hub");
        if (have > 0) {
            req.header("Range", "bytes=" + have + "-");
            readEtag(etagFile).ifPresent(tag -> req.header("If-Range", tag));
        }
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> resp = client.send(req.build(),
                HttpResponse.BodyHandlers.ofPublisher());
        TimedBody timed = new TimedBody(stallTimeout);
        resp.body().subscribe(timed);
        try (InputStream body = timed) {
            int status = resp.statusCode();
            long total;
            if (status == 206) {
                String range = resp.headers().firstValue("Content-Range").orElse("");
                Matcher m = CONTENT_RANGE.matcher(range);
                if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                    Files.deleteIfExists(part); // the server answered another range: start over cleanly
                    throw new IOException("server resumed with '" + range + "' instead of byte " + have + ", restarting");
                }
                total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            } else if (status == 200) {
                have = 0; // the server sent the whole file: Range ignored, or the file changed
                long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                total = length;
                Optional<String> etag = resp.headers().firstValue("ETag");
                if (etag.isPresent() && !etag.get().startsWith("W/")) {
                    Files.createDirectories(etagFile.getParent());
                    Files.writeString(etagFile, etag.get());
                } else {
                    Files.deleteIfExists(etagFile);
                }
            } else if (status == 416 && have > 0) {
                Files.deleteIfExists(part); // our partial file is longer than the server's: not the same file
                throw new IOException("server refused the resume range, restarting");
            } else if (status >= 500) {
                throw new IOException("server answered HTTP " + status); // often passing: retried
            } else {
                throw new DownloadException(what + ": server answered HTTP " + status + " for " + from
                        + (status == 401 || status == 403 ? " (the file needs access rights; download it by hand)" : "")
                        + (status == 404 ? " (no such file; check the name and revision)" : ""), false, null);
            }
            Files.createDirectories(part.getParent());
            checkSpace(part, total < 0 ? 0 : total - have, what);
            progress.started(what, have, total);
            long done = have;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    have > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[CHUNK];
                long nextSpaceCheck = done + (64L << 20);
                for (int n; (n = body.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    done += n;
                    if (total >= 0 && done > total) {
                        throw discard(part, etagFile, what + ": the server at " + from.getHost()
                                + " sent more than the " + total + " bytes it announced; the partial file was deleted");
                    }
                    if (total < 0 && done > maxUnsizedBytes) {
                        throw discard(part, etagFile, what + ": the server at " + from.getHost() + " sent more than "
                                + maxUnsizedBytes + " bytes without announcing a length; stopped and deleted the "
                                + "partial file. If the file really is that large, raise " + WeightSource.SIZE_SETTING);
                    }
                    if (total < 0 && done >= nextSpaceCheck) {
                        nextSpaceCheck = done + (64L << 20);
                        if (part.getParent().toFile().getUsableSpace() < MIN_FREE_BYTES) {
                            throw discard(part, etagFile, what + ": the disk holding " + part.getParent()
                                    + " is nearly full after " + done + " bytes of a file of unannounced size; "
                                    + "stopped and deleted the partial file");
                        }
                    }
                    progress.progress(what, done, total);
                }
            }
            if (total >= 0 && done != total) {
                throw new IOException("connection closed after " + done + " of " + total + " bytes");
            }
            progress.finished(what, done);
        }
    }

    /** Refuses, before writing, a file larger than the space left where the cache keeps it. */
    private static void checkSpace(Path part, long need, String what) {
        long free = part.getParent().toFile().getUsableSpace();
        if (need > 0 && free > 0 && need > free) {
            throw new DownloadException(what + ": needs " + need + " bytes but only " + free + " are free in "
                    + part.getParent() + "; free some space or set GRAFT_CACHE_DIR to a larger disk", false, null);
        }
    }

    /** A download that must not be resumed: its bytes are deleted so nothing half-written stays behind. */
    private static DownloadException discard(Path part, Path etagFile, String message) {
        deleteQuietly(part);
        deleteQuietly(etagFile);
        return new DownloadException(message, false, null);
    }

    /** A mismatch deletes the bytes: a corrupt file must never be served from the cache. */
    private static void verify(Path part, String expected, String what, URI from) {
        if (expected == null) {
            return;
        }
        String actual = sha256(part);
        if (!actual.equals(expected)) {
            deleteQuietly(part);
            throw new DownloadException(what + ": sha256 mismatch for the file from " + from + ": expected "
                    + expected + ", got " + actual + "; the download was deleted. Run again to retry; if it "
                    + "persists the server or mirror holds another file than the registry names", false, null);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[CHUNK];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DownloadException("cannot read " + file + " to check its sha256 (" + e.getMessage() + ")",
                    false, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DownloadException("cannot move the download into the cache at " + to + " ("
                    + e.getMessage() + ")", false, e);
        }
    }

    private static Optional<String> readEtag(Path etagFile) {
        try {
            return Files.exists(etagFile)
                    ? Optional.of(Files.readString(etagFile, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // without the validator the resume is unguarded, not wrong: sha256 still checks
        }
    }

    static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing better to do; the caller's error is the one that matters
        }
    }
}
