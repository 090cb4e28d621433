package dev.commitstats.spark.gold;

import static dev.commitstats.spark.gold.UserGrain.RECENT_WEEKS;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code user_oss_contributions}: per affected user and open-source repository, the history rows
 * plus the weekly rows since the cutoff. Written by replacing the affected users' rows.
 */
public final class UserOssContributions {
  private UserOssContributions() {}

  public static final String TABLE = DeltaTables.USER_OSS_CONTRIBUTIONS;

  static final String SQL =
      """
      WITH recent AS (%s),
      past AS (%s)
      SELECT coalesce(p.user_id, r.user_id) AS user_id, coalesce(p.key, r.repo_url) AS repo_url,
             %s,
             least(p.first_commit_time, r.first_commit_time) AS first_commit_time,
             greatest(p.last_commit_time, r.last_commit_time) AS last_commit_time
      FROM past p FULL JOIN recent r ON p.user_id = r.user_id AND p.key = r.repo_url
      """
          .formatted(
              UserGrain.ossWeeks(RECENT_WEEKS),
              UserGrain.past("oss"),
              UserGrain.combined(List.of("commits", "lines_added", "lines_deleted"), List.of()));

  public static Dataset<Row> compute(SparkSession spark, UserGrain.Inputs in) {
    return in.sql(SQL).run(spark);
  }

  public static void write(
      DeltaWrites writes, Dataset<Row> rows, Dataset<Row> users, boolean rewrite) {
    writes.replaceUsers(TABLE, rows, users, rewrite);
  }
}
