package dev.graft.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] session for every test class in the fork; Spark stops it at JVM exit. */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {}

    static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSessions.builder("local[2]", "graft-spark-tests").getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
