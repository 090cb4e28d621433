package dev.commitstats.lake.sql;

import dev.commitstats.model.DeltaTables;
import java.util.List;

/**
 * The CV tables {@code ./commitstats demo} prints ({@code ./commitstats sql --demo}), next to the
 * tables they read: a test binds each against the declared columns of {@link DeltaTables}, so a
 * renamed column breaks the build, not the demo.
 */
public final class DemoQueries {
  private DemoQueries() {}

  /** The queries, in the order printed. */
  public static final List<String> ALL =
      List.of(
          """
          SELECT user_id, name, commits, lines_added, lines_deleted, repositories, years_active,
                 longest_weekly_streak AS weekly_streak, packages,
                 list_transform(top_languages, x -> x.language) AS top_languages,
                 language_lines_added AS language_lines, data_lines_added AS data_lines,
                 prose_lines_added AS prose_lines
          FROM %s ORDER BY commits DESC"""
              .formatted(DeltaTables.USER_CV_SUMMARY),
          """
          SELECT user_id, language, language_type, commits, lines_added, lines_deleted,
                 share_of_lines
          FROM %s ORDER BY lines_added DESC LIMIT 10"""
              .formatted(DeltaTables.USER_LANGUAGE_STATS),
          // a week's commits and lines from its totals (a commit counts once, whatever its
          // languages), its languages from the per-language rows
          """
          SELECT t.user_id, t.week_start, t.commits, t.lines_added,
                 (SELECT string_agg(a.language, ', ' ORDER BY a.lines_added DESC)
                  FROM %s a WHERE a.user_id = t.user_id AND a.week_start = t.week_start)
                   AS languages
          FROM %s t
          ORDER BY t.week_start DESC, t.commits DESC LIMIT 8"""
              .formatted(DeltaTables.USER_WEEKLY_ACTIVITY, DeltaTables.USER_WEEKS),
          """
          SELECT user_id, ecosystem, package, commits, latest_version, first_used::DATE AS first_used,
                 last_used::DATE AS last_used
          FROM %s ORDER BY last_used DESC LIMIT 8"""
              .formatted(DeltaTables.USER_PACKAGES),
          """
          SELECT repo_url, collect_status, new_commits, last_commit_time, all_commits_processed
          FROM %s ORDER BY repo_url"""
              .formatted(DeltaTables.REPO_STATUS),
          """
          SELECT excluded_reason, count(*) AS commits, sum(counted_lines_added) AS lines_added
          FROM %s GROUP BY excluded_reason ORDER BY commits DESC"""
              .formatted(DeltaTables.COMMITS));
}
