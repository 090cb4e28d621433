package dev.commitstats.spark.gold;

import dev.commitstats.spark.Sql;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Public repositories and the URL their open-source credit goes to: a fork's upstream (where the
 * work lands), otherwise the repository itself; with the owner of that URL. Not a table.
 */
public final class OssRepos {
  private OssRepos() {}

  static final String SQL =
      """
      SELECT repo_id, is_extra, oss_url,
             lower(regexp_extract(oss_url, '^[a-z0-9+.-]+://[^/]+/(?:.*/)?([^/]+)/[^/]+$', 1))
               AS oss_owner
      FROM (SELECT repo_id, is_extra,
                   CASE WHEN is_fork AND upstream_url IS NOT NULL THEN upstream_url
                        ELSE repo_url END AS oss_url
            FROM repo_status WHERE visibility = 'public')
      WHERE oss_url NOT LIKE 'file:%'
      """;

  /**
   * @param repoStatus every repository's newest status (this run's {@code repo_status})
   */
  public static Dataset<Row> compute(SparkSession spark, Dataset<Row> repoStatus) {
    return Sql.of(SQL).with("repo_status", repoStatus).run(spark);
  }
}
