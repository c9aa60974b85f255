package dev.graft.studio;

import dev.graft.GraftException;

/**
 * A request the Studio refuses or cannot serve, with a one-line message for the person at the
 * browser: what is wrong and what to do. The web layer turns {@link #kind()} into the HTTP status.
 */
public final class StudioException extends GraftException {
    /** Why a request failed; each maps to one HTTP status. */
    public enum Kind {
        /** The request is malformed or names something invalid (400). */
        BAD_INPUT(400),
        /** No session token, or a wrong one (401). */
        UNAUTHORIZED(401),
        /** A cross-site request, or a path outside the workspace (403). */
        FORBIDDEN(403),
        /** No such project, class, image, run or job (404). */
        NOT_FOUND(404),
        /** The request clashes with the current state, such as a name in use or a job running (409). */
        CONFLICT(409),
        /** Over an upload limit (413). */
        TOO_LARGE(413),
        /** A file of a type the Studio does not take (415). */
        UNSUPPORTED(415);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public StudioException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static StudioException badInput(String message) {
        return new StudioException(Kind.BAD_INPUT, message);
    }

    public static StudioException notFound(String message) {
        return new StudioException(Kind.NOT_FOUND, message);
    }

    public static StudioException conflict(String message) {
        return new StudioException(Kind.CONFLICT, message);
    }

    public static StudioException forbidden(String message) {
        return new StudioException(Kind.FORBIDDEN, message);
    }

    public static StudioException tooLarge(String message) {
        return new StudioException(Kind.TOO_LARGE, message);
    }
}
