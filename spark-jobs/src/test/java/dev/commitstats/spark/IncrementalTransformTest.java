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
import org.apache.spark.sql.functions;
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
    return TestSpark.transform(lake, Scenario.CONFIG, forceFull);
  }

  @Test
  void incrementalRunsEqualOneFullRunAndANoOpRunWritesNothing() throws IOException {
    for (int batch = 1; batch <= 3; batch++) {
      Scenario.batch(spark, incremental, batch);
      TransformJob.Result r = transform(incremental, false);
      assertThat(r.mode()).isEqualTo(batch == 1 ? "full" : "incremental");
      // Later batches are within the weeks after the full run's history cutoff: history kept.
      assertThat(r.stageMillis().containsKey("history")).isEqualTo(batch == 1);
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
    assertThat(TestSpark.nothingNew(incremental, Scenario.CONFIG)).isNotNull();
    TransformJob.Result noop = transform(incremental, false);
    assertThat(noop.nothingNew()).isTrue();
    assertThat(versions(incremental)).isEqualTo(before);
  }

  @Test
  void aRefreshOfWeeksBeforeTheHistoryCutoffRecomputesTheHistory() throws IOException {
    Scenario.batch(spark, incremental, 1);
    transform(incremental, false);
    // The full run's history holds the weeks before 2025-11-24 (four weeks before the newest
    // week): a commit of 2025-11-04 is older than that, one of 2025-12-17 newer. Both in the
    // public repository, which the user's newer Java commits are not: history and recent weeks
    // hold different repositories of one language, open-source credit, and uses of a package.
    new RawLake(spark, incremental)
        .run("20260102T000000000Z-000005")
        .commit(Scenario.PUB, "old1", "espen@example.com", "2025-11-04T10:00:00Z")
        .file(Scenario.PUB, "old1", "src/Old.java", "Java", "code", 11L, 2L)
        .dep(
            Scenario.PUB, "old1", "pom.xml", "maven", "org.junit:junit-bom", null, "5.9.0", "ADDED")
        .write();
    TransformJob.Result resealed = transform(incremental, false);
    assertThat(resealed.stageMillis()).containsKey("history");
    // Rows of every kind (the scenario has all five), one kind per file: a user query reads its
    // kind's file only.
    assertThat(
            spark
                .read()
                .format("delta")
                .load(incremental.resolve("delta").resolve(DeltaTables.USER_HISTORY).toString())
                .select("kind")
                .distinct()
                .collectAsList()
                .stream()
                .map(row -> row.getString(0))
                .sorted()
                .toList())
        .containsExactly("cutoff", "language", "oss", "package", "total");
    assertThat(
            spark
                .read()
                .format("delta")
                .load(incremental.resolve("delta").resolve(DeltaTables.USER_HISTORY).toString())
                .selectExpr("input_file_name() AS file", "kind")
                .distinct()
                .groupBy("file")
                .count()
                .where("count > 1")
                .count())
        .isZero();
    new RawLake(spark, incremental)
        .run("20260102T000000000Z-000006")
        .commit(Scenario.PUB, "new1", "espen@example.com", "2025-12-17T10:00:00Z")
        .file(Scenario.PUB, "new1", "lib/new.py", "Python", "code", 6L, 1L)
        .dep(
            Scenario.PUB,
            "new1",
            "pom.xml",
            "maven",
            "org.junit:junit-bom",
            "5.9.0",
            "5.12.0",
            "CHANGED")
        .write();
    TransformJob.Result kept = transform(incremental, false);
    assertThat(kept.stageMillis()).doesNotContainKey("history");
    // A history of an earlier layout (repository ids where the sets now hold hashes) is not
    // combined with the new rows: the next refresh recomputes it, though its weeks would keep it.
    String history = incremental.resolve("delta").resolve(DeltaTables.USER_HISTORY).toString();
    spark
        .read()
        .format("delta")
        .load(history)
        .withColumn("repo_ids", functions.expr("transform(repo_hashes, h -> CAST(h AS STRING))"))
        .drop("repo_hashes")
        .localCheckpoint()
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(history);
    new RawLake(spark, incremental)
        .run("20260102T000000000Z-000007")
        .commit(Scenario.MINE, "new2", "kari@example.com", "2025-12-18T10:00:00Z")
        .file(Scenario.MINE, "new2", "src/New2.java", "Java", "code", 3L, 0L)
        .write();
    assertThat(transform(incremental, false).stageMillis()).containsKey("history");
    // More than 13 weeks past the cutoff: the history moves on (its cutoff then four weeks
    // before 2026-03-02's week).
    RawLake late =
        new RawLake(spark, incremental)
            .run("20260302T000000000Z-000008")
            .commit(Scenario.MINE, "late1", "kari@example.com", "2026-03-03T10:00:00Z")
            .file(Scenario.MINE, "late1", "src/Late.java", "Java", "code", 4L, 1L);
    // Six weeks in a row across the new cutoff (2026-02-02): three in the history, three after
    // (kari's longest streak before: four weeks of December).
    for (int week = 0; week < 6; week++) {
      String sha = "run" + week;
      var time = java.time.Instant.parse("2026-01-13T10:00:00Z").plusSeconds(week * 7L * 86_400);
      late.commit(Scenario.MINE, sha, "kari@example.com", time.toString())
          .file(Scenario.MINE, sha, "src/Run" + week + ".java", "Java", "code", 1L, 0L);
    }
    late.write();
    assertThat(transform(incremental, false).stageMillis()).containsKey("history");

    copyTree(incremental.resolve("raw"), full.resolve("raw"));
    transform(full, false);
    for (String table : Scenario.TABLES) {
      assertThat(Scenario.difference(spark, incremental, full, table))
          .as("rows of %s that differ between incremental runs and one full run", table)
          .isEmpty();
    }
    // The user tables equal their weekly rows aggregated at once, whatever the history holds.
    for (Path lake : List.of(incremental, full)) {
      for (String t :
          List.of(
              DeltaTables.USER_WEEKLY_ACTIVITY,
              DeltaTables.USER_WEEKS,
              DeltaTables.USER_WEEK_OSS,
              DeltaTables.USER_LANGUAGE_STATS,
              DeltaTables.USER_OSS_CONTRIBUTIONS,
              DeltaTables.USER_CV_SUMMARY)) {
        spark
            .read()
            .format("delta")
            .load(lake.resolve("delta").resolve(t).toString())
            .createOrReplaceTempView("t" + t);
      }
      assertThat(
              spark
                  .sql(
                      """
                      SELECT user_id, language, sum(commits), sum(lines_added), sum(lines_deleted),
                             sum(files), size(array_distinct(flatten(collect_list(repo_ids)))),
                             min(first_commit_time), max(last_commit_time)
                      FROM tuser_weekly_activity GROUP BY user_id, language
                      EXCEPT ALL
                      SELECT user_id, language, commits, lines_added, lines_deleted, files,
                             repositories, first_commit_time, last_commit_time
                      FROM tuser_language_stats""")
                  .collectAsList())
          .as("language stats that differ from their weekly rows in %s", lake)
          .isEmpty();
      assertThat(
              spark
                  .sql(
                      """
                      SELECT user_id, repo_url, sum(commits), sum(lines_added), sum(lines_deleted),
                             min(first_commit_time), max(last_commit_time)
                      FROM t_user_week_oss GROUP BY user_id, repo_url
                      EXCEPT ALL
                      SELECT user_id, repo_url, commits, lines_added, lines_deleted,
                             first_commit_time, last_commit_time
                      FROM tuser_oss_contributions""")
                  .collectAsList())
          .as("open-source contributions that differ from their weekly rows in %s", lake)
          .isEmpty();
      assertThat(
              spark
                  .sql(
                      """
                      SELECT user_id, sum(commits), sum(lines_added), sum(lines_deleted),
                             size(array_distinct(flatten(collect_list(repo_ids)))),
                             sum(bulk_commits), min(first_commit_time), max(last_commit_time),
                             size(array_distinct(flatten(collect_list(
                               array(year(first_commit_time), year(last_commit_time)))))),
                             count(*),
                             max_by(seen_name, CASE WHEN seen_name IS NOT NULL
                                                    THEN last_commit_time END),
                             max(streak)
                      FROM (SELECT w.*, count(*) OVER (PARTITION BY user_id, grp) AS streak
                            FROM (SELECT *, datediff(week_start, DATE'1970-01-05') / 7
                                              - row_number() OVER (PARTITION BY user_id
                                                                   ORDER BY week_start) AS grp
                                  FROM tuser_weekly_totals) w)
                      GROUP BY user_id
                      EXCEPT ALL
                      SELECT s.user_id, s.commits, s.lines_added, s.lines_deleted, s.repositories,
                             s.bulk_commits, s.first_commit_time, s.last_commit_time,
                             s.years_active, s.active_weeks, s.name, s.longest_weekly_streak
                      FROM tuser_cv_summary s WHERE s.commits > 0""")
                  .collectAsList())
          .as("CV summaries that differ from their weekly rows in %s", lake)
          .isEmpty();
      assertThat(
              spark
                  .sql("SELECT longest_weekly_streak FROM tuser_cv_summary WHERE user_id = 'kari'")
                  .first()
                  .getLong(0))
          .as("kari's streak across the history's cutoff in %s", lake)
          .isEqualTo(6);
      // Packages: every use by the user's counted commits, aggregated at once.
      spark
          .read()
          .format("delta")
          .load(lake.resolve("delta/dependency_changes").toString())
          .createOrReplaceTempView("tdeps");
      spark
          .read()
          .format("delta")
          .load(lake.resolve("delta/commits").toString())
          .createOrReplaceTempView("tcommits");
      spark
          .read()
          .format("delta")
          .load(lake.resolve("delta/user_packages").toString())
          .createOrReplaceTempView("tpackages");
      assertThat(
              spark
                  .sql(
                      """
                      (SELECT u.user_id, d.ecosystem, d.package, min(c.author_time),
                             max(c.author_time), count(DISTINCT d.repo_id, d.sha),
                             max_by(d.version_after, struct(c.author_time, d.sha, d.manifest_path)),
                             count(DISTINCT d.repo_id)
                      FROM tdeps d JOIN tcommits c ON d.repo_id = c.repo_id AND d.sha = c.sha
                      LATERAL VIEW explode(c.credited_user_ids) u AS user_id
                      WHERE d.change_type IN ('ADDED', 'CHANGED') AND d.excluded_reason IS NULL
                        AND c.counts
                      GROUP BY u.user_id, d.ecosystem, d.package)
                      EXCEPT ALL
                      SELECT user_id, ecosystem, package, first_used, last_used, commits,
                             latest_version, repositories
                      FROM tpackages""")
                  .collectAsList())
          .as("packages that differ from their uses in %s", lake)
          .isEmpty();
      assertThat(spark.table("tpackages").count())
          .isEqualTo(
              spark
                  .sql(
                      "SELECT DISTINCT u.user_id, d.ecosystem, d.package FROM tdeps d JOIN tcommits c"
                          + " ON d.repo_id = c.repo_id AND d.sha = c.sha"
                          + " LATERAL VIEW explode(c.credited_user_ids) u AS user_id"
                          + " WHERE d.change_type IN ('ADDED', 'CHANGED') AND d.excluded_reason IS NULL"
                          + " AND c.counts")
                  .count());
    }
    // espen's history and recent weeks were both counted: the old and the new commit, and the
    // package used in both (history: old1; since the cutoff: m1, m5 in the private repository,
    // new1 in the public one).
    assertThat(summaryCommits(incremental, "espen")).isEqualTo(summaryCommits(full, "espen"));
    assertThat(
            spark
                .read()
                .format("delta")
                .load(incremental.resolve("delta/user_packages").toString())
                .where("user_id = 'espen' AND package = 'org.junit:junit-bom'")
                .selectExpr(
                    "commits", "repositories", "latest_version", "CAST(first_used AS STRING)")
                .first()
                .toString())
        .isEqualTo("[4,2,5.12.0,2025-11-04 10:00:00]");
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
