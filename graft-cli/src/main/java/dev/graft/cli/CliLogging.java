package dev.graft.cli;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The command line's SLF4J provider. Graft's own messages (loggers under {@code dev.graft}, info and
 * above) are progress for the person at the terminal: each is one plain line on stderr, its
 * setting names shown as flags ({@link Flags}). Everything else (DJL, Spark) speaks only from
 * warn up, as {@code [thread] LEVEL logger - message}, the format slf4j-simple used here before.
 * Lines go to whatever {@code System.err} is when they are logged, so a caller that captures
 * stderr sees them.
 */
public final class CliLogging implements SLF4JServiceProvider {
    /** Logger-name prefixes that print nothing, such as a server's own account of an error the command states. */
    private static final Set<String> SILENCED = ConcurrentHashMap.newKeySet();

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ILoggerFactory factory = CliLogger::new;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: loggers are made on demand
    }

    /**
     * Silences the loggers whose names start with {@code prefix}: a command that reports a library's
     * failure in its own one line (the Studio, when Javalin cannot start) keeps the library's longer
     * account off the terminal.
     *
     * @param prefix a logger-name prefix, such as {@code io.javalin}
     */
    public static void silence(String prefix) {
        SILENCED.add(prefix);
    }

    /** One logger; what it prints depends on whether it is one of Graft's. */
    static final class CliLogger extends LegacyAbstractLogger {
        private final boolean graft;

        CliLogger(String name) {
            this.name = name;
            this.graft = name.startsWith("dev.graft.");
        }

        private boolean on(Level level) {
            if (!SILENCED.isEmpty() && SILENCED.stream().anyMatch(name::startsWith)) {
                return false;
            }
            return level.toInt() >= (graft ? Level.INFO : Level.WARN).toInt();
        }

        @Override
        public boolean isTraceEnabled() {
            return on(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return on(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return on(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return on(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            if (!on(level)) {
                return; // silenced after the caller checked
            }
            String msg = MessageFormatter.basicArrayFormat(pattern, args);
            PrintStream err = System.err;
            if (graft) {
                err.println(Flags.forCli(msg));
            } else {
                err.println("[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + msg);
            }
            if (t != null) {
                t.printStackTrace(err);
            }
            err.flush();
        }
    }

}
