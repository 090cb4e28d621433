package dev.commitstats.spark.gold;

import dev.commitstats.spark.Sql;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The input of the weekly grain: one row per (counted commit, credited user) in the affected
 * user-weeks, with the user's integer share of the commit's counted lines ({@code
 * credit_lines_added}, {@code credit_lines_deleted}: the sum of its per-language shares, {@link
 * #share}). Not a table: kept for the run (a local checkpoint) and read by the three weekly tables.
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
      SELECT x.*,
             coalesce(aggregate(x.languages, 0L,
                                (acc, l) -> acc + %1$s), 0L) AS credit_lines_added,
             coalesce(aggregate(x.languages, 0L,
                                (acc, l) -> acc + %2$s), 0L) AS credit_lines_deleted
      FROM (
        SELECT c.repo_id, c.sha, c.author_time, c.author_tz_offset_minutes, c.week_start,
               c.counts_lines,
               c.languages, c.is_bulk, c.author_name, c.user_id AS author_user_id, u.user_id,
               c.credit_positions[u.k] AS credit_position, c.credit_identities
        FROM clean_commits c LATERAL VIEW posexplode(c.credited_user_ids) u AS k, user_id
        WHERE c.counts AND (:all_weeks OR c.week_start BETWEEN :first_week AND :last_week)) x
      LEFT SEMI JOIN affected_weeks w ON x.user_id = w.user_id AND x.week_start = w.week_start
      """
          .formatted(share("x", "l.lines_added"), share("x", "l.lines_deleted"));

  /**
   * The integer share of {@code lines} of the credited user in row {@code row}: {@code lines / n},
   * plus one when the user's position among the commit's n identities is below {@code lines % n}.
   * The shares of all identities add up to {@code lines}.
   */
  static String share(String row, String lines) {
    return ("(%2$s DIV %1$s.credit_identities"
            + " + CASE WHEN %1$s.credit_position < %2$s %% %1$s.credit_identities THEN 1 ELSE 0 END)")
        .formatted(row, lines);
  }

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
