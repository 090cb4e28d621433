package dev.commitstats.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL of the tables a CV and an analyst read. Two steps, so that a refresh never recomputes
 * history:
 *
 * <ol>
 *   <li>Weekly grain, for the affected user-weeks only: {@code user_weekly_activity} (per
 *       language), {@code user_weekly_totals} (per user-week totals) and {@code _user_week_oss}
 *       (per user-week and open-source repository), from the counted commits of those weeks.
 *   <li>User grain, for the affected users: each user's history ({@code _user_history}: the weekly
 *       rows before a cutoff week, aggregated once) plus the weeks since the cutoff. {@code
 *       user_language_stats}, {@code user_oss_contributions}, {@code user_cv_summary} aggregate the
 *       weekly tables (never the commits); {@code user_packages} joins the user's dependency events
 *       with their commits.
 * </ol>
 *
 * <p>Views used: {@code clean_commits}, {@code clean_dependency_changes}, {@code repo_status_new},
 * {@code user_history}, {@code affected_weeks(user_id, week_start)}, {@code
 * affected_users(user_id)}, {@code user_logins(user_id, login)}, {@code config_users(user_id,
 * name)}, and the weekly tables after their update. Lines are counted lines times the user's credit
 * share, rounded per weekly row; co-authored lines are split, never double counted.
 */
final class GoldLayer {
  private GoldLayer() {}

  /**
   * One row per (counted commit, credited user) in the affected user-weeks. {@code ${weeks}} bounds
   * {@code week_start} with literals, so Delta skips the files of other weeks.
   */
  static final String WEEK_CREDITS =
      """
      SELECT x.* FROM (
        SELECT c.repo_id, c.sha, c.author_time, c.week_start, c.counts_lines, c.credit_share,
               c.languages, c.counted_lines_added, c.counted_lines_deleted, c.is_bulk,
               c.author_name, c.user_id AS author_user_id, u.user_id
        FROM clean_commits c LATERAL VIEW explode(c.credited_user_ids) u AS user_id
        WHERE c.counts AND ${weeks}) x
      LEFT SEMI JOIN affected_weeks w ON x.user_id = w.user_id AND x.week_start = w.week_start
      """;

  static final String USER_WEEKLY_ACTIVITY =
      """
      SELECT user_id, week_start, language, count(*) AS commits,
             CAST(round(sum(la)) AS BIGINT) AS lines_added,
             CAST(round(sum(ld)) AS BIGINT) AS lines_deleted,
             CAST(sum(files) AS BIGINT) AS files,
             count(DISTINCT CAST(author_time AS DATE)) AS active_days,
             min(author_time) AS first_commit_time, max(author_time) AS last_commit_time,
             array_sort(collect_set(repo_id)) AS repo_ids
      FROM (SELECT cr.user_id, cr.week_start, cr.repo_id, cr.author_time, l.language, l.files,
                   CASE WHEN cr.counts_lines THEN l.lines_added * cr.credit_share ELSE 0 END AS la,
                   CASE WHEN cr.counts_lines THEN l.lines_deleted * cr.credit_share ELSE 0 END AS ld
            FROM week_credits cr LATERAL VIEW explode(cr.languages) x AS l)
      GROUP BY user_id, week_start, language
      """;

  /** Per user-week totals (a commit counts once, whatever its languages). */
  static final String USER_WEEKS =
      """
      SELECT user_id, week_start, count(*) AS commits,
             CAST(round(sum(CASE WHEN counts_lines
                                 THEN counted_lines_added * credit_share ELSE 0 END)) AS BIGINT)
               AS lines_added,
             CAST(round(sum(CASE WHEN counts_lines
                                 THEN counted_lines_deleted * credit_share ELSE 0 END)) AS BIGINT)
               AS lines_deleted,
             sum(CASE WHEN is_bulk THEN 1 ELSE 0 END) AS bulk_commits,
             min(author_time) AS first_commit_time, max(author_time) AS last_commit_time,
             array_sort(collect_set(repo_id)) AS repo_ids,
             max_by(CASE WHEN author_user_id = user_id THEN author_name END,
                    CASE WHEN author_user_id = user_id THEN author_time END) AS seen_name
      FROM week_credits GROUP BY user_id, week_start
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
   * Per user-week and public repository the user does not own (its owner is none of the user's
   * logins, or it was added as an extra repository).
   */
  static final String USER_WEEK_OSS =
      """
      SELECT cr.user_id, cr.week_start, o.oss_url AS repo_url, count(*) AS commits,
             CAST(round(sum(CASE WHEN cr.counts_lines
                                 THEN cr.counted_lines_added * cr.credit_share ELSE 0 END))
                  AS BIGINT) AS lines_added,
             CAST(round(sum(CASE WHEN cr.counts_lines
                                 THEN cr.counted_lines_deleted * cr.credit_share ELSE 0 END))
                  AS BIGINT) AS lines_deleted,
             min(cr.author_time) AS first_commit_time, max(cr.author_time) AS last_commit_time
      FROM week_credits cr
      JOIN oss_repos o ON cr.repo_id = o.repo_id
      LEFT JOIN user_logins ul ON ul.user_id = cr.user_id AND ul.login = o.oss_owner
      WHERE o.is_extra OR (o.oss_owner <> '' AND ul.login IS NULL)
      GROUP BY cr.user_id, cr.week_start, o.oss_url
      """;

  /**
   * The user grain's history: per user, the aggregates of the weekly rows before the week {@code
   * ${before}} (a literal date), so that a refresh re-aggregates only the weeks since then. Rows of
   * four kinds ({@code key}: the language, the open-source repository URL, the package of {@code
   * ecosystem}, or null for the user's totals; columns a kind has no use for are null), and one
   * {@code cutoff} row that records the week even when no user has older weeks. Repositories (as
   * {@link #REPO_HASHES}) and years are kept as sets for the distinct counts (sorted: the same
   * history whatever the partitioning); {@code seen_time} is the time {@code seen_name} was last
   * seen, {@code latest_key} the use {@code latest_version} is from.
   */
  static final String USER_HISTORY =
      """
      SELECT 'language' AS kind, user_id, language AS key, commits, lines_added, lines_deleted,
             files, CAST(NULL AS BIGINT) AS bulk_commits, CAST(NULL AS BIGINT) AS active_weeks,
             CAST(NULL AS BIGINT) AS longest_streak, CAST(NULL AS BIGINT) AS trailing_streak,
             repo_hashes, CAST(NULL AS ARRAY<INT>) AS years, first_commit_time, last_commit_time,
             CAST(NULL AS STRING) AS seen_name, CAST(NULL AS TIMESTAMP) AS seen_time,
             CAST(NULL AS STRING) AS ecosystem, CAST(NULL AS STRING) AS latest_version,
             CAST(NULL AS ${latest_key}) AS latest_key, DATE'${before}' AS history_before
      FROM (${languages})
      UNION ALL
      SELECT 'total', user_id, CAST(NULL AS STRING), commits, lines_added, lines_deleted,
             CAST(NULL AS BIGINT), bulk_commits, active_weeks, longest_streak, trailing_streak,
             repo_hashes, years, first_commit_time, last_commit_time, seen_name, seen_time,
             CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS ${latest_key}),
             DATE'${before}'
      FROM (${totals}) t JOIN (${streaks}) s USING (user_id)
      UNION ALL
      SELECT 'oss', user_id, repo_url, commits, lines_added, lines_deleted, CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS ARRAY<BIGINT>),
             CAST(NULL AS ARRAY<INT>), first_commit_time, last_commit_time, CAST(NULL AS STRING),
             CAST(NULL AS TIMESTAMP), CAST(NULL AS STRING), CAST(NULL AS STRING),
             CAST(NULL AS ${latest_key}), DATE'${before}'
      FROM (${oss})
      UNION ALL
      SELECT 'package', user_id, package, commits, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), repo_hashes,
             CAST(NULL AS ARRAY<INT>), first_used, last_used, CAST(NULL AS STRING),
             CAST(NULL AS TIMESTAMP), ecosystem, latest_version, latest_key, DATE'${before}'
      FROM (${packages})
      UNION ALL
      SELECT 'cutoff', CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
             CAST(NULL AS BIGINT), CAST(NULL AS ARRAY<BIGINT>),
             CAST(NULL AS ARRAY<INT>), CAST(NULL AS TIMESTAMP), CAST(NULL AS TIMESTAMP),
             CAST(NULL AS STRING), CAST(NULL AS TIMESTAMP), CAST(NULL AS STRING),
             CAST(NULL AS STRING), CAST(NULL AS ${latest_key}), DATE'${before}'
      """
          .replace(
              "${latest_key}", "STRUCT<author_time: TIMESTAMP, sha: STRING, manifest_path: STRING>")
          .replace("${languages}", languageWeeks("week_start < DATE'${before}'"))
          .replace("${totals}", totalWeeks("week_start < DATE'${before}'"))
          .replace("${streaks}", streakWeeks("week_start < DATE'${before}'"))
          .replace("${oss}", ossWeeks("week_start < DATE'${before}'"))
          .replace("${packages}", packageUses("c.week_start < DATE'${before}'", "true", "true"));

  /**
   * The set of repositories of weekly rows' {@code repo_ids}, as 64-bit hashes of the ids (Spark's
   * {@code xxhash64}, seed 42): the user grain only counts the set's members, and hashes are 8
   * bytes against the ids' 16-character strings. Reading and uniting the history's sets (about 600
   * repositories per user and language on the bench lake) took the language stats query 3.2 to 5.4
   * s with the ids, 1.4 to 1.7 s with hashes (warm, same counts). Two of a user's repositories
   * share a hash with a probability of about n&sup2;/2<sup>65</sup> for n repositories (10<sup>-12
   * </sup> for 10,000): the count would be one too low.
   */
  private static final String REPO_HASHES =
      "array_sort(array_distinct(flatten(collect_list(transform(repo_ids, r -> xxhash64(r))))))"
          + " AS repo_hashes";

  /** The weeks since the history's cutoff of the affected users: what a run re-aggregates. */
  private static final String RECENT =
      "week_start >= DATE'${before}' AND user_id IN (SELECT user_id FROM affected_users)";

  /** Per user and language: the {@code user_weekly_activity} rows {@code where} selects. */
  private static String languageWeeks(String where) {
    return """
        SELECT user_id, language, sum(commits) AS commits, sum(lines_added) AS lines_added,
               sum(lines_deleted) AS lines_deleted, sum(files) AS files,
               ${repo_hashes},
               min(first_commit_time) AS first_commit_time,
               max(last_commit_time) AS last_commit_time
        FROM user_weekly_activity_all WHERE ${where}
        GROUP BY user_id, language
        """
        .replace("${repo_hashes}", REPO_HASHES)
        .replace("${where}", where);
  }

  /** Per user: the {@code user_weekly_totals} rows {@code where} selects. */
  private static String totalWeeks(String where) {
    return """
        SELECT user_id, sum(commits) AS commits, sum(lines_added) AS lines_added,
               sum(lines_deleted) AS lines_deleted,
               ${repo_hashes},
               sum(bulk_commits) AS bulk_commits,
               min(first_commit_time) AS first_commit_time,
               max(last_commit_time) AS last_commit_time,
               array_sort(array_distinct(flatten(collect_list(
                 array(year(first_commit_time), year(last_commit_time)))))) AS years,
               count(*) AS active_weeks,
               max_by(seen_name, CASE WHEN seen_name IS NOT NULL THEN last_commit_time END)
                 AS seen_name,
               max(CASE WHEN seen_name IS NOT NULL THEN last_commit_time END) AS seen_time
        FROM user_weeks_all WHERE ${where}
        GROUP BY user_id
        """
        .replace("${repo_hashes}", REPO_HASHES)
        .replace("${where}", where);
  }

  /**
   * Per user: the weekly streaks (runs of consecutive ISO weeks) of the {@code user_weekly_totals}
   * rows {@code where} selects: the longest, the one that begins in the week {@code ${before}}
   * ({@code leading_streak}) and the one that ends in the week before it ({@code trailing_streak}),
   * 0 when there is none. A streak that crosses the history's cutoff is its trailing streak plus
   * the recent weeks' leading one.
   */
  private static String streakWeeks(String where) {
    return """
        SELECT user_id, max(weeks) AS longest_streak,
               coalesce(max(CASE WHEN first_week = DATE'${before}' THEN weeks END), 0)
                 AS leading_streak,
               coalesce(max(CASE WHEN last_week = date_sub(DATE'${before}', 7) THEN weeks END), 0)
                 AS trailing_streak
        FROM (SELECT user_id, count(*) AS weeks, min(week_start) AS first_week,
                     max(week_start) AS last_week
              FROM (SELECT user_id, week_start,
                           floor(datediff(week_start, DATE'1970-01-05') / 7)
                             - row_number() OVER (PARTITION BY user_id ORDER BY week_start) AS grp
                    FROM user_weeks_all WHERE ${where})
              GROUP BY user_id, grp)
        GROUP BY user_id
        """
        .replace("${where}", where);
  }

  /** Per user and open-source repository: the {@code _user_week_oss} rows {@code where} selects. */
  private static String ossWeeks(String where) {
    return """
        SELECT user_id, repo_url, sum(commits) AS commits, sum(lines_added) AS lines_added,
               sum(lines_deleted) AS lines_deleted, min(first_commit_time) AS first_commit_time,
               max(last_commit_time) AS last_commit_time
        FROM user_week_oss_all WHERE ${where}
        GROUP BY user_id, repo_url
        """
        .replace("${where}", where);
  }

  /**
   * Per user, ecosystem and package: the uses by the user's counted commits of the weeks {@code
   * weeks} selects ({@code uses} narrows the dependency rows the same way, for Delta's file
   * skipping), for the users {@code users} selects. {@code latest_key} orders the uses: the newest
   * one's version is the latest.
   */
  private static String packageUses(String weeks, String uses, String users) {
    return """
        SELECT u.user_id, d.ecosystem, d.package,
               min(c.author_time) AS first_used, max(c.author_time) AS last_used,
               count(DISTINCT d.repo_id, d.sha) AS commits,
               max_by(d.version_after, struct(c.author_time, d.sha, d.manifest_path))
                 AS latest_version,
               max(struct(c.author_time, d.sha, d.manifest_path)) AS latest_key,
               array_sort(collect_set(xxhash64(d.repo_id))) AS repo_hashes
        FROM clean_dependency_changes d
        JOIN clean_commits c ON d.repo_id = c.repo_id AND d.sha = c.sha
        LATERAL VIEW explode(c.credited_user_ids) u AS user_id
        WHERE d.change_type IN ('ADDED', 'CHANGED') AND d.excluded_reason IS NULL AND c.counts
          AND ${weeks} AND ${uses} AND ${users}
        GROUP BY u.user_id, d.ecosystem, d.package
        """
        .replace("${weeks}", weeks)
        .replace("${uses}", uses)
        .replace("${users}", users);
  }

  /** The affected users' history rows of one kind. */
  private static String past(String kind) {
    return "SELECT h.* FROM user_history h LEFT SEMI JOIN affected_users a"
        + " ON h.user_id = a.user_id WHERE h.kind = '"
        + kind
        + "'";
  }

  /**
   * A history row {@code p} and a recent row {@code r} (either may be missing) combined: the {@code
   * sums} added, the {@code sets} united ({@code set AS count}: the union's size).
   */
  private static String combined(List<String> sums, List<String> sets) {
    var out = new ArrayList<String>();
    for (String c : sums) {
      out.add("coalesce(p.%1$s + r.%1$s, p.%1$s, r.%1$s) AS %1$s".formatted(c));
    }
    for (String s : sets) {
      String[] set = s.split(" AS ");
      out.add(
          ("CAST(size(array_union(coalesce(p.%1$s, array()), coalesce(r.%1$s, array())))"
                  + " AS BIGINT) AS %2$s")
              .formatted(set[0], set[1]));
    }
    return String.join(", ", out);
  }

  /**
   * Per affected user and language: the history rows plus the weekly rows since {@code ${before}}
   * (sums add, times take the earlier or later, repository sets unite).
   */
  static final String USER_LANGUAGE_STATS =
      """
      WITH recent AS (${recent}),
      past AS (${past}),
      stats AS (
        SELECT coalesce(p.user_id, r.user_id) AS user_id, coalesce(p.key, r.language) AS language,
               ${combined},
               least(p.first_commit_time, r.first_commit_time) AS first_commit_time,
               greatest(p.last_commit_time, r.last_commit_time) AS last_commit_time
        FROM past p FULL JOIN recent r ON p.user_id = r.user_id AND p.key <=> r.language)
      SELECT user_id, language, commits, lines_added, lines_deleted, files, repositories,
             first_commit_time, last_commit_time,
             CASE WHEN sum(lines_added) OVER (PARTITION BY user_id) > 0
                  THEN round(lines_added / sum(lines_added) OVER (PARTITION BY user_id), 4)
             END AS share_of_lines
      FROM stats
      """
          .replace("${recent}", languageWeeks(RECENT))
          .replace("${past}", past("language"))
          .replace(
              "${combined}",
              combined(
                  List.of("commits", "lines_added", "lines_deleted", "files"),
                  List.of("repo_hashes AS repositories")));

  static final String USER_OSS_CONTRIBUTIONS =
      """
      WITH recent AS (${recent}),
      past AS (${past})
      SELECT coalesce(p.user_id, r.user_id) AS user_id, coalesce(p.key, r.repo_url) AS repo_url,
             ${combined},
             least(p.first_commit_time, r.first_commit_time) AS first_commit_time,
             greatest(p.last_commit_time, r.last_commit_time) AS last_commit_time
      FROM past p FULL JOIN recent r ON p.user_id = r.user_id AND p.key = r.repo_url
      """
          .replace("${recent}", ossWeeks(RECENT))
          .replace("${past}", past("oss"))
          .replace(
              "${combined}",
              combined(List.of("commits", "lines_added", "lines_deleted"), List.of()));

  /**
   * Packages the user's own counted commits added or changed: the history rows plus the uses since
   * {@code ${before}}.
   */
  static final String USER_PACKAGES =
      """
      WITH recent AS (${recent}),
      past AS (${past})
      SELECT coalesce(p.user_id, r.user_id) AS user_id,
             coalesce(p.ecosystem, r.ecosystem) AS ecosystem, coalesce(p.key, r.package) AS package,
             least(p.first_commit_time, r.first_used) AS first_used,
             greatest(p.last_commit_time, r.last_used) AS last_used,
             ${commits},
             CASE WHEN r.latest_key IS NOT NULL
                       AND (p.latest_key IS NULL OR r.latest_key > p.latest_key)
                  THEN r.latest_version ELSE p.latest_version END AS latest_version,
             ${repositories}
      FROM past p
      FULL JOIN recent r
        ON p.user_id = r.user_id AND p.ecosystem <=> r.ecosystem AND p.key <=> r.package
      """
          .replace(
              "${recent}",
              packageUses(
                  "c.week_start >= DATE'${before}'",
                  "d.author_time >= DATE'${before}'",
                  "u.user_id IN (SELECT user_id FROM affected_users)"))
          .replace("${past}", past("package"))
          .replace("${commits}", combined(List.of("commits"), List.of()))
          .replace("${repositories}", combined(List.of(), List.of("repo_hashes AS repositories")));

  /**
   * One row per affected user. Weekly streak: the longest run of consecutive ISO weeks with a
   * counted commit (the history's longest, the recent weeks' longest, or the history's trailing
   * streak continued by the recent weeks' leading one: the weeks before the cutoff are not read
   * again). {@code as_of}: the newest collection time in the lake when the row was computed.
   */
  static final String USER_CV_SUMMARY =
      """
      WITH recent AS (${recent}),
      past AS (${past}),
      totals AS (
        SELECT coalesce(p.user_id, r.user_id) AS user_id, ${combined},
               least(p.first_commit_time, r.first_commit_time) AS first_commit_time,
               greatest(p.last_commit_time, r.last_commit_time) AS last_commit_time,
               CASE WHEN r.seen_time IS NOT NULL
                         AND (p.seen_time IS NULL OR r.seen_time > p.seen_time)
                    THEN r.seen_name ELSE p.seen_name END AS seen_name,
               p.longest_streak AS past_longest_streak, p.trailing_streak AS past_trailing_streak
        FROM past p FULL JOIN recent r ON p.user_id = r.user_id),
      streaks AS (${streaks}),
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
             greatest(coalesce(t.past_longest_streak, 0), coalesce(s.longest_streak, 0),
                      coalesce(t.past_trailing_streak, 0) + coalesce(s.leading_streak, 0))
               AS longest_weekly_streak,
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
      """
          .replace("${recent}", totalWeeks(RECENT))
          .replace("${streaks}", streakWeeks(RECENT))
          .replace("${past}", past("total"))
          .replace(
              "${combined}",
              combined(
                  List.of(
                      "commits", "lines_added", "lines_deleted", "bulk_commits", "active_weeks"),
                  List.of("repo_hashes AS repositories", "years AS years_active")));
}
