package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.config.CommitStatsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credit that adds up: co-authored lines are split into integers, so a user's summary equals the
 * sum of their languages and of their weeks; and a run that sees only some files of an ingest batch
 * (a transform while an ingest is publishing) ends, after the next run, where one full run does.
 */
class ExactCreditTest {
  static SparkSession spark;

  static final String URL = "https://github.com/acme/pairs";
  static final CommitStatsConfig CONFIG =
      CommitStatsConfig.parse(
          """
          users:
            - id: ann
              emails: [ann@example.com]
            - id: bo
              emails: [bo@example.com]
            - id: cy
              emails: [cy@example.com]
          """,
          "test");

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  /** Commits of three people with line counts that do not divide by their number. */
  private static void pairs(RawLake raw, int from, int to) {
    raw.repo(URL, "private", "acme", false, null);
    for (int i = from; i < to; i++) {
      String sha = "p" + i;
      String day = String.format("2025-%02d-%02dT10:00:00Z", 1 + i % 12, 1 + i % 27);
      switch (i % 3) {
        case 0 -> raw.commit(URL, sha, "ann@example.com", day, "bo@example.com", "cy@example.com");
        case 1 -> raw.commit(URL, sha, "bo@example.com", day, "guest@else.where");
        default -> raw.commit(URL, sha, "cy@example.com", day, "ann@example.com");
      }
      raw.file(URL, sha, "src/F" + i + ".java", "Java", "code", 7L + i, (long) (i % 5))
          .file(URL, sha, "web/p" + i + ".ts", "TypeScript", "code", 11L + 2 * i, 1L)
          .file(URL, sha, "docs/n" + i + ".md", "Markdown", "documentation", 1L, 0L);
    }
  }

  private TransformJob.Result transform(Path lake) {
    return TransformJob.run(spark, new TransformJob.Settings(lake.toString(), CONFIG, false));
  }

  private long sum(Path lake, String table, String column, String user) {
    Row r =
        spark
            .read()
            .format("delta")
            .load(lake.resolve(DeltaTables.path(table)).toString())
            .where("user_id = '" + user + "'")
            .agg(org.apache.spark.sql.functions.sum(column))
            .first();
    return r.isNullAt(0) ? 0 : r.getLong(0);
  }

  @Test
  void theSummaryIsTheSumOfItsLanguagesAndOfItsWeeks() {
    Path lake = dir.resolve("lake");
    var raw = new RawLake(spark, lake).run("20250101T000000000Z-000001");
    pairs(raw, 0, 40);
    raw.write();
    transform(lake);
    long all = 0;
    for (String user : List.of("ann", "bo", "cy")) {
      for (String column : List.of("lines_added", "lines_deleted")) {
        long summary = sum(lake, DeltaTables.USER_CV_SUMMARY, column, user);
        assertThat(sum(lake, DeltaTables.USER_LANGUAGE_STATS, column, user))
            .as("%s %s: languages", user, column)
            .isEqualTo(summary);
        assertThat(sum(lake, DeltaTables.USER_WEEKLY_ACTIVITY, column, user))
            .as("%s %s: weeks by language", user, column)
            .isEqualTo(summary);
        assertThat(sum(lake, DeltaTables.USER_WEEKS, column, user))
            .as("%s %s: week totals", user, column)
            .isEqualTo(summary);
        if (column.equals("lines_added")) {
          all += summary;
        }
      }
    }
    // every counted line is someone's: the users' shares and the guest's add up to the lines
    Row guest =
        spark
            .sql(
                "SELECT sum(CASE WHEN c.credit_identities = 2 AND c.user_id = 'bo'"
                    + " THEN l.lines_added DIV 2 ELSE 0 END), sum(l.lines_added) FROM delta.`"
                    + lake.resolve(DeltaTables.path(DeltaTables.COMMITS))
                    + "` c LATERAL VIEW explode(c.languages) x AS l WHERE c.counts_lines")
            .first();
    assertThat(all + guest.getLong(0)).isEqualTo(guest.getLong(1));
  }

  @Test
  void aRunThatSeesHalfABatchEndsWhereOneFullRunDoes() throws Exception {
    Path incremental = dir.resolve("incremental");
    Path full = dir.resolve("full");
    for (Path lake : List.of(incremental, full)) {
      var raw = new RawLake(spark, lake).run("20250101T000000000Z-000001");
      pairs(raw, 0, 20);
      raw.write();
      raw.run("20250201T000000000Z-000002");
      pairs(raw, 20, 30);
      raw.write();
    }
    transform(full);
    // the first run sees the second batch's file rows, not yet its commits (ingest publishes a
    // batch's commits last); the next run sees the commits
    Path commits = incremental.resolve("raw/commits/20250201T000000000Z-000002.parquet");
    Path aside = dir.resolve("aside.parquet");
    Files.move(commits, aside);
    transform(incremental);
    Files.move(aside, commits);
    transform(incremental);
    for (String table : Scenario.TABLES) {
      assertThat(Scenario.difference(spark, incremental, full, table))
          .as("rows of %s that differ from one full run", table)
          .isEmpty();
    }
    try (Stream<Path> s = Files.list(incremental.resolve("raw"))) {
      assertThat(s.count()).isGreaterThan(2);
    }
  }
}
