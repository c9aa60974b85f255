package dev.graft.spark.cli;

/** One line for an error, however deep Spark wrapped it. */
final class Errors {
    private Errors() {}

    /**
     * The message of the innermost cause that has one: a failed task reaches the driver wrapped
     * in Spark's exceptions, but the useful sentence is the one Graft's code threw.
     */
    static String message(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        if (best == null) {
            return e.getClass().getSimpleName();
        }
        int nl = best.indexOf('\n');
        return nl < 0 ? best : best.substring(0, nl);
    }
}
