package dev.commitstats.model;

import java.util.List;

/**
 * Names of the Delta tables the transform writes under {@code LAKE/delta/<name>}: the contract
 * between the Spark jobs, the SQL command, the API and Athena. Their columns are documented in
 * docs/delta-layer.md.
 */
public final class DeltaTables {
  private DeltaTables() {}

  /** Clean layer: one row per (repo_id, sha), attributed, with every exclusion as a column. */
  public static final String COMMITS = "commits";

  /** Clean layer: the file rows of each commit's newest ingestion, attributed. */
  public static final String FILE_CHANGES = "file_changes";

  /** Clean layer: dependency manifest events, attributed. */
  public static final String DEPENDENCY_CHANGES = "dependency_changes";

  public static final String REPO_STATUS = "repo_status";
  public static final String USER_LANGUAGE_STATS = "user_language_stats";
  public static final String USER_WEEKLY_ACTIVITY = "user_weekly_activity";
  public static final String USER_OSS_CONTRIBUTIONS = "user_oss_contributions";
  public static final String USER_PACKAGES = "user_packages";
  public static final String USER_CV_SUMMARY = "user_cv_summary";

  /** Bookkeeping of the transform: which raw files each run consumed (its watermark). */
  public static final String TRANSFORM_RUNS = "_transform_runs";

  /**
   * Per user and ISO week: commits (each once, whatever its languages), lines, bulk commits; the
   * weekly grain the user tables are re-aggregated from, and the CV's activity heatmap.
   */
  public static final String USER_WEEKS = "user_weekly_totals";

  /** Internal weekly grain: per user-week and open-source repository. */
  public static final String USER_WEEK_OSS = "_user_week_oss";

  /**
   * Internal user grain: per user, the aggregates of the weekly rows before a cutoff week (per
   * language, per open-source repository, and totals), which a refresh adds its recent weeks to
   * instead of re-aggregating every week of the user.
   */
  public static final String USER_HISTORY = "_user_history";

  /** Every table a reader may query, clean layer first. */
  public static final List<String> ALL =
      List.of(
          COMMITS,
          FILE_CHANGES,
          DEPENDENCY_CHANGES,
          REPO_STATUS,
          USER_LANGUAGE_STATS,
          USER_WEEKLY_ACTIVITY,
          USER_OSS_CONTRIBUTIONS,
          USER_PACKAGES,
          USER_CV_SUMMARY,
          USER_WEEKS,
          TRANSFORM_RUNS,
          USER_WEEK_OSS,
          USER_HISTORY);

  /** Tables of the transform's own bookkeeping and intermediate grain (names start with _). */
  public static boolean internal(String table) {
    return table.startsWith("_");
  }

  /** Path of a table relative to the lake root. */
  public static String path(String table) {
    return LakeLayout.DELTA + "/" + table;
  }
}
