package dev.commitstats.spark.gold;

import dev.commitstats.spark.Sql;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The input of the weekly grain: one row per (counted commit, credited user) in the affected
 * user-weeks. Not a table: kept for the run (a local checkpoint) and read by the three weekly
 * tables.
 */
public final class WeekCredits {
  private WeekCredits() {}

  /**
   * {@code :all_weeks} (a full run) or {@code week_start} between {@code :first_week} and {@code
   * :last_week} (both null when no week is affected): literals after binding, so Delta skips the
   * files of other weeks.
   */
  static final String SQL =
      """
      SELECT x.* FROM (
        SELECT c.repo_id, c.sha, c.author_time, c.week_start, c.counts_lines, c.credit_share,
               c.languages, c.counted_lines_added, c.counted_lines_deleted, c.is_bulk,
               c.author_name, c.user_id AS author_user_id, u.user_id
        FROM clean_commits c LATERAL VIEW explode(c.credited_user_ids) u AS user_id
        WHERE c.counts AND (:all_weeks OR c.week_start BETWEEN :first_week AND :last_week)) x
      LEFT SEMI JOIN affected_weeks w ON x.user_id = w.user_id AND x.week_start = w.week_start
      """;

  /**
   * @param cleanCommits the clean {@code commits} table after this run's merge
   * @param affectedWeeks {@code (user_id, week_start)} recomputed
   * @param weeks the affected weeks' range, or null for every week (a full run)
   */
  public static Dataset<Row> compute(
      SparkSession spark, Dataset<Row> cleanCommits, Dataset<Row> affectedWeeks, WeekRange weeks) {
    return Sql.of(SQL)
        .with("clean_commits", cleanCommits)
        .with("affected_weeks", affectedWeeks)
        .bind("all_weeks", weeks.all())
        .bind("first_week", weeks.first())
        .bind("last_week", weeks.last())
        .run(spark);
  }

  /**
   * The weeks a run recomputes: all of them ({@code all}), or those from {@code first} to {@code
   * last} (both null: none).
   */
  public record WeekRange(boolean all, LocalDate first, LocalDate last) {
    public static WeekRange everyWeek() {
      return new WeekRange(true, null, null);
    }

    public static WeekRange between(LocalDate first, LocalDate last) {
      return new WeekRange(false, first, last);
    }

    public boolean none() {
      return !all && first == null;
    }

    /** The same range as a predicate on {@code week_start} (Delta's {@code replaceWhere}). */
    public String predicate() {
      if (all) {
        return "true";
      }
      return none() ? "false" : "week_start BETWEEN DATE'" + first + "' AND DATE'" + last + "'";
    }
  }
}
