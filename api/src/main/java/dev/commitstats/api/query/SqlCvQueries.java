package dev.commitstats.api.query;

import dev.commitstats.api.engine.ResultRow;
import dev.commitstats.api.engine.SqlEngine;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * All the API's SQL. Every statement is in the subset both DuckDB and Athena (Trino) accept: plain
 * SELECT, WHERE, GROUP BY, ORDER BY, LIMIT, standard aggregates and CAST, with bound parameters in
 * the WHERE clause only (Athena's parameterized queries bind nothing else: a limit is an integer
 * literal appended by {@link #limited}); {@code SqlDialectTest} keeps it that way, and the engine
 * tests run every statement on DuckDB and on Trino.
 */
public final class SqlCvQueries implements CvQueries {

  static final String SUMMARY =
      """
      SELECT user_id, name, commits, lines_added, lines_deleted, language_lines_added,
             language_lines_deleted, data_lines_added, data_lines_deleted, prose_lines_added,
             prose_lines_deleted, other_lines_added, other_lines_deleted, repositories, bulk_commits,
             first_commit_time, last_commit_time, years_active, active_weeks,
             longest_weekly_streak, oss_repositories, oss_commits, packages, as_of
      FROM user_cv_summary
      WHERE user_id = ?""";

  static final String LANGUAGES =
      """
      SELECT language, language_type, language_color, commits, lines_added, lines_deleted, files,
             repositories,
             first_commit_time, last_commit_time, share_of_lines
      FROM user_language_stats
      WHERE user_id = ?
      ORDER BY lines_added + lines_deleted DESC, commits DESC, language""";

  static final String WEEKLY =
      """
      SELECT week_start, language, language_type, commits, lines_added, lines_deleted, files,
             active_days
      FROM user_weekly_activity
      WHERE user_id = ? AND week_start >= CAST(? AS DATE) AND week_start <= CAST(? AS DATE)
      ORDER BY week_start, language""";

  static final String WEEK_TOTALS =
      """
      SELECT week_start, commits, lines_added, lines_deleted
      FROM user_weekly_totals
      WHERE user_id = ? AND week_start >= CAST(? AS DATE) AND week_start <= CAST(? AS DATE)
      ORDER BY week_start""";

  static final String OSS =
      """
      SELECT repo_url, commits, lines_added, lines_deleted, first_commit_time, last_commit_time
      FROM user_oss_contributions
      WHERE user_id = ?
      ORDER BY commits DESC, repo_url""";

  static final String PACKAGES =
      """
      SELECT ecosystem, package, first_used, last_used, commits, latest_version, repositories
      FROM user_packages
      WHERE user_id = ?
      ORDER BY commits DESC, last_used DESC, ecosystem, package""";

  static final String DIGESTS =
      """
      SELECT period_start, period_end, commits, lines_added, lines_deleted, active_days, repo_ids,
             baseline_periods, baseline_commits, baseline_lines_added, baseline_lines_deleted,
             baseline_active_days, new_languages, new_packages, new_oss_repos, streak_weeks,
             longest_streak, new_longest_streak, commits_by_weekday, commits_by_hour
      FROM user_digests
      WHERE user_id = ? AND period = ? AND period_start >= CAST(? AS DATE)
        AND period_start <= CAST(? AS DATE)
      ORDER BY period_start""";

  static final String REPO_COLUMNS =
      """
      r.repo_id, r.repo_url, r.provider, r.owner, r.name, r.visibility, r.is_fork,
      r.upstream_url, r.is_active, r.is_extra, r.collect_status, r.error_message, r.last_update,
      r.last_commit_sha, r.last_commit_time, r.all_commits_processed""";

  /**
   * Every table the API's statements read, the transform's run log first (it moves with every run):
   * what the embedded engine mirrors of an S3 lake.
   */
  public static final java.util.List<String> TABLES_READ =
      java.util.List.of(
          "_transform_runs",
          "user_cv_summary",
          "user_language_stats",
          "user_weekly_activity",
          "user_weekly_totals",
          "user_oss_contributions",
          "user_packages",
          "user_digests",
          "repo_status",
          "commits");

  static final String USER_REPOS =
      """
      SELECT %s,
             u.commits, u.lines_added, u.lines_deleted, u.first_commit_time AS user_first_commit,
             u.last_commit_time AS user_last_commit
      FROM (
        SELECT repo_id, count(*) AS commits, sum(counted_lines_added) AS lines_added,
               sum(counted_lines_deleted) AS lines_deleted, min(author_time) AS first_commit_time,
               max(author_time) AS last_commit_time
        FROM commits
        WHERE user_id = ? AND counts
        GROUP BY repo_id
      ) u
      JOIN repo_status r ON r.repo_id = u.repo_id
      ORDER BY u.commits DESC, r.repo_id"""
          .formatted(REPO_COLUMNS);

  static final String REPOS =
      """
      SELECT %s
      FROM repo_status r
      ORDER BY r.repo_url, r.repo_id"""
          .formatted(REPO_COLUMNS);

  /** Some repositories by id: one bound {@code ?} per id. */
  static String reposById(int ids) {
    return """
        SELECT %s
        FROM repo_status r
        WHERE r.repo_id IN (%s)
        ORDER BY r.repo_url, r.repo_id"""
        .formatted(REPO_COLUMNS, String.join(", ", java.util.Collections.nCopies(ids, "?")));
  }

  static final String TRANSFORM_RUNS =
      """
      SELECT run_seq, max(mode) AS mode, min("at") AS started_at,
             max(CASE WHEN event = 'done' THEN "at" END) AS finished_at
      FROM "_transform_runs"
      GROUP BY run_seq
      HAVING max(CASE WHEN event = 'done' THEN 1 ELSE 0 END) = 1
      ORDER BY run_seq DESC""";

  /** Raw files the transform quarantines now: noted, and not planned by a run since. */
  static final String QUARANTINED =
      """
      SELECT q.raw_table, q.path, q.detail, q."at"
      FROM "_transform_runs" q
      WHERE q.event = 'quarantined'
        AND q."at" = (SELECT max(x."at") FROM "_transform_runs" x
                      WHERE x.event = 'quarantined' AND x.path = q.path)
        AND NOT EXISTS (SELECT 1 FROM "_transform_runs" p
                        WHERE p.event = 'planned' AND p.path = q.path AND p."at" > q."at")
      ORDER BY q.path""";

  static final String TOP_USERS =
      """
      SELECT user_id
      FROM user_cv_summary
      ORDER BY commits DESC, user_id""";

  /** Every statement, for the dialect test. */
  static final List<String> ALL =
      List.of(
          SUMMARY,
          LANGUAGES,
          WEEKLY,
          WEEK_TOTALS,
          OSS,
          PACKAGES,
          DIGESTS,
          reposById(2),
          USER_REPOS,
          REPOS,
          TRANSFORM_RUNS,
          QUARANTINED,
          TOP_USERS);

  /** The statement with {@code LIMIT n}: a checked integer, never text from a request. */
  static String limited(String sql, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("a limit must be 0 or more, not " + limit);
    }
    return sql + "\nLIMIT " + limit;
  }

  private final SqlEngine engine;

  public SqlCvQueries(SqlEngine engine) {
    this.engine = engine;
  }

  @Override
  public Optional<Summary> summary(String userId) {
    return engine
        .query(
            SUMMARY,
            List.of(userId),
            r ->
                new Summary(
                    r.string("user_id"),
                    r.string("name"),
                    r.longValue("commits"),
                    r.longValue("lines_added"),
                    r.longValue("lines_deleted"),
                    r.longValue("language_lines_added"),
                    r.longValue("language_lines_deleted"),
                    r.longValue("data_lines_added"),
                    r.longValue("data_lines_deleted"),
                    r.longValue("prose_lines_added"),
                    r.longValue("prose_lines_deleted"),
                    r.longValue("other_lines_added"),
                    r.longValue("other_lines_deleted"),
                    r.longValue("repositories"),
                    r.longValue("bulk_commits"),
                    r.instant("first_commit_time"),
                    r.instant("last_commit_time"),
                    r.longValue("years_active"),
                    r.longValue("active_weeks"),
                    r.longValue("longest_weekly_streak"),
                    r.longValue("oss_repositories"),
                    r.longValue("oss_commits"),
                    r.longValue("packages"),
                    r.instant("as_of")))
        .stream()
        .findFirst();
  }

  @Override
  public List<Language> languages(String userId) {
    return engine.query(
        LANGUAGES,
        List.of(userId),
        r ->
            new Language(
                r.string("language"),
                r.string("language_type"),
                r.string("language_color"),
                r.longValue("commits"),
                r.longValue("lines_added"),
                r.longValue("lines_deleted"),
                r.longValue("files"),
                r.longValue("repositories"),
                r.instant("first_commit_time"),
                r.instant("last_commit_time"),
                r.nullableDouble("share_of_lines")));
  }

  @Override
  public List<Week> weekly(String userId, LocalDate from, LocalDate to) {
    return engine.query(
        WEEKLY,
        List.of(userId, from.toString(), to.toString()),
        r ->
            new Week(
                r.date("week_start"),
                r.string("language"),
                r.string("language_type"),
                r.longValue("commits"),
                r.longValue("lines_added"),
                r.longValue("lines_deleted"),
                r.longValue("files"),
                r.longValue("active_days")));
  }

  @Override
  public List<WeekTotal> weekTotals(String userId, LocalDate from, LocalDate to) {
    return engine.query(
        WEEK_TOTALS,
        List.of(userId, from.toString(), to.toString()),
        r ->
            new WeekTotal(
                r.date("week_start"),
                r.longValue("commits"),
                r.longValue("lines_added"),
                r.longValue("lines_deleted")));
  }

  @Override
  public List<Oss> oss(String userId) {
    return engine.query(
        OSS,
        List.of(userId),
        r ->
            new Oss(
                r.string("repo_url"),
                r.longValue("commits"),
                r.longValue("lines_added"),
                r.longValue("lines_deleted"),
                r.instant("first_commit_time"),
                r.instant("last_commit_time")));
  }

  @Override
  public List<PackageUse> packages(String userId, int limit) {
    return engine.query(
        limited(PACKAGES, limit),
        List.of(userId),
        r ->
            new PackageUse(
                r.string("ecosystem"),
                r.string("package"),
                r.instant("first_used"),
                r.instant("last_used"),
                r.longValue("commits"),
                r.string("latest_version"),
                r.longValue("repositories")));
  }

  @Override
  public List<DigestRow> digests(String userId, String period, LocalDate from, LocalDate to) {
    return engine.query(
        DIGESTS,
        List.of(userId, period, from.toString(), to.toString()),
        r ->
            new DigestRow(
                r.date("period_start"),
                r.date("period_end"),
                r.longValue("commits"),
                r.longValue("lines_added"),
                r.longValue("lines_deleted"),
                r.longValue("active_days"),
                r.strings("repo_ids"),
                (int) r.longValue("baseline_periods"),
                r.nullableDouble("baseline_commits"),
                r.nullableDouble("baseline_lines_added"),
                r.nullableDouble("baseline_lines_deleted"),
                r.nullableDouble("baseline_active_days"),
                r.strings("new_languages"),
                r.strings("new_packages"),
                r.strings("new_oss_repos"),
                r.longValue("streak_weeks"),
                r.longValue("longest_streak"),
                r.bool("new_longest_streak"),
                r.longs("commits_by_weekday"),
                r.longs("commits_by_hour")));
  }

  @Override
  public List<UserRepo> userRepos(String userId) {
    return engine.query(
        USER_REPOS,
        List.of(userId),
        r ->
            new UserRepo(
                repo(r),
                r.longValue("commits"),
                r.longValue("lines_added"),
                r.longValue("lines_deleted"),
                r.instant("user_first_commit"),
                r.instant("user_last_commit")));
  }

  @Override
  public List<Repo> repos() {
    return engine.query(REPOS, List.of(), SqlCvQueries::repo);
  }

  @Override
  public List<Repo> repos(java.util.Collection<String> repoIds) {
    if (repoIds.isEmpty()) {
      return List.of();
    }
    return engine.query(reposById(repoIds.size()), List.copyOf(repoIds), SqlCvQueries::repo);
  }

  @Override
  public List<QuarantinedFile> quarantined() {
    return engine.query(
        QUARANTINED,
        List.of(),
        r ->
            new QuarantinedFile(
                r.string("raw_table"), r.string("path"), r.string("detail"), r.instant("at")));
  }

  @Override
  public List<TransformRun> transformRuns(int limit) {
    return engine.query(
        limited(TRANSFORM_RUNS, limit),
        List.of(),
        r ->
            new TransformRun(
                r.longValue("run_seq"),
                r.string("mode"),
                r.instant("started_at"),
                r.instant("finished_at")));
  }

  /** The users with the most commits (for the URLs {@code serve} prints). */
  public List<String> topUsers(int limit) {
    return engine.query(limited(TOP_USERS, limit), List.of(), r -> r.string("user_id"));
  }

  private static Repo repo(ResultRow r) throws SQLException {
    return new Repo(
        r.string("repo_id"),
        r.string("repo_url"),
        r.string("provider"),
        r.string("owner"),
        r.string("name"),
        r.string("visibility"),
        r.bool("is_fork"),
        r.string("upstream_url"),
        r.bool("is_active"),
        r.bool("is_extra"),
        r.string("collect_status"),
        r.string("error_message"),
        r.instant("last_update"),
        r.string("last_commit_sha"),
        r.instant("last_commit_time"),
        r.bool("all_commits_processed"));
  }
}
