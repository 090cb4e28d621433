package dev.commitstats.spark.gold;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.DeltaWrites;
import dev.commitstats.spark.Sql;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code user_digests}: the weekly feedback, and the month and year in review, for the affected
 * users, from their daily grain ({@code _user_days}) and their recomputed user tables (the first
 * use of each language, package and open-source repository). A user's periods depend on each other
 * (the usual is the periods before, a streak runs across them, a first use moves when an older
 * commit arrives), so a refresh recomputes every period of the users it touches, as the other user
 * tables do. Written by replacing the affected users' rows.
 *
 * <p>Periods: ISO weeks (UTC, as every weekly table), calendar months and years of UTC days. Every
 * period from the user's first active one to their last active one has a row, quiet ones with
 * zeros, so a quiet week is a digest too and the usual counts it. The usual ({@code baseline_*}) is
 * the mean over the {@value #WEEKS_BACK} weeks or months ({@value #YEARS_BACK} years) before the
 * period, or fewer when the user's history is shorter.
 */
public final class UserDigests {
  private UserDigests() {}

  public static final String TABLE = DeltaTables.USER_DIGESTS;

  /** Weeks (and months) a week's (month's) usual is averaged over. */
  public static final int WEEKS_BACK = 12;

  /** Years a year's usual is averaged over. */
  public static final int YEARS_BACK = 3;

  /** Step 1: every period of the affected users, quiet ones filled with zeros. */
  static final String FILLED_SQL =
      """
      WITH days AS (
        SELECT d.* FROM user_days d LEFT SEMI JOIN affected_users a ON d.user_id = a.user_id
      ),
      kinds AS (SELECT explode(array('week', 'month', 'year')) AS period),
      in_periods AS (
        SELECT d.*, k.period, (dayofweek(d.local_date) + 5) %% 7 AS weekday,
               CASE k.period WHEN 'week' THEN d.week_start
                             WHEN 'month' THEN trunc(d.day, 'MM')
                             ELSE trunc(d.day, 'YEAR') END AS period_start
        FROM days d CROSS JOIN kinds k
      ),
      active AS (
        SELECT user_id, period, period_start, CAST(sum(commits) AS BIGINT) AS commits,
               CAST(sum(lines_added) AS BIGINT) AS lines_added,
               CAST(sum(lines_deleted) AS BIGINT) AS lines_deleted,
               size(array_distinct(collect_list(local_date))) AS active_days,
               array_sort(array_distinct(flatten(collect_list(repo_ids)))) AS repo_ids,
               %1$s AS commits_by_weekday,
               %2$s AS commits_by_hour
        FROM in_periods GROUP BY user_id, period, period_start
      ),
      spans AS (
        SELECT user_id, period, min(period_start) AS first_start, max(period_start) AS last_start
        FROM active GROUP BY user_id, period
      ),
      dense AS (
        SELECT user_id, period, explode(sequence(first_start, last_start, INTERVAL 7 DAYS))
                 AS period_start
        FROM spans WHERE period = 'week'
        UNION ALL
        SELECT user_id, period, explode(sequence(first_start, last_start, INTERVAL 1 MONTH))
        FROM spans WHERE period = 'month'
        UNION ALL
        SELECT user_id, period, explode(sequence(first_start, last_start, INTERVAL 1 YEAR))
        FROM spans WHERE period = 'year'
      ),
      filled AS (
        SELECT p.user_id, p.period, p.period_start,
               CASE p.period WHEN 'week' THEN date_add(p.period_start, 6)
                             WHEN 'month' THEN last_day(p.period_start)
                             ELSE make_date(year(p.period_start), 12, 31) END AS period_end,
               coalesce(a.commits, 0L) AS commits, coalesce(a.lines_added, 0L) AS lines_added,
               coalesce(a.lines_deleted, 0L) AS lines_deleted,
               coalesce(a.active_days, 0L) AS active_days,
               coalesce(a.repo_ids, CAST(array() AS ARRAY<STRING>)) AS repo_ids,
               coalesce(a.commits_by_hour, array_repeat(0L, 24)) AS commits_by_hour,
               coalesce(a.commits_by_weekday, array_repeat(0L, 7)) AS commits_by_weekday
        FROM dense p
        LEFT JOIN active a
          ON a.user_id = p.user_id AND a.period = p.period AND a.period_start = p.period_start
      )
      SELECT * FROM filled
      """
          .formatted(
              sums(7, "CASE WHEN weekday = %d THEN commits ELSE 0L END"),
              sums(24, "commits_by_hour[%d]"));

  /**
   * {@code array(sum(e0), ..., sum(e(n-1)))}: the rhythm summed as n plain aggregates in the same
   * pass (summing the arrays element by element in higher-order functions, or as exploded rows,
   * cost most of the digests' time on the bench lake).
   */
  private static String sums(int n, String element) {
    var parts = new java.util.ArrayList<String>();
    for (int i = 0; i < n; i++) {
      parts.add("CAST(sum(" + element.formatted(i) + ") AS BIGINT)");
    }
    return "array(" + String.join(", ", parts) + ")";
  }

  /** Step 2: the weekly streak at each of the users' weeks, and the longest up to it. */
  static final String STREAKS_SQL =
      """
      WITH weeks AS (
        SELECT user_id, period_start AS week_start, commits > 0 AS active,
               max(CASE WHEN commits = 0 THEN period_start END)
                 OVER (PARTITION BY user_id ORDER BY period_start
                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS last_quiet,
               min(period_start) OVER (PARTITION BY user_id) AS first_week
        FROM filled WHERE period = 'week'
      ),
      streaks AS (
        SELECT user_id, week_start,
               CASE WHEN active
                    THEN CAST(datediff(week_start, coalesce(last_quiet, date_sub(first_week, 7)))
                              DIV 7 AS BIGINT)
                    ELSE 0L END AS streak
        FROM weeks
      ),
      longest AS (
        SELECT user_id, week_start, streak,
               max(streak) OVER (PARTITION BY user_id ORDER BY week_start
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS longest
        FROM streaks
      )
      SELECT * FROM longest
      """;

  /** Step 3: the usual, what was new, the streak at each period's end. */
  static final String SQL =
      """
      WITH baselines AS (
        SELECT f.*,
               count(*) OVER recent AS n12, sum(commits) OVER recent AS c12,
               sum(lines_added) OVER recent AS a12, sum(lines_deleted) OVER recent AS d12,
               sum(active_days) OVER recent AS x12,
               count(*) OVER years AS n3, sum(commits) OVER years AS c3,
               sum(lines_added) OVER years AS a3, sum(lines_deleted) OVER years AS d3,
               sum(active_days) OVER years AS x3
        FROM filled f
        WINDOW recent AS (PARTITION BY user_id, period ORDER BY period_start
                          ROWS BETWEEN %1$d PRECEDING AND 1 PRECEDING),
               years AS (PARTITION BY user_id, period ORDER BY period_start
                         ROWS BETWEEN %2$d PRECEDING AND 1 PRECEDING)
      ),
      overall AS (SELECT user_id, max(longest) AS longest FROM longest GROUP BY user_id),
      kinds AS (SELECT explode(array('week', 'month', 'year')) AS period),
      firsts AS (
        SELECT user_id, 'language' AS kind, language AS item, CAST(first_commit_time AS DATE) AS d
        FROM languages WHERE language <> 'Unknown' AND first_commit_time IS NOT NULL
        UNION ALL
        SELECT user_id, 'package', concat(ecosystem, ':', package), CAST(first_used AS DATE)
        FROM packages WHERE first_used IS NOT NULL
        UNION ALL
        SELECT user_id, 'oss', repo_url, CAST(first_commit_time AS DATE)
        FROM oss WHERE first_commit_time IS NOT NULL
      ),
      news AS (
        SELECT f.user_id, k.period,
               CASE k.period WHEN 'week' THEN CAST(date_trunc('WEEK', f.d) AS DATE)
                             WHEN 'month' THEN trunc(f.d, 'MM')
                             ELSE trunc(f.d, 'YEAR') END AS period_start,
               array_sort(collect_list(CASE WHEN f.kind = 'language' THEN f.item END))
                 AS new_languages,
               array_sort(collect_list(CASE WHEN f.kind = 'package' THEN f.item END))
                 AS new_packages,
               array_sort(collect_list(CASE WHEN f.kind = 'oss' THEN f.item END))
                 AS new_oss_repos
        FROM firsts f CROSS JOIN kinds k
        GROUP BY 1, 2, 3
      ),
      ends AS (
        SELECT b.*,
               CASE WHEN b.period = 'week' THEN b.period_start
                    ELSE CAST(date_trunc('WEEK', b.period_end) AS DATE) END AS end_week,
               date_sub(CASE WHEN b.period = 'week' THEN b.period_start
                             ELSE CAST(date_trunc('WEEK', b.period_start) AS DATE) END, 7)
                 AS week_before
        FROM baselines b
      )
      SELECT e.user_id, e.period, e.period_start, e.period_end, e.commits, e.lines_added,
             e.lines_deleted, e.active_days, e.repo_ids,
             CAST(CASE WHEN e.period = 'year' THEN e.n3 ELSE e.n12 END AS INT) AS baseline_periods,
             CASE WHEN e.period = 'year' THEN try_divide(e.c3, e.n3)
                  ELSE try_divide(e.c12, e.n12) END
               AS baseline_commits,
             CASE WHEN e.period = 'year' THEN try_divide(e.a3, e.n3)
                  ELSE try_divide(e.a12, e.n12) END
               AS baseline_lines_added,
             CASE WHEN e.period = 'year' THEN try_divide(e.d3, e.n3)
                  ELSE try_divide(e.d12, e.n12) END
               AS baseline_lines_deleted,
             CASE WHEN e.period = 'year' THEN try_divide(e.x3, e.n3)
                  ELSE try_divide(e.x12, e.n12) END
               AS baseline_active_days,
             coalesce(n.new_languages, CAST(array() AS ARRAY<STRING>)) AS new_languages,
             coalesce(n.new_packages, CAST(array() AS ARRAY<STRING>)) AS new_packages,
             coalesce(n.new_oss_repos, CAST(array() AS ARRAY<STRING>)) AS new_oss_repos,
             coalesce(le.streak, 0L) AS streak_weeks,
             coalesce(le.longest, o.longest) AS longest_streak,
             coalesce(lb.longest, 0L) >= 1 AND coalesce(le.longest, o.longest) > lb.longest
               AS new_longest_streak,
             e.commits_by_weekday, e.commits_by_hour
      FROM ends e
      JOIN overall o ON o.user_id = e.user_id
      LEFT JOIN longest le ON le.user_id = e.user_id AND le.week_start = e.end_week
      LEFT JOIN longest lb ON lb.user_id = e.user_id AND lb.week_start = e.week_before
      LEFT JOIN news n
        ON n.user_id = e.user_id AND n.period = e.period AND n.period_start = e.period_start
      """
          .formatted(WEEKS_BACK, YEARS_BACK);

  /**
   * @param userDays {@code _user_days} after this run's write
   * @param affectedUsers the users recomputed ({@code user_id})
   * @param languages, packages, oss: the recomputed rows of those users' tables
   */
  public static Dataset<Row> compute(
      SparkSession spark,
      Dataset<Row> userDays,
      Dataset<Row> affectedUsers,
      Dataset<Row> languages,
      Dataset<Row> packages,
      Dataset<Row> oss) {
    // Each step is kept (a local checkpoint): the later ones read the earlier ones more than
    // once, and Spark would compute an inlined WITH query again for each reader (measured on the
    // 1,000-user bench lake, warm: 13-15 s as one statement).
    Dataset<Row> filled =
        Sql.of(FILLED_SQL)
            .with("user_days", userDays)
            .with("affected_users", affectedUsers)
            .run(spark)
            .localCheckpoint();
    Dataset<Row> longest = Sql.of(STREAKS_SQL).with("filled", filled).run(spark).localCheckpoint();
    return Sql.of(SQL)
        .with("filled", filled)
        .with("longest", longest)
        .with("languages", languages)
        .with("packages", packages)
        .with("oss", oss)
        .run(spark);
  }

  public static void write(
      DeltaWrites writes, Dataset<Row> rows, Dataset<Row> users, boolean rewrite) {
    // a row per user and period, a few hundred per user: sorted by user, so that the API's
    // digest of one user reads one file
    writes.replaceUsersSorted(TABLE, rows, users, rewrite, DeltaTables.schema(TABLE).key());
  }
}
