package dev.commitstats.spark.gold;

import dev.commitstats.spark.Sql;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the user tables share: their inputs, and the aggregations of the weekly rows that serve both
 * the history ({@link UserHistory}: the weeks before the cutoff {@code :before}) and the recent
 * weeks (since the cutoff, of the affected users). Lines are counted lines times the user's credit
 * share, rounded per weekly row; co-authored lines are split, never double counted.
 *
 * <p>Statements read their inputs by these names: {@code weekly_activity}, {@code weekly_totals},
 * {@code week_oss} (the weekly tables after this run's update), {@code clean_commits}, {@code
 * clean_dependency_changes}, {@code user_history} and {@code affected_users(user_id)}.
 */
public final class UserGrain {
  private UserGrain() {}

  /**
   * The user grain's inputs.
   *
   * @param before the history's cutoff week: the history aggregates the weeks before it
   */
  public record Inputs(
      Dataset<Row> weeklyActivity,
      Dataset<Row> weeklyTotals,
      Dataset<Row> weekOss,
      Dataset<Row> cleanCommits,
      Dataset<Row> cleanDependencies,
      Dataset<Row> history,
      Dataset<Row> affectedUsers,
      LocalDate before) {

    /**
     * A statement over every input given ({@code history} and {@code affectedUsers} are null while
     * the history itself is computed), with {@code :before} bound.
     */
    Sql sql(String text) {
      Sql sql =
          Sql.of(text)
              .with("weekly_activity", weeklyActivity)
              .with("weekly_totals", weeklyTotals)
              .with("week_oss", weekOss)
              .with("clean_commits", cleanCommits)
              .with("clean_dependency_changes", cleanDependencies)
              .bind("before", before);
      if (history != null) {
        sql = sql.with("user_history", history);
      }
      return affectedUsers == null ? sql : sql.with("affected_users", affectedUsers);
    }

    /** The same inputs with the history's cutoff {@code before}. */
    public Inputs withCutoff(LocalDate before) {
      return new Inputs(
          weeklyActivity,
          weeklyTotals,
          weekOss,
          cleanCommits,
          cleanDependencies,
          history,
          affectedUsers,
          before);
    }

    /** The same inputs with the history to combine and the users to recompute. */
    public Inputs withUsers(Dataset<Row> history, Dataset<Row> affectedUsers) {
      return new Inputs(
          weeklyActivity,
          weeklyTotals,
          weekOss,
          cleanCommits,
          cleanDependencies,
          history,
          affectedUsers,
          before);
    }
  }

  /** The weeks the history aggregates. */
  static final String HISTORY_WEEKS = "week_start < :before";

  /** The weeks since the history's cutoff of the affected users: what a run re-aggregates. */
  static final String RECENT_WEEKS =
      "week_start >= :before AND user_id IN (SELECT user_id FROM affected_users)";

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

  /** Per user and language: the {@code weekly_activity} rows {@code where} selects. */
  static String languageWeeks(String where) {
    return """
        SELECT user_id, language, sum(commits) AS commits, sum(lines_added) AS lines_added,
               sum(lines_deleted) AS lines_deleted, sum(files) AS files,
               %s,
               min(first_commit_time) AS first_commit_time,
               max(last_commit_time) AS last_commit_time
        FROM weekly_activity WHERE %s
        GROUP BY user_id, language
        """
        .formatted(REPO_HASHES, where);
  }

  /** Per user: the {@code weekly_totals} rows {@code where} selects. */
  static String totalWeeks(String where) {
    return """
        SELECT user_id, sum(commits) AS commits, sum(lines_added) AS lines_added,
               sum(lines_deleted) AS lines_deleted,
               %s,
               sum(bulk_commits) AS bulk_commits,
               min(first_commit_time) AS first_commit_time,
               max(last_commit_time) AS last_commit_time,
               array_sort(array_distinct(flatten(collect_list(
                 array(year(first_commit_time), year(last_commit_time)))))) AS years,
               count(*) AS active_weeks,
               max_by(seen_name, CASE WHEN seen_name IS NOT NULL THEN last_commit_time END)
                 AS seen_name,
               max(CASE WHEN seen_name IS NOT NULL THEN last_commit_time END) AS seen_time
        FROM weekly_totals WHERE %s
        GROUP BY user_id
        """
        .formatted(REPO_HASHES, where);
  }

  /**
   * Per user: the weekly streaks (runs of consecutive ISO weeks) of the {@code weekly_totals} rows
   * {@code where} selects: the longest, the one that begins in the week {@code :before} ({@code
   * leading_streak}) and the one that ends in the week before it ({@code trailing_streak}), 0 when
   * there is none. A streak that crosses the history's cutoff is its trailing streak plus the
   * recent weeks' leading one.
   */
  static String streakWeeks(String where) {
    return """
        SELECT user_id, max(weeks) AS longest_streak,
               coalesce(max(CASE WHEN first_week = :before THEN weeks END), 0)
                 AS leading_streak,
               coalesce(max(CASE WHEN last_week = date_sub(:before, 7) THEN weeks END), 0)
                 AS trailing_streak
        FROM (SELECT user_id, count(*) AS weeks, min(week_start) AS first_week,
                     max(week_start) AS last_week
              FROM (SELECT user_id, week_start,
                           floor(datediff(week_start, DATE'1970-01-05') / 7)
                             - row_number() OVER (PARTITION BY user_id ORDER BY week_start) AS grp
                    FROM weekly_totals WHERE %s)
              GROUP BY user_id, grp)
        GROUP BY user_id
        """
        .formatted(where);
  }

  /** Per user and open-source repository: the {@code week_oss} rows {@code where} selects. */
  static String ossWeeks(String where) {
    return """
        SELECT user_id, repo_url, sum(commits) AS commits, sum(lines_added) AS lines_added,
               sum(lines_deleted) AS lines_deleted, min(first_commit_time) AS first_commit_time,
               max(last_commit_time) AS last_commit_time
        FROM week_oss WHERE %s
        GROUP BY user_id, repo_url
        """
        .formatted(where);
  }

  /**
   * Per user, ecosystem and package: the uses by the user's counted commits of the weeks {@code
   * weeks} selects ({@code uses} narrows the dependency rows the same way, for Delta's file
   * skipping), for the users {@code users} selects. {@code latest_key} orders the uses: the newest
   * one's version is the latest.
   */
  static String packageUses(String weeks, String uses, String users) {
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
          AND %s AND %s AND %s
        GROUP BY u.user_id, d.ecosystem, d.package
        """
        .formatted(weeks, uses, users);
  }

  /** The affected users' history rows of one kind. */
  static String past(String kind) {
    return "SELECT h.* FROM user_history h LEFT SEMI JOIN affected_users a"
        + " ON h.user_id = a.user_id WHERE h.kind = '"
        + kind
        + "'";
  }

  /**
   * A history row {@code p} and a recent row {@code r} (either may be missing) combined: the {@code
   * sums} added, the {@code sets} united ({@code set AS count}: the union's size).
   */
  static String combined(List<String> sums, List<String> sets) {
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
}
