package dev.commitstats.spark.gold;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import dev.commitstats.spark.Sql;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code _user_days}: the daily grain of the digests, from the week credits. A row per user, UTC
 * day and the author's own date ({@code author_time} moved by {@code author_tz_offset_minutes}),
 * with the commits per hour of the author's own day. Months and years are made of whole UTC days,
 * as weeks are everywhere else; the rhythm and the active days are the author's. Written by
 * replacing the affected weeks' range, like the other weekly tables.
 */
public final class UserDays {
  private UserDays() {}

  public static final String TABLE = DeltaTables.USER_DAYS;

  static final String SQL =
      """
      SELECT user_id, week_start, day, local_date, commits, lines_added, lines_deleted, repo_ids,
             transform(sequence(0, 23), h -> coalesce(hours[h], 0L)) AS commits_by_hour
      FROM (
      SELECT user_id, week_start, day, local_date, CAST(sum(n) AS BIGINT) AS commits,
             CAST(sum(added) AS BIGINT) AS lines_added,
             CAST(sum(deleted) AS BIGINT) AS lines_deleted,
             array_sort(array_distinct(flatten(collect_list(repos)))) AS repo_ids,
             map_from_entries(collect_list(struct(local_hour, n))) AS hours
      FROM (
        SELECT user_id, week_start, day, local_date, local_hour, count(*) AS n,
               sum(CASE WHEN counts_lines THEN credit_lines_added ELSE 0 END) AS added,
               sum(CASE WHEN counts_lines THEN credit_lines_deleted ELSE 0 END) AS deleted,
               collect_set(repo_id) AS repos
        FROM (
          SELECT user_id, week_start, repo_id, counts_lines, credit_lines_added,
                 credit_lines_deleted, CAST(author_time AS DATE) AS day,
                 CAST(local_time AS DATE) AS local_date, hour(local_time) AS local_hour
          FROM (
            SELECT *, timestampadd(MINUTE, coalesce(author_tz_offset_minutes, 0), author_time)
                        AS local_time
            FROM week_credits))
        GROUP BY user_id, week_start, day, local_date, local_hour)
      GROUP BY user_id, week_start, day, local_date)
      """;

  public static Dataset<Row> compute(SparkSession spark, Dataset<Row> weekCredits) {
    return Sql.of(SQL).with("week_credits", weekCredits).run(spark);
  }

  public static DeltaWrites.WeekTable write(Dataset<Row> rows) {
    return new DeltaWrites.WeekTable(TABLE, rows, DeltaTables.schema(TABLE).key());
  }
}
