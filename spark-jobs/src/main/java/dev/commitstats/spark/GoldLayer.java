package dev.commitstats.spark;

/**
 * SQL of the tables a CV and an analyst read, computed for the affected users only. Works on the
 * views {@code clean_commits}, {@code clean_dependency_changes}, {@code repo_status_new}, {@code
 * affected_users(user_id)}, {@code affected_weeks(user_id, week_start)}, {@code
 * user_logins(user_id, login)} and {@code config_users(user_id, name)}.
 *
 * <p>Lines are the counted lines of counted commits ({@code counts_lines}) times the user's credit
 * share, summed, then rounded: co-authored lines are split, never double counted.
 */
final class GoldLayer {
  private GoldLayer() {}

  /** One row per (commit, credited user) among counted commits of affected users. */
  static final String CREDITS =
      """
      SELECT x.* FROM (
        SELECT c.repo_id, c.sha, c.author_time, c.week_start, c.counts_lines, c.credit_share,
               c.languages, c.counted_lines_added, c.counted_lines_deleted, c.is_bulk,
               c.author_name, c.user_id AS author_user_id, u.user_id
        FROM clean_commits c LATERAL VIEW explode(c.credited_user_ids) u AS user_id
        WHERE c.counts) x
      LEFT SEMI JOIN affected_users a ON x.user_id = a.user_id
      """;

  /** Credits by language: one row per (commit, credited user, language). */
  static final String CREDIT_LANGUAGES =
      """
      SELECT cr.user_id, cr.repo_id, cr.sha, cr.author_time, cr.week_start, l.language, l.files,
             CASE WHEN cr.counts_lines THEN l.lines_added * cr.credit_share ELSE 0 END AS la,
             CASE WHEN cr.counts_lines THEN l.lines_deleted * cr.credit_share ELSE 0 END AS ld
      FROM credits cr LATERAL VIEW explode(cr.languages) x AS l
      """;

  static final String USER_LANGUAGE_STATS =
      """
      SELECT user_id, language, commits,
             CAST(round(la) AS BIGINT) AS lines_added, CAST(round(ld) AS BIGINT) AS lines_deleted,
             files, repositories, first_commit_time, last_commit_time,
             CASE WHEN sum(la) OVER (PARTITION BY user_id) > 0
                  THEN round(la / sum(la) OVER (PARTITION BY user_id), 4) END AS share_of_lines
      FROM (SELECT user_id, language, count(*) AS commits, sum(la) AS la, sum(ld) AS ld,
                   CAST(sum(files) AS BIGINT) AS files, count(DISTINCT repo_id) AS repositories,
                   min(author_time) AS first_commit_time, max(author_time) AS last_commit_time
            FROM credit_languages GROUP BY user_id, language)
      """;

  static final String USER_WEEKLY_ACTIVITY =
      """
      SELECT cl.user_id, cl.week_start, cl.language, count(*) AS commits,
             CAST(round(sum(cl.la)) AS BIGINT) AS lines_added,
             CAST(round(sum(cl.ld)) AS BIGINT) AS lines_deleted,
             CAST(sum(cl.files) AS BIGINT) AS files,
             count(DISTINCT CAST(cl.author_time AS DATE)) AS active_days
      FROM credit_languages cl
      LEFT SEMI JOIN affected_weeks w ON cl.user_id = w.user_id AND cl.week_start = w.week_start
      GROUP BY cl.user_id, cl.week_start, cl.language
      """;

  /**
   * Public repositories and the URL their open-source credit goes to: a fork's upstream (where the
   * work lands), otherwise the repository itself; with the owner of that URL.
   */
  static final String OSS_REPOS =
      """
      SELECT repo_id, is_extra, oss_url,
             lower(regexp_extract(oss_url, '^[a-z0-9+.-]+://[^/]+/(?:.*/)?([^/]+)/[^/]+$', 1))
               AS oss_owner
      FROM (SELECT repo_id, is_extra,
                   CASE WHEN is_fork AND upstream_url IS NOT NULL THEN upstream_url
                        ELSE repo_url END AS oss_url
            FROM repo_status_new WHERE visibility = 'public')
      WHERE oss_url NOT LIKE 'file:%'
      """;

  /**
   * Per user and public repository the user does not own (its owner is none of the user's logins,
   * or it was added as an extra repository).
   */
  static final String USER_OSS_CONTRIBUTIONS =
      """
      SELECT cr.user_id, o.oss_url AS repo_url, count(*) AS commits,
             CAST(round(sum(CASE WHEN cr.counts_lines
                                 THEN cr.counted_lines_added * cr.credit_share ELSE 0 END))
                  AS BIGINT) AS lines_added,
             CAST(round(sum(CASE WHEN cr.counts_lines
                                 THEN cr.counted_lines_deleted * cr.credit_share ELSE 0 END))
                  AS BIGINT) AS lines_deleted,
             min(cr.author_time) AS first_commit_time, max(cr.author_time) AS last_commit_time
      FROM credits cr
      JOIN oss_repos o ON cr.repo_id = o.repo_id
      LEFT JOIN user_logins ul ON ul.user_id = cr.user_id AND ul.login = o.oss_owner
      WHERE o.is_extra OR (o.oss_owner <> '' AND ul.login IS NULL)
      GROUP BY cr.user_id, o.oss_url
      """;

  /** Packages the user's own counted commits added or changed. */
  static final String USER_PACKAGES =
      """
      SELECT cr.user_id, d.ecosystem, d.package,
             min(cr.author_time) AS first_used, max(cr.author_time) AS last_used,
             count(DISTINCT d.repo_id, d.sha) AS commits,
             max_by(d.version_after, struct(cr.author_time, d.sha, d.manifest_path))
               AS latest_version,
             count(DISTINCT d.repo_id) AS repositories
      FROM clean_dependency_changes d
      JOIN credits cr ON d.repo_id = cr.repo_id AND d.sha = cr.sha
      WHERE d.change_type IN ('ADDED', 'CHANGED') AND d.excluded_reason IS NULL
      GROUP BY cr.user_id, d.ecosystem, d.package
      """;

  /**
   * One row per affected user. Weekly streak: the longest run of consecutive ISO weeks with a
   * counted commit. {@code as_of}: the newest collection time in the lake when the row was
   * computed.
   */
  static final String USER_CV_SUMMARY =
      """
      WITH totals AS (
        SELECT user_id, count(*) AS commits,
               CAST(round(sum(CASE WHEN counts_lines
                                   THEN counted_lines_added * credit_share ELSE 0 END)) AS BIGINT)
                 AS lines_added,
               CAST(round(sum(CASE WHEN counts_lines
                                   THEN counted_lines_deleted * credit_share ELSE 0 END)) AS BIGINT)
                 AS lines_deleted,
               count(DISTINCT repo_id) AS repositories,
               sum(CASE WHEN is_bulk THEN 1 ELSE 0 END) AS bulk_commits,
               min(author_time) AS first_commit_time, max(author_time) AS last_commit_time,
               count(DISTINCT year(author_time)) AS years_active,
               count(DISTINCT week_start) AS active_weeks,
               max_by(CASE WHEN author_user_id = user_id THEN author_name END,
                      CASE WHEN author_user_id = user_id THEN author_time END) AS seen_name
        FROM credits GROUP BY user_id),
      streaks AS (
        SELECT user_id, max(weeks) AS longest_weekly_streak FROM (
          SELECT user_id, grp, count(*) AS weeks FROM (
            SELECT user_id,
                   floor(datediff(week_start, DATE'1970-01-05') / 7)
                     - row_number() OVER (PARTITION BY user_id ORDER BY week_start) AS grp
            FROM (SELECT DISTINCT user_id, week_start FROM credits))
          GROUP BY user_id, grp)
        GROUP BY user_id),
      langs AS (
        SELECT user_id,
               slice(transform(array_sort(collect_list(named_struct(
                   'neg', -lines_added, 'language', language, 'lines_added', lines_added,
                   'share', share_of_lines))),
                 x -> named_struct('language', x.language, 'lines_added', x.lines_added,
                                   'share_of_lines', x.share)), 1, 5) AS top_languages
        FROM user_language_stats_new GROUP BY user_id),
      pkgs AS (
        SELECT user_id,
               slice(transform(array_sort(collect_list(named_struct(
                   'neg', -commits, 'ecosystem', ecosystem, 'package', package,
                   'commits', commits))),
                 x -> named_struct('ecosystem', x.ecosystem, 'package', x.package,
                                   'commits', x.commits)), 1, 10) AS top_packages,
               count(*) AS packages
        FROM user_packages_new GROUP BY user_id),
      oss AS (
        SELECT user_id, count(*) AS oss_repositories, sum(commits) AS oss_commits
        FROM user_oss_contributions_new GROUP BY user_id)
      SELECT a.user_id, coalesce(cu.name, t.seen_name) AS name,
             coalesce(t.commits, 0) AS commits,
             coalesce(t.lines_added, 0) AS lines_added,
             coalesce(t.lines_deleted, 0) AS lines_deleted,
             coalesce(t.repositories, 0) AS repositories,
             coalesce(t.bulk_commits, 0) AS bulk_commits,
             t.first_commit_time, t.last_commit_time,
             coalesce(t.years_active, 0) AS years_active,
             coalesce(t.active_weeks, 0) AS active_weeks,
             coalesce(s.longest_weekly_streak, 0) AS longest_weekly_streak,
             l.top_languages,
             coalesce(o.oss_repositories, 0) AS oss_repositories,
             coalesce(o.oss_commits, 0) AS oss_commits,
             coalesce(p.packages, 0) AS packages,
             p.top_packages,
             (SELECT max(last_update) FROM repo_status_new) AS as_of
      FROM affected_users a
      LEFT JOIN config_users cu ON a.user_id = cu.user_id
      LEFT JOIN totals t ON a.user_id = t.user_id
      LEFT JOIN streaks s ON a.user_id = s.user_id
      LEFT JOIN langs l ON a.user_id = l.user_id
      LEFT JOIN pkgs p ON a.user_id = p.user_id
      LEFT JOIN oss o ON a.user_id = o.user_id
      """;
}
