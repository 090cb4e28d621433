package dev.commitstats.spark.gold;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import dev.commitstats.spark.Sql;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code _user_week_oss}: per user-week and public repository the user does not own (its owner is
 * none of the user's logins, or it was added as an extra repository). Written by replacing the
 * affected weeks' range, sorted by its key.
 */
public final class UserWeekOss {
  private UserWeekOss() {}

  public static final String TABLE = DeltaTables.USER_WEEK_OSS;

  static final String SQL =
      """
      SELECT cr.user_id, cr.week_start, o.oss_url AS repo_url, count(*) AS commits,
             CAST(sum(CASE WHEN cr.counts_lines THEN cr.credit_lines_added ELSE 0 END)
                  AS BIGINT) AS lines_added,
             CAST(sum(CASE WHEN cr.counts_lines THEN cr.credit_lines_deleted ELSE 0 END)
                  AS BIGINT) AS lines_deleted,
             min(cr.author_time) AS first_commit_time, max(cr.author_time) AS last_commit_time
      FROM week_credits cr
      JOIN oss_repos o ON cr.repo_id = o.repo_id
      LEFT JOIN user_logins ul ON ul.user_id = cr.user_id AND ul.login = o.oss_owner
      WHERE o.is_extra OR (o.oss_owner <> '' AND ul.login IS NULL)
      GROUP BY cr.user_id, cr.week_start, o.oss_url
      """;

  /**
   * @param ossRepos {@link OssRepos}
   * @param userLogins {@code (user_id, login)}: the GitHub logins of each user
   */
  public static Dataset<Row> compute(
      SparkSession spark,
      Dataset<Row> weekCredits,
      Dataset<Row> ossRepos,
      Dataset<Row> userLogins) {
    return Sql.of(SQL)
        .with("week_credits", weekCredits)
        .with("oss_repos", ossRepos)
        .with("user_logins", userLogins)
        .run(spark);
  }

  public static DeltaWrites.WeekTable write(Dataset<Row> rows) {
    return new DeltaWrites.WeekTable(TABLE, rows, DeltaTables.schema(TABLE).key());
  }
}
