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
      // Test inputs are a few rows: compiling generated code costs more than it saves.
      session.conf().set("spark.sql.codegen.wholeStage", "false");
      session.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    }
    return session;
  }
}
