package dev.commitstats.model;

import static dev.commitstats.model.ColumnType.BOOLEAN;
import static dev.commitstats.model.ColumnType.DATE;
import static dev.commitstats.model.ColumnType.DOUBLE;
import static dev.commitstats.model.ColumnType.INT;
import static dev.commitstats.model.ColumnType.LONG;
import static dev.commitstats.model.ColumnType.STRING;
import static dev.commitstats.model.ColumnType.STRING_LIST;
import static dev.commitstats.model.ColumnType.TIMESTAMP;
import static dev.commitstats.model.ColumnType.field;
import static dev.commitstats.model.ColumnType.listOf;
import static dev.commitstats.model.ColumnType.struct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Delta tables the transform writes under {@code LAKE/delta/<name>}: the contract between the
 * Spark jobs, the SQL command, the API and Athena. Each table is declared once here, with its
 * columns (name, type, meaning) and key; the transform's writes and the API's reads are checked
 * against these declarations by tests, and docs/delta-tables.md is generated from them.
 */
public final class DeltaTables {
  private DeltaTables() {}

  private static final Map<String, TableSchema> SCHEMAS = new LinkedHashMap<>();

  private static String declare(String name, String doc, List<String> key, List<Column> columns) {
    SCHEMAS.put(name, new TableSchema(name, doc, key, columns));
    return name;
  }

  private static Column col(String name, ColumnType type, String doc) {
    return Column.optional(name, type, doc);
  }

  /** The columns of a raw table, in order, without {@code except}. */
  private static List<Column> raw(TableSchema table, String... except) {
    Set<String> drop = Set.of(except);
    return table.columns().stream().filter(c -> !drop.contains(c.name())).toList();
  }

  @SafeVarargs
  private static List<Column> columns(List<Column>... parts) {
    var out = new ArrayList<Column>();
    Arrays.stream(parts).forEach(out::addAll);
    return out;
  }

  private static final Column USER_ID = col("user_id", STRING, "the user (config id or derived)");
  private static final Column WEEK_START =
      col("week_start", DATE, "the ISO week's Monday (UTC date)");
  private static final Column COMMITS_COUNT = col("commits", LONG, "counted commits");
  private static final Column LINES_ADDED =
      col("lines_added", LONG, "counted lines added times the user's credit share");
  private static final Column LINES_DELETED =
      col("lines_deleted", LONG, "counted lines deleted times the user's credit share");
  private static final Column LANGUAGE_TYPE =
      col(
          "language_type",
          STRING,
          "linguist's type: programming, markup, data or prose; unknown when not recognised");
  private static final Column FIRST_COMMIT =
      col("first_commit_time", TIMESTAMP, "the first counted commit's author time");
  private static final Column LAST_COMMIT =
      col("last_commit_time", TIMESTAMP, "the last counted commit's author time");
  private static final Column REPO_IDS =
      col("repo_ids", STRING_LIST, "the repositories of the commits, sorted");

  /** Clean layer: one row per (repo_id, sha), attributed, with every exclusion as a column. */
  public static final String COMMITS =
      declare(
          "commits",
          "one row per commit and repository (newest ingestion), attributed, exclusions visible",
          List.of("repo_id", "sha"),
          columns(
              raw(RawTables.COMMITS, "files_unreadable"),
              List.of(
                  WEEK_START,
                  col("user_id", STRING, "the author's user, or null"),
                  col("credited_user_ids", STRING_LIST, "users credited: author and co-authors"),
                  col("credit_share", DOUBLE, "each credited user's share of the lines (1/n)"),
                  col(
                      "credit_positions",
                      listOf(INT),
                      "each credited user's position among the commit's n identities"),
                  col(
                      "credit_identities",
                      INT,
                      "n: the author and the co-authors, one per user or per other email"),
                  col(
                      "languages",
                      listOf(
                          struct(
                              field("language", STRING),
                              field("files", LONG),
                              field("lines_added", LONG),
                              field("lines_deleted", LONG))),
                      "counted files and lines per language"),
                  col("counted_lines_added", LONG, "lines added by counted files"),
                  col("counted_lines_deleted", LONG, "lines deleted by counted files"),
                  col("excluded_lines_added", LONG, "lines added by excluded files"),
                  col("excluded_lines_deleted", LONG, "lines deleted by excluded files"),
                  col("is_bulk", BOOLEAN, "more counted lines added than bulk_commit_lines"),
                  col("retracted_run_id", STRING, "the ingest run of the newest retraction"),
                  col("is_retracted", BOOLEAN, "left the ingested branches"),
                  col("is_canonical", BOOLEAN, "the row of the sha that counts"),
                  col("canonical_repo_id", STRING, "the repository of the canonical row"),
                  col("counts", BOOLEAN, "the commit counts"),
                  col("counts_lines", BOOLEAN, "its lines count"),
                  col("excluded_reason", STRING, "retracted, duplicate, merge, bulk_commit"))));

  /** Clean layer: the file rows of each commit's first ingestion, attributed. */
  public static final String FILE_CHANGES =
      declare(
          "file_changes",
          "one row per file a non-merge commit changed, attributed, exclusions visible",
          List.of("repo_id", "sha", "path"),
          columns(
              raw(RawTables.FILE_CHANGES, "old_mode", "new_mode", "ingest_run_id"),
              List.of(
                  col("user_id", STRING, "the commit author's user, or null"),
                  col("author_time", TIMESTAMP, "the commit's author time"),
                  WEEK_START,
                  col("is_bulk_commit", BOOLEAN, "the commit is a bulk commit"),
                  col(
                      "excluded_reason",
                      STRING,
                      "binary, vendored, generated, lockfile, content_missing, unreadable"),
                  col("counts_as_written", BOOLEAN, "the file's lines count as written"),
                  col("ingest_run_id", STRING, "the ingest run that wrote the raw row"))));

  /** Clean layer: dependency manifest events, attributed. */
  public static final String DEPENDENCY_CHANGES =
      declare(
          "dependency_changes",
          "one row per package a commit's manifest change added, removed or changed",
          List.of("repo_id", "sha", "manifest_path", "package"),
          columns(
              raw(RawTables.DEPENDENCY_CHANGES, "ingest_run_id"),
              List.of(
                  col("user_id", STRING, "the commit author's user, or null"),
                  col("author_time", TIMESTAMP, "the commit's author time"),
                  col("excluded_reason", STRING, "the manifest is in a vendored/generated path"),
                  col("ingest_run_id", STRING, "the ingest run that wrote the raw row"))));

  /** The raw/repos columns of the newest ingest run per repository. */
  public static final String REPO_STATUS =
      declare(
          "repo_status",
          "one row per repository: its newest collection",
          List.of("repo_id"),
          raw(RawTables.REPOS));

  public static final String USER_LANGUAGE_STATS =
      declare(
          "user_language_stats",
          "per user and language: the counted commits and lines of all time",
          List.of("user_id", "language"),
          List.of(
              USER_ID,
              col("language", STRING, "the language (linguist's names), or Unknown"),
              LANGUAGE_TYPE,
              col("language_color", STRING, "linguist's colour of the language (#rrggbb), or null"),
              COMMITS_COUNT,
              LINES_ADDED,
              LINES_DELETED,
              col("files", LONG, "file changes"),
              col("repositories", LONG, "distinct repositories"),
              FIRST_COMMIT,
              LAST_COMMIT,
              col(
                  "share_of_lines",
                  DOUBLE,
                  "share of the user's programming and markup lines added; null for other types")));

  public static final String USER_WEEKLY_ACTIVITY =
      declare(
          "user_weekly_activity",
          "per user, ISO week and language",
          List.of("user_id", "week_start", "language"),
          List.of(
              USER_ID,
              WEEK_START,
              col("language", STRING, "the language, or Unknown"),
              LANGUAGE_TYPE,
              COMMITS_COUNT,
              LINES_ADDED,
              LINES_DELETED,
              col("files", LONG, "file changes"),
              col("active_days", LONG, "days (UTC) with a commit"),
              FIRST_COMMIT,
              LAST_COMMIT,
              REPO_IDS));

  public static final String USER_OSS_CONTRIBUTIONS =
      declare(
          "user_oss_contributions",
          "per user and public repository the user does not own (a fork's upstream)",
          List.of("user_id", "repo_url"),
          List.of(
              USER_ID,
              col("repo_url", STRING, "the repository the credit goes to"),
              COMMITS_COUNT,
              LINES_ADDED,
              LINES_DELETED,
              FIRST_COMMIT,
              LAST_COMMIT));

  public static final String USER_PACKAGES =
      declare(
          "user_packages",
          "per user and package their own counted commits added or changed",
          List.of("user_id", "ecosystem", "package"),
          List.of(
              USER_ID,
              col("ecosystem", STRING, "maven, npm, pypi, go, cargo, nuget, …"),
              col("package", STRING, "package name as the ecosystem spells it"),
              col("first_used", TIMESTAMP, "author time of the first use"),
              col("last_used", TIMESTAMP, "author time of the newest use"),
              col("commits", LONG, "commits that added or changed it"),
              col("latest_version", STRING, "the version of the newest use"),
              col("repositories", LONG, "distinct repositories")));

  public static final String USER_CV_SUMMARY =
      declare(
          "user_cv_summary",
          "one row per user: the CV's totals",
          List.of("user_id"),
          List.of(
              USER_ID,
              col("name", STRING, "the configured name, else the newest author name"),
              COMMITS_COUNT,
              LINES_ADDED,
              LINES_DELETED,
              col("language_lines_added", LONG, "lines added in programming and markup languages"),
              col(
                  "language_lines_deleted",
                  LONG,
                  "lines deleted in programming and markup languages"),
              col("data_lines_added", LONG, "lines added in data and configuration files"),
              col("data_lines_deleted", LONG, "lines deleted in data and configuration files"),
              col("prose_lines_added", LONG, "lines added in documentation (prose) files"),
              col("prose_lines_deleted", LONG, "lines deleted in documentation (prose) files"),
              col("other_lines_added", LONG, "lines added in files of no known language"),
              col("other_lines_deleted", LONG, "lines deleted in files of no known language"),
              col("repositories", LONG, "distinct repositories"),
              col("bulk_commits", LONG, "bulk commits (counted, their lines not)"),
              FIRST_COMMIT,
              LAST_COMMIT,
              col("years_active", LONG, "distinct years with a counted commit"),
              col("active_weeks", LONG, "ISO weeks with a counted commit"),
              col("longest_weekly_streak", LONG, "most consecutive ISO weeks with a commit"),
              col(
                  "top_languages",
                  listOf(
                      struct(
                          field("language", STRING),
                          field("lines_added", LONG),
                          field("share_of_lines", DOUBLE))),
                  "the 5 programming or markup languages with the most lines added"),
              col("oss_repositories", LONG, "open-source repositories contributed to"),
              col("oss_commits", LONG, "commits to them"),
              col("packages", LONG, "packages used"),
              col(
                  "top_packages",
                  listOf(
                      struct(
                          field("ecosystem", STRING),
                          field("package", STRING),
                          field("commits", LONG))),
                  "the 10 packages used by the most commits"),
              col("as_of", TIMESTAMP, "newest collection time in the lake when computed")));

  /** The periods a digest covers, shortest first. */
  public static final List<String> DIGEST_PERIODS = List.of("week", "month", "year");

  /**
   * Per user and period (ISO week, month, year): the period's work, the user's usual over the
   * periods before it, what was new, the weekly streak and the rhythm in the author's own time.
   * Every period from the user's first to their last active one has a row (quiet ones too).
   */
  public static final String USER_DIGESTS =
      declare(
          "user_digests",
          "per user and week, month or year: the work, the user's usual, what was new, rhythm",
          List.of("user_id", "period", "period_start"),
          List.of(
              USER_ID,
              col("period", STRING, "week, month or year"),
              col("period_start", DATE, "the period's first day: a Monday, a 1st, a 1 January"),
              col("period_end", DATE, "the period's last day"),
              COMMITS_COUNT,
              LINES_ADDED,
              LINES_DELETED,
              col("active_days", LONG, "days with a commit, in the author's own time zone"),
              REPO_IDS,
              col(
                  "baseline_periods",
                  INT,
                  "periods the usual is averaged over: the 12 weeks or months (3 years) before,"
                      + " fewer when the user's history is shorter; 0 for the first"),
              col("baseline_commits", DOUBLE, "commits per period over the baseline periods"),
              col("baseline_lines_added", DOUBLE, "lines added per period over them"),
              col("baseline_lines_deleted", DOUBLE, "lines deleted per period over them"),
              col("baseline_active_days", DOUBLE, "active days per period over them"),
              col(
                  "new_languages",
                  STRING_LIST,
                  "languages of the user's first commit in them, sorted (any linguist type)"),
              col(
                  "new_packages",
                  STRING_LIST,
                  "packages first used, as ecosystem:package, sorted (npm:react, maven:g:a)"),
              col(
                  "new_oss_repos",
                  STRING_LIST,
                  "open-source repositories first contributed to, sorted"),
              col(
                  "streak_weeks",
                  LONG,
                  "consecutive ISO weeks with a commit ending with the period's last week"),
              col("longest_streak", LONG, "the longest weekly streak up to the period's end"),
              col(
                  "new_longest_streak",
                  BOOLEAN,
                  "the period set a new longest streak (the user had a streak before)"),
              col(
                  "commits_by_weekday",
                  listOf(LONG),
                  "commits per weekday, Monday first, in the author's own time zone"),
              col(
                  "commits_by_hour",
                  listOf(LONG),
                  "commits per hour of the day (0-23), in the author's own time zone")));

  /**
   * Per user and ISO week: commits (each once, whatever its languages), lines, bulk commits; the
   * weekly grain the user tables are re-aggregated from, and the CV's activity heatmap.
   */
  public static final String USER_WEEKS =
      declare(
          "user_weekly_totals",
          "per user and ISO week: commits once each, whatever their languages",
          List.of("user_id", "week_start"),
          List.of(
              USER_ID,
              WEEK_START,
              COMMITS_COUNT,
              LINES_ADDED,
              LINES_DELETED,
              col("bulk_commits", LONG, "bulk commits"),
              FIRST_COMMIT,
              LAST_COMMIT,
              REPO_IDS,
              col("seen_name", STRING, "the author name of the user's newest commit")));

  /** Bookkeeping of the transform: which raw files each run consumed (its watermark). */
  public static final String TRANSFORM_RUNS =
      declare(
          "_transform_runs",
          "the transform's log: a plan row per consumed raw file, and a done row per run",
          List.of(),
          List.of(
              col("run_seq", LONG, "run number"),
              col("event", STRING, "planned, done, abandoned, or quarantined (a raw file)"),
              col("mode", STRING, "full or incremental"),
              col("config_fingerprint", STRING, "users, rules and layout version, hashed"),
              col("raw_table", STRING, "the raw table of the file"),
              col("path", STRING, "the raw file, relative to the lake"),
              col("transform_run_id", STRING, "the run's id"),
              col("at", TIMESTAMP, "when the event was written"),
              col(
                  "detail",
                  STRING,
                  "quarantined: why the file cannot be read, its size and time; else null")));

  /** Internal weekly grain: per user-week and open-source repository. */
  public static final String USER_WEEK_OSS =
      declare(
          "_user_week_oss",
          "per user, ISO week and open-source repository",
          List.of("user_id", "week_start", "repo_url"),
          List.of(
              USER_ID,
              WEEK_START,
              col("repo_url", STRING, "the repository the credit goes to"),
              COMMITS_COUNT,
              LINES_ADDED,
              LINES_DELETED,
              FIRST_COMMIT,
              LAST_COMMIT));

  /**
   * Internal daily grain of the digests: per user, UTC day and the author's own date (a day's
   * commits can fall on two local dates), with the commits per local hour.
   */
  public static final String USER_DAYS =
      declare(
          "_user_days",
          "per user, UTC day and local date: commits, lines, repositories, commits per local hour",
          List.of("user_id", "week_start", "day", "local_date"),
          List.of(
              USER_ID,
              WEEK_START,
              col("day", DATE, "the UTC date of the commits"),
              col("local_date", DATE, "the date in the author's own time zone"),
              COMMITS_COUNT,
              LINES_ADDED,
              LINES_DELETED,
              REPO_IDS,
              col("commits_by_hour", listOf(LONG), "commits per local hour (0-23)")));

  /**
   * Internal user grain: per user, the aggregates of the weekly rows before a cutoff week (per
   * language, per open-source repository, per package, and totals), which a refresh adds its recent
   * weeks to instead of re-aggregating every week of the user.
   */
  public static final String USER_HISTORY =
      declare(
          "_user_history",
          "per user and kind (language, total, oss, package), the weeks before history_before",
          List.of("kind", "user_id", "ecosystem", "key"),
          List.of(
              col("kind", STRING, "language, total, oss, package, or cutoff"),
              USER_ID,
              col("key", STRING, "the language, repository URL or package; null for totals"),
              COMMITS_COUNT,
              LINES_ADDED,
              LINES_DELETED,
              col("files", LONG, "file changes (languages)"),
              col("bulk_commits", LONG, "bulk commits (totals)"),
              col("active_weeks", LONG, "ISO weeks with a commit (totals)"),
              col("longest_streak", LONG, "longest weekly streak (totals)"),
              col("trailing_streak", LONG, "the streak ending the week before the cutoff"),
              col("repo_hashes", listOf(LONG), "xxhash64 of the repositories, sorted"),
              col("years", listOf(INT), "years with a commit, sorted (totals)"),
              FIRST_COMMIT,
              LAST_COMMIT,
              col("seen_name", STRING, "the newest author name (totals)"),
              col("seen_time", TIMESTAMP, "when seen_name was last seen"),
              col("ecosystem", STRING, "the package's ecosystem (packages)"),
              col("latest_version", STRING, "the newest use's version (packages)"),
              col(
                  "latest_key",
                  struct(
                      field("author_time", TIMESTAMP),
                      field("sha", STRING),
                      field("manifest_path", STRING)),
                  "the use latest_version is from"),
              col("history_before", DATE, "the cutoff week")));

  /** Every table a reader may query, clean layer first. */
  public static final List<String> ALL = List.copyOf(SCHEMAS.keySet());

  /**
   * The tables whose rows follow from the raw layer and the config alone, however many runs made
   * them: a lake refreshed run by run holds the same rows in these as one full run over the same
   * raw files (left out: the run log, and the history, which has a row per run).
   */
  public static final List<String> RUN_INDEPENDENT =
      ALL.stream().filter(t -> !t.equals(TRANSFORM_RUNS) && !t.equals(USER_HISTORY)).toList();

  /** The declared columns, key and meaning of a table. */
  public static TableSchema schema(String table) {
    TableSchema s = SCHEMAS.get(table);
    if (s == null) {
      throw new IllegalArgumentException("no Delta table " + table);
    }
    return s;
  }

  /** Every table's declaration, in {@link #ALL}'s order. */
  public static List<TableSchema> schemas() {
    return List.copyOf(SCHEMAS.values());
  }

  /** Tables of the transform's own bookkeeping and intermediate grain (names start with _). */
  public static boolean internal(String table) {
    return table.startsWith("_");
  }

  /** Path of a table relative to the lake root. */
  public static String path(String table) {
    return LakeLayout.DELTA + "/" + table;
  }
}
