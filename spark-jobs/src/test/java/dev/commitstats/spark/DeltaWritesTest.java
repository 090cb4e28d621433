package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weekly tables' range replacement: content, file layout, once per run number. */
class DeltaWritesTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  /** 40 users x 30 weeks from 2025-01-06, in a scrambled order; {@code v} marks the version. */
  private Dataset<Row> weeks(String v, String where) {
    return spark.sql(
        "SELECT * FROM (SELECT format_string('u%02d', u) AS user_id,"
            + " date_add(DATE'2025-01-06', CAST(7 * w AS INT)) AS week_start, '"
            + v
            + "' AS v FROM range(0, 40) a(u) CROSS JOIN range(0, 30) b(w)) WHERE "
            + where
            + " ORDER BY hash(user_id, week_start, v)");
  }

  @Test
  void aWeekRangeIsReplacedSortedByUserAndOnlyOncePerRun() {
    var lake = new LakePaths(dir.toString(), spark.sessionState().newHadoopConf());
    var writes = new DeltaWrites(spark, lake, 1);
    writes.replaceWeeks(
        null,
        null,
        List.of(
            new DeltaWrites.WeekTable(
                "w", weeks("old", "true"), List.of("user_id", "week_start"))));

    // Run 2 recomputed users u03 and u07 in weeks 20-22; u07 lost week 21.
    String range = "week_start BETWEEN DATE'2025-05-26' AND DATE'2025-06-09'";
    Dataset<Row> affected =
        weeks("x", "user_id IN ('u03', 'u07') AND " + range).select("user_id", "week_start");
    Dataset<Row> recomputed =
        weeks("new", "user_id IN ('u03', 'u07') AND " + range)
            .where("NOT (user_id = 'u07' AND week_start = DATE'2025-06-02')");
    var run2 = writes.withRun(2);
    run2.replaceWeeks(
        affected,
        range,
        List.of(new DeltaWrites.WeekTable("w", recomputed, List.of("user_id", "week_start"))));
    // A rerun of run 2 (after a crash) writes nothing: the table keeps one version per run.
    run2.replaceWeeks(
        affected,
        range,
        List.of(new DeltaWrites.WeekTable("w", weeks("again", "true"), List.of("user_id"))));

    Dataset<Row> table = writes.read("w");
    assertThat(table.count()).isEqualTo(40 * 30 - 1);
    assertThat(table.where("v = 'new'").count()).isEqualTo(5);
    assertThat(table.where("v = 'again'").count()).isZero();
    assertThat(table.where("user_id = 'u07' AND week_start = DATE'2025-06-02'").count()).isZero();
    assertThat(
            io.delta.tables.DeltaTable.forPath(spark, lake.delta("w"))
                .history()
                .select("version")
                .count())
        .isEqualTo(2);
    assertFilesSortedByUserAndWeek(spark, table);
  }

  @Test
  void theNewestWeeksHaveAFileThatARefreshOfThemRewritesAlone() {
    var lake = new LakePaths(dir.toString(), spark.sessionState().newHadoopConf());
    var writes = new DeltaWrites(spark, lake, 1);
    List<String> sort = List.of("user_id", "week_start");
    writes.replaceWeeks(
        null, null, List.of(new DeltaWrites.WeekTable("w", weeks("old", "true"), sort)));
    // Weeks 0-29 (2025-01-06 to 2025-07-28): the newest week and the 4 before it apart.
    Map<String, String> before = weekRangeByFile(writes.read("w"));
    assertThat(before.values())
        .containsExactlyInAnyOrder("2025-01-06..2025-06-23", "2025-06-30..2025-07-28");

    String range = "week_start = DATE'2025-07-28'";
    Dataset<Row> affected =
        weeks("x", "user_id = 'u03' AND " + range).select(sort.get(0), "week_start");
    writes
        .withRun(2)
        .replaceWeeks(
            affected,
            range,
            List.of(
                new DeltaWrites.WeekTable(
                    "w", weeks("new", "user_id = 'u03' AND " + range), sort)));

    Dataset<Row> table = writes.read("w");
    assertThat(table.count()).isEqualTo(40 * 30);
    assertThat(table.where("v = 'new'").count()).isEqualTo(1);
    Map<String, String> after = weekRangeByFile(table);
    String older =
        before.entrySet().stream()
            .filter(e -> e.getValue().startsWith("2025-01-06"))
            .findFirst()
            .orElseThrow()
            .getKey();
    // The older file is untouched; Delta rewrote the newest weeks' file (its other weeks' rows
    // and the replaced week's rows).
    assertThat(after).containsEntry(older, "2025-01-06..2025-06-23");
    after.remove(older);
    assertThat(after.keySet()).doesNotContainAnyElementsOf(before.keySet());
    assertThat(after.values()).allMatch(r -> r.compareTo("2025-06-30") >= 0);
    assertFilesSortedByUserAndWeek(spark, table);
  }

  /** Each data file of a table and the first and last week it holds. */
  private static Map<String, String> weekRangeByFile(Dataset<Row> table) {
    var ranges = new java.util.TreeMap<String, String>();
    for (String file : table.inputFiles()) {
      Row r = spark.read().parquet(file).selectExpr("min(week_start)", "max(week_start)").first();
      ranges.put(file, r.get(0) + ".." + r.get(1));
    }
    return ranges;
  }

  /** Each data file of a table holds its rows, in file order, ascending by (user, week). */
  static void assertFilesSortedByUserAndWeek(SparkSession spark, Dataset<Row> table) {
    String[] files = table.inputFiles();
    assertThat(files).isNotEmpty();
    for (String file : files) {
      List<String> keys =
          spark.read().parquet(file).select("user_id", "week_start").collectAsList().stream()
              .map(r -> r.getString(0) + " " + r.get(1))
              .toList();
      assertThat(keys).as("rows of %s in file order", file).isSorted();
    }
  }
}
