package dev.commitstats.spark.gold;

import static dev.commitstats.spark.gold.UserGrain.RECENT_WEEKS;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code user_cv_summary}: one row per affected user. Weekly streak: the longest run of consecutive
 * ISO weeks with a counted commit (the history's longest, the recent weeks' longest, or the
 * history's trailing streak continued by the recent weeks' leading one: the weeks before the cutoff
 * are not read again). {@code as_of}: the newest collection time in the lake when the row was
 * computed. Languages as GitHub's language bar counts them: {@code top_languages} holds programming
 * and markup languages only; the lines of data (configuration), prose (documentation) and
 * unrecognised files are totals of their own, and the four totals add up to the lines. Written by
 * replacing the affected users' rows.
 */
public final class UserCvSummary {
  private UserCvSummary() {}

  public static final String TABLE = DeltaTables.USER_CV_SUMMARY;

  static final String SQL =
      """
      WITH recent AS (%s),
      past AS (%s),
      totals AS (
        SELECT coalesce(p.user_id, r.user_id) AS user_id, %s,
               least(p.first_commit_time, r.first_commit_time) AS first_commit_time,
               greatest(p.last_commit_time, r.last_commit_time) AS last_commit_time,
               CASE WHEN r.seen_time IS NOT NULL
                         AND (p.seen_time IS NULL OR r.seen_time > p.seen_time)
                    THEN r.seen_name ELSE p.seen_name END AS seen_name,
               p.longest_streak AS past_longest_streak, p.trailing_streak AS past_trailing_streak
        FROM past p FULL JOIN recent r ON p.user_id = r.user_id),
      streaks AS (%s),
      langs AS (
        SELECT user_id,
               slice(transform(array_sort(collect_list(named_struct(
                   'neg', -lines_added, 'language', language, 'lines_added', lines_added,
                   'share', share_of_lines))),
                 x -> named_struct('language', x.language, 'lines_added', x.lines_added,
                                   'share_of_lines', x.share)), 1, 5) AS top_languages
        FROM language_stats WHERE language_type IN ('programming', 'markup') GROUP BY user_id),
      types AS (
        SELECT user_id,
               sum(CASE WHEN language_type IN ('programming', 'markup') THEN lines_added END)
                 AS language_lines_added,
               sum(CASE WHEN language_type IN ('programming', 'markup') THEN lines_deleted END)
                 AS language_lines_deleted,
               sum(CASE WHEN language_type = 'data' THEN lines_added END) AS data_lines_added,
               sum(CASE WHEN language_type = 'data' THEN lines_deleted END) AS data_lines_deleted,
               sum(CASE WHEN language_type = 'prose' THEN lines_added END) AS prose_lines_added,
               sum(CASE WHEN language_type = 'prose' THEN lines_deleted END) AS prose_lines_deleted,
               sum(CASE WHEN language_type NOT IN ('programming', 'markup', 'data', 'prose')
                        THEN lines_added END) AS other_lines_added,
               sum(CASE WHEN language_type NOT IN ('programming', 'markup', 'data', 'prose')
                        THEN lines_deleted END) AS other_lines_deleted
        FROM language_stats GROUP BY user_id),
      pkgs AS (
        SELECT user_id,
               slice(transform(array_sort(collect_list(named_struct(
                   'neg', -commits, 'ecosystem', ecosystem, 'package', package,
                   'commits', commits))),
                 x -> named_struct('ecosystem', x.ecosystem, 'package', x.package,
                                   'commits', x.commits)), 1, 10) AS top_packages,
               count(*) AS packages
        FROM package_stats GROUP BY user_id),
      oss AS (
        SELECT user_id, count(*) AS oss_repositories, sum(commits) AS oss_commits
        FROM oss_contributions GROUP BY user_id)
      SELECT a.user_id, coalesce(cu.name, t.seen_name) AS name,
             coalesce(t.commits, 0) AS commits,
             coalesce(t.lines_added, 0) AS lines_added,
             coalesce(t.lines_deleted, 0) AS lines_deleted,
             coalesce(ty.language_lines_added, 0) AS language_lines_added,
             coalesce(ty.language_lines_deleted, 0) AS language_lines_deleted,
             coalesce(ty.data_lines_added, 0) AS data_lines_added,
             coalesce(ty.data_lines_deleted, 0) AS data_lines_deleted,
             coalesce(ty.prose_lines_added, 0) AS prose_lines_added,
             coalesce(ty.prose_lines_deleted, 0) AS prose_lines_deleted,
             coalesce(ty.other_lines_added, 0) AS other_lines_added,
             coalesce(ty.other_lines_deleted, 0) AS other_lines_deleted,
             coalesce(t.repositories, 0) AS repositories,
             coalesce(t.bulk_commits, 0) AS bulk_commits,
             t.first_commit_time, t.last_commit_time,
             coalesce(t.years_active, 0) AS years_active,
             coalesce(t.active_weeks, 0) AS active_weeks,
             greatest(coalesce(t.past_longest_streak, 0), coalesce(s.longest_streak, 0),
                      coalesce(t.past_trailing_streak, 0) + coalesce(s.leading_streak, 0))
               AS longest_weekly_streak,
             l.top_languages,
             coalesce(o.oss_repositories, 0) AS oss_repositories,
             coalesce(o.oss_commits, 0) AS oss_commits,
             coalesce(p.packages, 0) AS packages,
             p.top_packages,
             (SELECT max(last_update) FROM repo_status) AS as_of
      FROM affected_users a
      LEFT JOIN config_users cu ON a.user_id = cu.user_id
      LEFT JOIN totals t ON a.user_id = t.user_id
      LEFT JOIN streaks s ON a.user_id = s.user_id
      LEFT JOIN langs l ON a.user_id = l.user_id
      LEFT JOIN types ty ON a.user_id = ty.user_id
      LEFT JOIN pkgs p ON a.user_id = p.user_id
      LEFT JOIN oss o ON a.user_id = o.user_id
      """
          .formatted(
              UserGrain.totalWeeks(RECENT_WEEKS),
              UserGrain.past("total"),
              UserGrain.combined(
                  List.of(
                      "commits", "lines_added", "lines_deleted", "bulk_commits", "active_weeks"),
                  List.of("repo_hashes AS repositories", "years AS years_active")),
              UserGrain.streakWeeks(RECENT_WEEKS));

  /**
   * The affected users' summaries.
   *
   * @param languageStats, packages, ossContributions this run's recomputed user rows
   * @param configUsers {@code (user_id, name)} of the config
   * @param repoStatus every repository's newest status
   */
  public static Dataset<Row> compute(
      SparkSession spark,
      UserGrain.Inputs in,
      Dataset<Row> languageStats,
      Dataset<Row> packages,
      Dataset<Row> ossContributions,
      Dataset<Row> configUsers,
      Dataset<Row> repoStatus) {
    return in.sql(SQL)
        .with("language_stats", languageStats)
        .with("package_stats", packages)
        .with("oss_contributions", ossContributions)
        .with("config_users", configUsers)
        .with("repo_status", repoStatus)
        .run(spark);
  }

  public static void write(
      DeltaWrites writes, Dataset<Row> rows, Dataset<Row> users, boolean rewrite) {
    writes.replaceUsers(TABLE, rows, users, rewrite);
  }
}
