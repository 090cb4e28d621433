package dev.commitstats.spark.gold;

import static dev.commitstats.spark.gold.UserGrain.RECENT_WEEKS;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code user_language_stats}: per affected user and language, the history rows plus the weekly
 * rows since the cutoff (sums add, times take the earlier or later, repository sets unite). Written
 * by replacing the affected users' rows.
 */
public final class UserLanguageStats {
  private UserLanguageStats() {}

  public static final String TABLE = DeltaTables.USER_LANGUAGE_STATS;

  static final String SQL =
      """
      WITH recent AS (%s),
      past AS (%s),
      stats AS (
        SELECT coalesce(p.user_id, r.user_id) AS user_id, coalesce(p.key, r.language) AS language,
               %s,
               least(p.first_commit_time, r.first_commit_time) AS first_commit_time,
               greatest(p.last_commit_time, r.last_commit_time) AS last_commit_time
        FROM past p FULL JOIN recent r ON p.user_id = r.user_id AND p.key <=> r.language)
      SELECT user_id, language, commits, lines_added, lines_deleted, files, repositories,
             first_commit_time, last_commit_time,
             CASE WHEN sum(lines_added) OVER (PARTITION BY user_id) > 0
                  THEN round(lines_added / sum(lines_added) OVER (PARTITION BY user_id), 4)
             END AS share_of_lines
      FROM stats
      """
          .formatted(
              UserGrain.languageWeeks(RECENT_WEEKS),
              UserGrain.past("language"),
              UserGrain.combined(
                  List.of("commits", "lines_added", "lines_deleted", "files"),
                  List.of("repo_hashes AS repositories")));

  public static Dataset<Row> compute(SparkSession spark, UserGrain.Inputs in) {
    return in.sql(SQL).run(spark);
  }

  public static void write(
      DeltaWrites writes, Dataset<Row> rows, Dataset<Row> users, boolean rewrite) {
    writes.replaceUsers(TABLE, rows, users, rewrite);
  }
}
