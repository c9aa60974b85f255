package dev.graft.hub;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which hosts Graft may contact for a URL that came out of a file rather than from the user: a
 * shard index's entries, a run folder's metadata. Such a URL is allowed when its host is the one
 * the user named (the host of the index or spec the user gave), the configured mirror
 * ({@code GRAFT_HUB_URL}), or on the allow-list {@code GRAFT_ALLOWED_HOSTS}: comma-separated host
 * names, where {@code .example.org} (or {@code *.example.org}) also allows every subdomain.
 * Anything else is refused before a single request is made.
 */
public final class HostPolicy {
    /** The allow-list setting: comma-separated hosts; {@code .suffix} allows subdomains. */
    public static final String SETTING = "GRAFT_ALLOWED_HOSTS";

    private final List<String> allowed;

    private HostPolicy(List<String> allowed) {
        this.allowed = allowed;
    }

    /** A policy that allows exactly these hosts (and, for entries starting with a dot, their subdomains). */
    public static HostPolicy of(List<String> hosts) {
        List<String> out = new ArrayList<>();
        for (String h : hosts) {
            String t = h.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("*.")) {
                t = t.substring(1);
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return new HostPolicy(List.copyOf(out));
    }

    /** The policy a comma-separated {@code GRAFT_ALLOWED_HOSTS} value describes; null or blank allows none. */
    public static HostPolicy parse(String list) {
        return of(list == null ? List.of() : List.of(list.split(",")));
    }

    /** This policy with more hosts allowed, such as the one the user named and the mirror. */
    public HostPolicy with(String... hosts) {
        List<String> all = new ArrayList<>(allowed);
        for (String h : hosts) {
            if (h != null) {
                all.add(h);
            }
        }
        return of(all);
    }

    /** True when {@code uri}'s host is allowed. */
    public boolean allows(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.startsWith(".") ? host.endsWith(a) || host.equals(a.substring(1)) : host.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** Throws, naming where the URL came from and how to allow it, unless {@code uri}'s host is allowed. */
    public void require(URI uri, String origin) {
        if (!allows(uri)) {
            throw new DownloadException("refused to download " + uri + " named in " + origin + ": host " + uri.getHost()
                    + " is neither the host you named nor the mirror (allowed: " + allowed + "); if you trust it, "
                    + "add it to " + SETTING + " (comma-separated)", false, null);
        }
    }

    /** The hosts allowed, lower case; entries starting with a dot allow subdomains. */
    public List<String> hosts() {
        return allowed;
    }
}
