package dev.graft.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions with Graft's defaults. In local mode the driver binds to 127.0.0.1 and the web UI
 * is off, so nothing listens on an external address; every setting can still be overridden with
 * {@code -Dspark.*} system properties or spark-submit's {@code --conf}.
 */
public final class SparkSessions {
    private SparkSessions() {}

    /** A builder for {@code master} (such as {@code local[2]} or {@code spark://host:7077}). */
    public static SparkSession.Builder builder(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null && !master.isBlank()) {
            b.master(master);
        }
        if (master != null && master.startsWith("local")) {
            b.config("spark.driver.host", prop("spark.driver.host", "127.0.0.1"))
                    .config("spark.driver.bindAddress", prop("spark.driver.bindAddress", "127.0.0.1"))
                    .config("spark.ui.enabled", prop("spark.ui.enabled", "false"))
                    .config("spark.sql.shuffle.partitions", prop("spark.sql.shuffle.partitions", "4"));
        }
        return b;
    }

    private static String prop(String key, String fallback) {
        return System.getProperty(key, fallback);
    }
}
