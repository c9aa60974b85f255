package dev.graft.spark.cli;

/** Spark's Java 17 module flags, checked before Spark starts so their absence is one clear line. */
final class JvmFlags {
    static final String MISSING = "Spark needs Java's module flags (--add-opens java.base/sun.nio.ch=ALL-UNNAMED and "
            + "others); run through ./graft spark, or add the flags in graft-spark/jvm.options (docs/SPARK.md)";

    private JvmFlags() {}

    static boolean present() {
        Module base = Object.class.getModule();
        Module us = JvmFlags.class.getClassLoader().getUnnamedModule();
        return base.isOpen("sun.nio.ch", us) && base.isOpen("java.nio", us) && base.isOpen("java.lang.invoke", us);
    }

    /** Fails with {@link #MISSING} unless the flags are present; sets quiet logging before Spark starts. */
    static void require() {
        if (!present()) {
            throw new IllegalStateException(MISSING);
        }
        quietLogging();
    }

    /** Spark logs at INFO by default; the CLI keeps its warnings and Graft's own messages. */
    static void quietLogging() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "dev/graft/spark/cli/log4j2.properties");
        }
    }
}
