package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.DeltaTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalTransformTest {
  static SparkSession spark;

  @TempDir Path incremental;
  @TempDir Path full;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  TransformJob.Result transform(Path lake, boolean forceFull) {
    return TransformJob.run(
        spark, new TransformJob.Settings(lake.toString(), Scenario.CONFIG, forceFull));
  }

  @Test
  void incrementalRunsEqualOneFullRunAndANoOpRunWritesNothing() throws IOException {
    for (int batch = 1; batch <= 3; batch++) {
      Scenario.batch(spark, incremental, batch);
      TransformJob.Result r = transform(incremental, false);
      assertThat(r.mode()).isEqualTo(batch == 1 ? "full" : "incremental");
      // later batches touch a minority of the users: their rows are MERGEd, others left alone
      assertThat(r.affectedUsers()).isEqualTo(batch == 1 ? Scenario.USERS : 2);
      // The run's kept intermediate results are freed with it, not left for a later GC.
      assertThat(
              scala.collection.JavaConverters.mapAsJavaMap(spark.sparkContext().getPersistentRDDs())
                  .values())
          .noneMatch(org.apache.spark.rdd.RDD::isLocallyCheckpointed);
    }
    // Incremental runs touched only the users whose commits changed.
    copyTree(incremental.resolve("raw"), full.resolve("raw"));
    TransformJob.Result once = transform(full, false);
    assertThat(once.mode()).isEqualTo("full");
    for (String table : Scenario.TABLES) {
      assertThat(Scenario.difference(spark, incremental, full, table))
          .as("rows of %s that differ between incremental runs and one full run", table)
          .isEmpty();
    }
    // After MERGE-free range replacement, every weekly file is still ordered user first.
    for (String t :
        List.of(
            DeltaTables.USER_WEEKLY_ACTIVITY, DeltaTables.USER_WEEKS, DeltaTables.USER_WEEK_OSS)) {
      DeltaWritesTest.assertFilesSortedByUserAndWeek(
          spark,
          spark.read().format("delta").load(incremental.resolve("delta").resolve(t).toString()));
    }
    // Spot checks that the scenario exercised what it claims.
    var commits =
        spark.read().format("delta").load(incremental.resolve("delta/commits").toString());
    assertThat(commits.where("sha = 'm7'").select("is_retracted").first().getBoolean(0)).isFalse();
    assertThat(commits.where("sha = 'p0' AND NOT is_canonical").count()).isEqualTo(1);
    assertThat(commits.where("sha = 'big'").select("excluded_reason").first().getString(0))
        .isEqualTo("bulk_commit");

    // Athena-readable: no deletion vectors, plain reader protocol, no partitions.
    for (String t : DeltaTables.ALL) {
      var detail =
          spark
              .sql("DESCRIBE DETAIL delta.`" + incremental.resolve("delta").resolve(t) + "`")
              .first();
      assertThat(detail.<Integer>getAs("minReaderVersion")).as(t).isEqualTo(1);
      assertThat(
              detail
                  .<scala.collection.Map<String, String>>getAs("properties")
                  .get("delta.enableDeletionVectors")
                  .getOrElse(() -> "false"))
          .as(t)
          .isEqualTo("false");
      assertThat(detail.<scala.collection.Seq<String>>getAs("partitionColumns").isEmpty()).isTrue();
    }

    Map<String, Long> before = versions(incremental);
    TransformJob.Result noop = transform(incremental, false);
    assertThat(noop.nothingNew()).isTrue();
    assertThat(versions(incremental)).isEqualTo(before);
  }

  @Test
  void aRetractionAloneUpdatesTheGoldTables() {
    Scenario.batch(spark, incremental, 1);
    transform(incremental, false);
    long before = summaryCommits(incremental, "espen");
    new RawLake(spark, incremental)
        .run("20260102T000000000Z-000009")
        .retract(Scenario.MINE, "m1")
        .write();
    TransformJob.Result r = transform(incremental, false);
    assertThat(r.affectedUsers()).isEqualTo(1).isLessThan(Scenario.USERS / 2);
    assertThat(summaryCommits(incremental, "espen")).isEqualTo(before - 1);
  }

  @Test
  void aRefreshingProcessRunsAgainAndPicksUpNewRawFiles() {
    Scenario.batch(spark, incremental, 1);
    // Two runs a second apart: the full run, then nothing new.
    assertThat(refresh(2))
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).startsWith("transform run 1 (full)"))
        .satisfies(l -> assertThat(l.get(1)).startsWith("transform: nothing new"));
    // New raw files, and the same warm session runs again: incremental.
    Scenario.batch(spark, incremental, 2);
    assertThat(refresh(1))
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("transform run 2 (incremental)"));
  }

  /** {@code runs} refreshes a second apart on the incremental lake; the lines they printed. */
  private List<String> refresh(int runs) {
    var out = new java.io.ByteArrayOutputStream();
    int failed =
        TransformJob.repeat(
            spark,
            new TransformJob.Settings(incremental.toString(), Scenario.CONFIG, false),
            java.time.Duration.ofSeconds(1),
            runs,
            new java.io.PrintStream(out, true),
            System.err);
    assertThat(failed).isZero();
    return out.toString().lines().toList();
  }

  private long summaryCommits(Path lake, String user) {
    return spark
        .read()
        .format("delta")
        .load(lake.resolve("delta/user_cv_summary").toString())
        .where("user_id = '" + user + "'")
        .select("commits")
        .first()
        .getLong(0);
  }

  private Map<String, Long> versions(Path lake) {
    var m = new HashMap<String, Long>();
    for (String t : DeltaTables.ALL) {
      m.put(
          t,
          io.delta.tables.DeltaTable.forPath(spark, lake.resolve("delta").resolve(t).toString())
              .history(1)
              .first()
              .<Long>getAs("version"));
    }
    return m;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
