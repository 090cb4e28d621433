package dev.commitstats.spark.gold;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import dev.commitstats.spark.Sql;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code user_weekly_totals}: per user-week totals (a commit counts once, whatever its languages),
 * from the week credits. Written by replacing the affected weeks' range, sorted by its key.
 */
public final class UserWeeklyTotals {
  private UserWeeklyTotals() {}

  public static final String TABLE = DeltaTables.USER_WEEKS;

  static final String SQL =
      """
      SELECT user_id, week_start, count(*) AS commits,
             CAST(sum(CASE WHEN counts_lines THEN credit_lines_added ELSE 0 END) AS BIGINT)
               AS lines_added,
             CAST(sum(CASE WHEN counts_lines THEN credit_lines_deleted ELSE 0 END) AS BIGINT)
               AS lines_deleted,
             sum(CASE WHEN is_bulk THEN 1 ELSE 0 END) AS bulk_commits,
             min(author_time) AS first_commit_time, max(author_time) AS last_commit_time,
             array_sort(collect_set(repo_id)) AS repo_ids,
             max_by(CASE WHEN author_user_id = user_id THEN author_name END,
                    CASE WHEN author_user_id = user_id THEN author_time END) AS seen_name
      FROM week_credits GROUP BY user_id, week_start
      """;

  public static Dataset<Row> compute(SparkSession spark, Dataset<Row> weekCredits) {
    return Sql.of(SQL).with("week_credits", weekCredits).run(spark);
  }

  public static DeltaWrites.WeekTable write(Dataset<Row> rows) {
    return new DeltaWrites.WeekTable(TABLE, rows, DeltaTables.schema(TABLE).key());
  }
}
