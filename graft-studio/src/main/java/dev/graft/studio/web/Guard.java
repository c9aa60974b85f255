package dev.graft.studio.web;

import dev.graft.studio.StudioException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The checks every request passes before any handler runs. The Studio trains on people's files
 * and writes into their home folder, so a web page in another tab must not be able to drive it:
 * <ul>
 *   <li>the {@code Host} header must name this server (no DNS rebinding); when it listens on every
 *       address ({@code --host 0.0.0.0}), any host name is let through to the token check;</li>
 *   <li>the session token, random per start, must come with the request: in the
 *       {@value #HEADER} header, the session cookie (set when the printed URL is opened), or the
 *       {@code token} query parameter; compared in constant time;</li>
 *   <li>a request that changes anything (POST, PUT, PATCH, DELETE) must carry an {@code Origin}
 *       equal to {@code http://} and the request's {@code Host} (the same origin), or, from a
 *       program without one, the token in the header, which no cross-site form or image can set.</li>
 * </ul>
 */
final class Guard {
    static final String HEADER = "X-Graft-Token";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private final byte[] token;
    private final String host;
    private final IntSupplier port;

    /**
     * @param token the session token
     * @param host the address the server listens on
     * @param port the port, known once the server has started
     */
    Guard(String token, String host, IntSupplier port) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.host = host;
        this.port = port;
    }

    /** The session cookie's name; per port, as cookies do not tell ports apart. */
    String cookieName() {
        return "graft_studio_" + port.getAsInt();
    }

    void check(Context ctx) {
        if (!hostAllowed(ctx.header("Host"))) {
            throw StudioException.forbidden("the Host header '" + ctx.header("Host") + "' does not name this Studio; "
                    + "open the URL it printed");
        }
        boolean inHeader = matches(ctx.header(HEADER));
        if (!inHeader && !matches(ctx.cookie(cookieName())) && !matches(ctx.queryParam("token"))) {
            throw new StudioException(StudioException.Kind.UNAUTHORIZED, "no valid session token; open the URL "
                    + "the Studio printed when it started (it carries the token)");
        }
        if (!SAFE.contains(ctx.method())) {
            String origin = ctx.header("Origin");
            if (origin == null ? !inHeader : !origin.equalsIgnoreCase("http://" + ctx.header("Host"))) {
                throw StudioException.forbidden(origin == null
                        ? "a change without an Origin header needs the token in the " + HEADER + " header"
                        : "cross-site request from " + origin + " refused; use the Studio's own page");
            }
        }
    }

    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private boolean hostAllowed(String h) {
        if (h == null) {
            return false;
        }
        String lower = h.toLowerCase(Locale.ROOT);
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return lower.endsWith(":" + port.getAsInt());
        }
        for (String name : names()) {
            if (lower.equals(name + ":" + port.getAsInt())) {
                return true;
            }
        }
        return false;
    }

    private Set<String> names() {
        String bound = host.contains(":") ? "[" + host + "]" : host;
        Set<String> names = new java.util.HashSet<>(Set.of("127.0.0.1", "localhost", "[::1]"));
        names.add(bound.toLowerCase(Locale.ROOT));
        return names;
    }
}
