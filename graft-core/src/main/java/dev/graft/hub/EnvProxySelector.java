package dev.graft.hub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses a proxy the way curl reads the environment: {@code HTTPS_PROXY} for https,
 * {@code HTTP_PROXY} for http, {@code ALL_PROXY} for either (lower-case names too), except for hosts
 * listed in {@code NO_PROXY}. Without a {@code NO_PROXY}, loopback addresses are reached directly;
 * with one, it alone decides (as Java's own {@code http.nonProxyHosts} replaces its default).
 */
final class EnvProxySelector extends ProxySelector {
    private final Map<String, String> env;

    EnvProxySelector(Map<String, String> env) {
        this.env = env;
    }

    /** True when the environment names any proxy; otherwise the client goes direct. */
    boolean anyConfigured() {
        return get("HTTPS_PROXY") != null || get("HTTP_PROXY") != null || get("ALL_PROXY") != null;
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean noProxySet = env.containsKey("NO_PROXY") || env.containsKey("no_proxy");
        if (!noProxySet && isLoopback(host) || bypassed(host)) {
            return List.of(Proxy.NO_PROXY);
        }
        String spec = "https".equalsIgnoreCase(uri.getScheme()) ? get("HTTPS_PROXY") : get("HTTP_PROXY");
        if (spec == null) {
            spec = get("ALL_PROXY");
        }
        if (spec == null) {
            return List.of(Proxy.NO_PROXY);
        }
        URI proxy = URI.create(spec.contains("://") ? spec : "http://" + spec);
        int port = proxy.getPort() >= 0 ? proxy.getPort() : 80;
        return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxy.getHost(), port)));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // The download reports the failure itself, naming the proxy.
    }

    /** The proxy address this selector would use for a URI, for messages; null when direct. */
    String describe(URI uri) {
        Proxy p = select(uri).get(0);
        return p.type() == Proxy.Type.DIRECT ? null : p.address().toString();
    }

    private boolean bypassed(String host) {
        String noProxy = get("NO_PROXY");
        if (noProxy == null) {
            return false;
        }
        List<String> entries = new ArrayList<>();
        for (String e : noProxy.split(",")) {
            if (!e.isBlank()) {
                entries.add(e.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (String e : entries) {
            String suffix = e.startsWith("*.") ? e.substring(1) : e.startsWith(".") ? e : "." + e;
            if (e.equals("*") || host.equals(e) || host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private String get(String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = env.get(name.toLowerCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }
}
