package dev.commitstats.spark.gold;

import static dev.commitstats.spark.gold.UserGrain.RECENT_WEEKS;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import dev.commitstats.spark.LanguageTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code user_language_stats}: per affected user and language, the history rows plus the weekly
 * rows since the cutoff (sums add, times take the earlier or later, repository sets unite). Written
 * by replacing the affected users' rows. Each language carries linguist's type and colour; {@code
 * share_of_lines} is a language's share of the user's programming and markup lines added (as
 * GitHub's language bar counts), null for data, prose and unknown files.
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
        FROM past p FULL JOIN recent r ON p.user_id = r.user_id AND p.key <=> r.language),
      typed AS (
        SELECT s.*, coalesce(t.language_type, 'unknown') AS language_type, t.language_color,
               coalesce(t.language_type IN ('programming', 'markup'), false) AS is_language
        FROM stats s LEFT JOIN languages t ON s.language = t.language),
      shared AS (
        SELECT *, sum(CASE WHEN is_language THEN lines_added ELSE 0 END)
                    OVER (PARTITION BY user_id) AS language_lines
        FROM typed)
      SELECT user_id, language, language_type, language_color, commits, lines_added,
             lines_deleted, files, repositories, first_commit_time, last_commit_time,
             CASE WHEN is_language AND language_lines > 0
                  THEN round(lines_added / language_lines, 4)
             END AS share_of_lines
      FROM shared
      """
          .formatted(
              UserGrain.languageWeeks(RECENT_WEEKS),
              UserGrain.past("language"),
              UserGrain.combined(
                  List.of("commits", "lines_added", "lines_deleted", "files"),
                  List.of("repo_hashes AS repositories")));

  public static Dataset<Row> compute(SparkSession spark, UserGrain.Inputs in) {
    return in.sql(SQL).with("languages", LanguageTable.of(spark)).run(spark);
  }

  public static void write(
      DeltaWrites writes, Dataset<Row> rows, Dataset<Row> users, boolean rewrite) {
    writes.replaceUsers(TABLE, rows, users, rewrite);
  }
}
