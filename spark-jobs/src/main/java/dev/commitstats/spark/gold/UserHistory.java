package dev.commitstats.spark.gold;

import static dev.commitstats.spark.gold.UserGrain.HISTORY_WEEKS;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code _user_history}: per user, the aggregates of the weekly rows before the week {@code
 * :before}, so that a refresh re-aggregates only the weeks since then. Rows of four kinds ({@code
 * key}: the language, the open-source repository URL, the package of {@code ecosystem}, or null for
 * the user's totals; columns a kind has no use for are null), and one {@code cutoff} row that
 * records the week even when no user has older weeks. Repositories (as hashes) and years are kept
 * as sets for the distinct counts (sorted: the same history whatever the partitioning); {@code
 * seen_time} is the time {@code seen_name} was last seen, {@code latest_key} the use {@code
 * latest_version} is from. Written whole, a file per kind.
 */
public final class UserHistory {
  private UserHistory() {}

  public static final String TABLE = DeltaTables.USER_HISTORY;

  /**
   * How far past the history's cutoff a run's weeks may reach before the run moves the cutoff
   * (recomputing the history): a refresh then re-aggregates at most a quarter's weekly rows, and a
   * refreshing process recomputes the history about four times a year.
   */
  public static final int MAX_RECENT_WEEKS = 13;

  /** The cutoff of a history written when there are no weekly rows (a Monday before any commit). */
  public static final LocalDate NO_WEEKS_CUTOFF = LocalDate.of(1970, 1, 5);

  private static final String LATEST_KEY =
      "STRUCT<author_time: TIMESTAMP, sha: STRING, manifest_path: STRING>";

  static final String SQL =
      """
      SELECT 'language' AS kind, user_id, language AS key, commits, lines_added, lines_deleted,
             files, CAST(NULL AS BIGINT) AS bulk_commits, CAST(NULL AS BIGINT) AS active_weeks,
             CAST(NULL AS BIGINT) AS longest_streak, CAST(NULL AS BIGINT) AS trailing_streak,
             repo_hashes, CAST(NULL AS ARRAY<INT>) AS years, first_commit_time, last_commit_time,
             CAST(NULL AS STRING) AS seen_name, CAST(NULL AS TIMESTAMP) AS seen_time,
             CAST(NULL AS STRING) AS ecosystem, CAST(NULL AS STRING) AS latest_version,
             CAST(NULL AS %1$s) AS latest_key, :before AS history_before
      FROM (%2$s)
      UNION ALL
      SELECT 'total', user_id, CAST(NULL AS STRING), commits, lines_added, lines_deleted,
             CAST(NULL AS BIGINT), bulk_commits, active_weeks, longest_streak, trailing_streak,
             repo_hashes, years, first_commit_time, last_commit_time, seen_name, seen_time,
             CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS %1$s), :before
      FROM (%3$s) t JOIN (%4$s) s USING (user_id)
      UNION ALL
      SELECT 'oss', user_id, repo_url, commits, lines_added, lines_deleted, CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS ARRAY<BIGINT>),
             CAST(NULL AS ARRAY<INT>), first_commit_time, last_commit_time, CAST(NULL AS STRING),
             CAST(NULL AS TIMESTAMP), CAST(NULL AS STRING), CAST(NULL AS STRING),
             CAST(NULL AS %1$s), :before
      FROM (%5$s)
      UNION ALL
      SELECT 'package', user_id, package, commits, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), repo_hashes,
             CAST(NULL AS ARRAY<INT>), first_used, last_used, CAST(NULL AS STRING),
             CAST(NULL AS TIMESTAMP), ecosystem, latest_version, latest_key, :before
      FROM (%6$s)
      UNION ALL
      SELECT 'cutoff', CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS ARRAY<BIGINT>),
             CAST(NULL AS ARRAY<INT>), CAST(NULL AS TIMESTAMP), CAST(NULL AS TIMESTAMP),
             CAST(NULL AS STRING), CAST(NULL AS TIMESTAMP), CAST(NULL AS STRING),
             CAST(NULL AS STRING), CAST(NULL AS %1$s), :before
      """
          .formatted(
              LATEST_KEY,
              UserGrain.languageWeeks(HISTORY_WEEKS),
              UserGrain.totalWeeks(HISTORY_WEEKS),
              UserGrain.streakWeeks(HISTORY_WEEKS),
              UserGrain.ossWeeks(HISTORY_WEEKS),
              UserGrain.packageUses("c.week_start < :before", "true", "true"));

  /** The history of every user before {@code in.before()}. */
  public static Dataset<Row> compute(SparkSession spark, UserGrain.Inputs in) {
    return in.sql(SQL).run(spark);
  }

  /**
   * Writes the history whole, a file per kind (the kinds the rows hold, none left out): each user
   * query reads its kind's file only (Delta skips the others).
   */
  public static void write(DeltaWrites writes, Dataset<Row> history) {
    Dataset<Row> byKind = null;
    for (Row k : history.select("kind").distinct().collectAsList()) {
      String kind = k.getString(0);
      Dataset<Row> rows = history.where(functions.col("kind").equalTo(kind)).coalesce(1);
      byKind = byKind == null ? rows : byKind.union(rows);
    }
    writes.overwrite(TABLE, byKind);
  }
}
