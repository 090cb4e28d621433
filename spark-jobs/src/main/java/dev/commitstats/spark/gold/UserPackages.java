package dev.commitstats.spark.gold;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code user_packages}: packages the user's own counted commits added or changed; the history rows
 * plus the uses since the cutoff (the newest use's version wins). Written by replacing the affected
 * users' rows.
 */
public final class UserPackages {
  private UserPackages() {}

  public static final String TABLE = DeltaTables.USER_PACKAGES;

  static final String SQL =
      """
      WITH recent AS (%s),
      past AS (%s)
      SELECT coalesce(p.user_id, r.user_id) AS user_id,
             coalesce(p.ecosystem, r.ecosystem) AS ecosystem, coalesce(p.key, r.package) AS package,
             least(p.first_commit_time, r.first_used) AS first_used,
             greatest(p.last_commit_time, r.last_used) AS last_used,
             %s,
             CASE WHEN r.latest_key IS NOT NULL
                       AND (p.latest_key IS NULL OR r.latest_key > p.latest_key)
                  THEN r.latest_version ELSE p.latest_version END AS latest_version,
             %s
      FROM past p
      FULL JOIN recent r
        ON p.user_id = r.user_id AND p.ecosystem <=> r.ecosystem AND p.key <=> r.package
      """
          .formatted(
              UserGrain.packageUses(
                  "c.week_start >= :before",
                  "d.author_time >= :before",
                  "u.user_id IN (SELECT user_id FROM affected_users)"),
              UserGrain.past("package"),
              UserGrain.combined(List.of("commits"), List.of()),
              UserGrain.combined(List.of(), List.of("repo_hashes AS repositories")));

  public static Dataset<Row> compute(SparkSession spark, UserGrain.Inputs in) {
    return in.sql(SQL).run(spark);
  }

  public static void write(
      DeltaWrites writes, Dataset<Row> rows, Dataset<Row> users, boolean rewrite) {
    writes.replaceUsers(TABLE, rows, users, rewrite);
  }
}
