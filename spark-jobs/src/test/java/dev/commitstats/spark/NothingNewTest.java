package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.config.CommitStatsConfig;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer "nothing new" without Spark is given exactly when the run would give it: after a run
 * that consumed every raw file under the same config; never before the first run, with a new batch,
 * a changed config or {@code --full}. (Interrupted runs: TransformKillTest; quarantined files:
 * QuarantineTest; every test's nothing-new run is checked against the run's own plan by {@link
 * TestSpark#transform}.)
 */
class NothingNewTest {
  static SparkSession spark;
  static final String REPO = "https://github.com/EspenAlbert/tools";

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  void batch(String run, String sha, String date) {
    new RawLake(spark, dir)
        .run(run)
        .repo(REPO, "private", "espen", false, null)
        .commit(REPO, sha, "espen@example.com", date)
        .file(REPO, sha, "src/" + sha + ".java", "Java", "code", 10L, 0L)
        .write();
  }

  TransformJob.Result check(CommitStatsConfig config, boolean full) {
    return NothingNew.check(
        new TransformJob.Settings(dir.toString(), config, full),
        spark.sparkContext().hadoopConfiguration());
  }

  @Test
  void answersOnlyWhenTheRunWouldFindNothingNew() {
    batch("20260101T000000000Z-000001", "a1", "2024-03-04T10:00:00Z");
    assertThat(check(TestSpark.ONE_USER, false)).as("before the first run").isNull();
    TestSpark.transform(dir, TestSpark.ONE_USER, false);

    TransformJob.Result quick = check(TestSpark.ONE_USER, false);
    assertThat(quick).isNotNull();
    assertThat(quick.nothingNew()).isTrue();
    assertThat(quick.quarantined()).isEmpty();
    assertThat(check(TestSpark.ONE_USER, true)).as("--full").isNull();
    CommitStatsConfig other =
        CommitStatsConfig.parse(
            "users:\n  - id: espen\n    emails: [espen@example.com, espen@work.example]\n",
            "test config");
    assertThat(check(other, false)).as("another attribution: a full run").isNull();

    batch("20260102T000000000Z-000002", "a2", "2024-03-05T10:00:00Z");
    assertThat(check(TestSpark.ONE_USER, false)).as("a new batch").isNull();
    assertThat(TestSpark.transform(dir, TestSpark.ONE_USER, false).runSeq()).isEqualTo(2);
    assertThat(check(TestSpark.ONE_USER, false)).isNotNull();

    // the log as Kernel reads it is the log as Spark reads it
    assertThat(
            NothingNew.read(
                    new LakePaths(dir.toString(), spark.sparkContext().hadoopConfiguration())
                        .delta(dev.commitstats.model.DeltaTables.TRANSFORM_RUNS),
                    spark.sparkContext().hadoopConfiguration())
                .size())
        .isEqualTo(
            spark
                .read()
                .format("delta")
                .load(dir.resolve("delta/_transform_runs").toString())
                .count());
  }
}
