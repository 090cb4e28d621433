package dev.commitstats.spark.gold;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import dev.commitstats.spark.LanguageTable;
import dev.commitstats.spark.Sql;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code user_weekly_activity}: per user, ISO week and language (with linguist's type), from the
 * week credits. Written by replacing the affected weeks' range, sorted by its key.
 */
public final class UserWeeklyActivity {
  private UserWeeklyActivity() {}

  public static final String TABLE = DeltaTables.USER_WEEKLY_ACTIVITY;

  static final String SQL =
      """
      SELECT user_id, week_start, language, first(language_type) AS language_type,
             count(*) AS commits,
             CAST(sum(la) AS BIGINT) AS lines_added,
             CAST(sum(ld) AS BIGINT) AS lines_deleted,
             CAST(sum(files) AS BIGINT) AS files,
             count(DISTINCT CAST(author_time AS DATE)) AS active_days,
             min(author_time) AS first_commit_time, max(author_time) AS last_commit_time,
             array_sort(collect_set(repo_id)) AS repo_ids
      FROM (SELECT e.*, coalesce(t.language_type, 'unknown') AS language_type
            FROM (SELECT cr.user_id, cr.week_start, cr.repo_id, cr.author_time, l.language,
                         l.files,
                         CASE WHEN cr.counts_lines THEN %s ELSE 0 END AS la,
                         CASE WHEN cr.counts_lines THEN %s ELSE 0 END AS ld
                  FROM week_credits cr LATERAL VIEW explode(cr.languages) x AS l) e
            LEFT JOIN languages t ON e.language = t.language)
      GROUP BY user_id, week_start, language
      """
          .formatted(
              WeekCredits.share("cr", "l.lines_added"), WeekCredits.share("cr", "l.lines_deleted"));

  public static Dataset<Row> compute(SparkSession spark, Dataset<Row> weekCredits) {
    return Sql.of(SQL)
        .with("week_credits", weekCredits)
        .with("languages", LanguageTable.of(spark))
        .run(spark);
  }

  public static DeltaWrites.WeekTable write(Dataset<Row> rows) {
    return new DeltaWrites.WeekTable(TABLE, rows, DeltaTables.schema(TABLE).key());
  }
}
