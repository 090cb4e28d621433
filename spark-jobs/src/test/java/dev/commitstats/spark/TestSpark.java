package dev.commitstats.spark;

import org.apache.spark.sql.SparkSession;

/** One local Spark session for every test class of the fork: starting Spark is the slow part. */
final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.create("commitstats-tests", 2, 2);
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
