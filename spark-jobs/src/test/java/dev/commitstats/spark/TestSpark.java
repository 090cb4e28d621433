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

  /** A config of one user, {@code espen}, by the email {@code espen@example.com}. */
  static final dev.commitstats.model.config.CommitStatsConfig ONE_USER =
      dev.commitstats.model.config.CommitStatsConfig.parse(
          "users:\n  - id: espen\n    emails: [espen@example.com]\n", "test config");

  /**
   * One transform run over the lake at {@code dir}, in this session. When it finds nothing new, the
   * run's own plan is made too (which {@link NothingNew} may have answered without Spark) and must
   * agree: nothing new, the same files quarantined.
   */
  static TransformJob.Result transform(
      java.nio.file.Path dir, dev.commitstats.model.config.CommitStatsConfig config, boolean full) {
    var settings = new TransformJob.Settings(dir.toString(), config, full);
    TransformJob.Result result = TransformJob.run(session(), settings);
    if (result.nothingNew()) {
      TransformJob.Result planned = TransformJob.transform(session(), settings);
      org.assertj.core.api.Assertions.assertThat(planned.nothingNew())
          .as("the run's own plan after a nothing-new answer")
          .isTrue();
      org.assertj.core.api.Assertions.assertThat(planned.quarantined())
          .isEqualTo(result.quarantined());
    }
    return result;
  }

  /** What {@link NothingNew} answers for the lake at {@code dir} (null: the run decides). */
  static TransformJob.Result nothingNew(
      java.nio.file.Path dir, dev.commitstats.model.config.CommitStatsConfig config) {
    return NothingNew.check(
        new TransformJob.Settings(dir.toString(), config, false),
        session().sparkContext().hadoopConfiguration());
  }

  /** {@code delta.`…`} of a Delta table of the lake at {@code dir}, for SQL. */
  static String table(java.nio.file.Path dir, String name) {
    return "delta.`" + dir.resolve("delta").resolve(name).toUri() + "`";
  }
}
