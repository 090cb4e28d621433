package dev.commitstats.spark;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.RawTables;
import dev.commitstats.model.TableSchema;
import dev.commitstats.model.config.CommitStatsConfig;
import dev.commitstats.model.config.UserConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The transform: raw Parquet files not consumed yet become the clean and gold Delta tables (see
 * docs/delta-layer.md). One class for local runs ({@code ./commitstats transform}) and Glue.
 *
 * <p>A first run, or a run after the users or rules changed, is full: every table is rewritten from
 * all raw files. Later runs are incremental: the commits of new files are merged into the clean
 * layer, and the gold tables are recomputed only for the users (and user-weeks) whose commits
 * changed.
 */
public final class TransformJob {
  /** Bump when the meaning of a table changes: the next run is then a full run. */
  static final String LAYOUT_VERSION = "2";

  static final Set<String> KNOWN_ARGS =
      Set.of("lake", "config", "full", "local-threads", "shuffle-partitions", "every", "runs");

  /** What a run did, for logs and tests. */
  public record Result(
      long runSeq,
      String mode,
      boolean resumed,
      int rawFiles,
      long commitRows,
      long newFileRows,
      long affectedUsers,
      long millis,
      Map<String, Long> stageMillis) {
    public boolean nothingNew() {
      return runSeq < 0;
    }

    @Override
    public String toString() {
      if (nothingNew()) {
        return "transform: nothing new in the raw layer; no table written (" + millis + " ms)";
      }
      return String.format(
          Locale.ROOT,
          "transform run %d (%s%s): %d raw files, %d commit rows merged, %d new file rows,"
              + " %d users recomputed, %.1f s %s",
          runSeq,
          mode,
          resumed ? ", resuming an interrupted run" : "",
          rawFiles,
          commitRows,
          newFileRows,
          affectedUsers,
          millis / 1000.0,
          stageMillis);
    }
  }

  /** The job's settings: the lake, the config (users and rules) and whether to force a full run. */
  public record Settings(String lake, CommitStatsConfig config, boolean full) {}

  public static void main(String[] args) {
    JobArgs a;
    Duration every;
    int runs;
    try {
      a = JobArgs.parse(args, KNOWN_ARGS, Set.of("full"));
      a.required("lake", "DIR_OR_S3_URL");
      every = a.get("every").map(TransformJob::parseEvery).orElse(null);
      runs = a.intValue("runs", every == null ? 1 : Integer.MAX_VALUE);
      if (runs < 1 || (runs > 1 && every == null)) {
        throw new IllegalArgumentException(
            "--runs "
                + runs
                + " needs --every and a count of at least 1, e.g. --every 15m --runs 4");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("commitstats transform: " + e.getMessage());
      System.exit(2);
      return;
    }
    int threads = a.intValue("local-threads", Runtime.getRuntime().availableProcessors());
    int partitions = a.intValue("shuffle-partitions", Math.max(4, threads * 2));
    SparkSession spark = SparkSessions.create("commitstats-transform", threads, partitions);
    int status = 0;
    try {
      CommitStatsConfig config =
          a.get("config")
              .map(c -> CommitStatsConfig.parse(readText(spark, c), c))
              .orElse(CommitStatsConfig.empty());
      Settings settings = new Settings(a.required("lake", "DIR"), config, a.flag("full"));
      if (every == null) {
        System.out.println(run(spark, settings));
      } else {
        repeat(spark, settings, every, runs, System.out, System.err);
      }
    } catch (IllegalArgumentException | dev.commitstats.model.config.ConfigException e) {
      System.err.println("commitstats transform: " + e.getMessage());
      status = 2;
    } finally {
      spark.stop();
    }
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * What a refreshing process does when a run has ended early enough to wait for the next one: a
   * full garbage collection, in the idle time. A run leaves its garbage in the old generation
   * (after a full run of the 1M-commit bench lake about 5 GB of a 6.6 GB old generation, which a
   * full collection brought down to 1.3 GB), and the next run would otherwise pay for it in its own
   * time: in the first 1% refresh after such a full run, young collections of 1.5 and 1.8 s (their
   * old generation full of the earlier run's objects) and full ones of 1.3 and 0.6 s.
   */
  public static void betweenRuns() {
    System.gc();
  }

  /**
   * Scheduled refreshes in one process: a run, then one every {@code every} (measured from each
   * run's start; a run that takes longer is followed at once), {@code runs} in all. The session
   * stays warm between runs, which is most of an incremental run's cost in a fresh JVM (a 1%
   * refresh of the 100k-commit bench lake: 65-77 s in a new process, 28 s in a warm one). A run
   * that fails is reported and the next one tried (it resumes the failed run's plan); only a bad
   * argument or config stops the loop. {@code --full} applies to the first run only.
   *
   * @return the number of runs that failed
   */
  static int repeat(
      SparkSession spark,
      Settings settings,
      Duration every,
      int runs,
      java.io.PrintStream out,
      java.io.PrintStream err) {
    int failed = 0;
    Settings next = settings;
    for (int i = 1; i <= runs; i++) {
      long start = System.nanoTime();
      try {
        out.println(run(spark, next));
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (Exception e) { // Spark's own exceptions are checked ones thrown unchecked
        failed++;
        err.println(
            "commitstats transform: run failed, the next one resumes it: " + e.getMessage());
      }
      out.flush();
      next = new Settings(settings.lake(), settings.config(), false);
      if (i < runs && millisSince(start) < every.toMillis()) {
        betweenRuns();
        long waitMillis = every.toMillis() - millisSince(start);
        if (waitMillis > 0) {
          try {
            Thread.sleep(waitMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    return failed;
  }

  /** {@code 90s}, {@code 15m}, {@code 1h} (a number and a unit), at least one second. */
  static Duration parseEvery(String text) {
    var m = java.util.regex.Pattern.compile("(\\d{1,7})([smh])").matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          "--every "
              + text
              + " is not a period: write a positive number and s, m or h, e.g. --every 15m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  static String readText(SparkSession spark, String location) {
    try {
      if (!location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
        return java.nio.file.Files.readString(java.nio.file.Path.of(location));
      }
      FileSystem fs =
          FileSystem.get(URI.create(location), spark.sparkContext().hadoopConfiguration());
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(location))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      throw new IllegalArgumentException(
          "config file " + location + " does not exist: check the --config path", e);
    } catch (IOException e) {
      throw new UncheckedIOException("config file " + location + " cannot be read", e);
    }
  }

  static String fingerprint(CommitStatsConfig config) {
    return Attribution.sha256Hex(LAYOUT_VERSION + "|" + config.users() + "|" + config.transform());
  }

  static final Map<String, TableSchema> RAW_INPUTS = new LinkedHashMap<>();

  static {
    RAW_INPUTS.put("new_commits_raw", RawTables.COMMITS);
    RAW_INPUTS.put("new_files_raw", RawTables.FILE_CHANGES);
    RAW_INPUTS.put("new_deps_raw", RawTables.DEPENDENCY_CHANGES);
    RAW_INPUTS.put("new_repos_raw", RawTables.REPOS);
    RAW_INPUTS.put("new_retracted_raw", RawTables.RETRACTED_COMMITS);
  }

  public static Result run(SparkSession spark, Settings settings) {
    try {
      return transform(spark, settings);
    } finally {
      releaseCheckpoints(spark);
    }
  }

  /**
   * Frees the blocks of the run's local checkpoints (its kept intermediate results; every local
   * checkpoint of the session, which the transform owns). Spark drops them only once a garbage
   * collection finds their datasets unreachable, which in a large heap can be runs later: a
   * refreshing process then began its next run with the previous run's results (gigabytes after a
   * full run of the 1M-commit bench lake) still in storage memory, where the new run's sorts and
   * aggregations could only evict them (to disk: local checkpoints keep a disk copy). Measured: the
   * first refresh after such a full run took 30.1 and 30.4 s with this, 32.4 and 34.1 s without
   * (one of them also without checksum files), on a machine whose noise is a few seconds. The
   * removal is waited for: the next run starts with the memory free (a full collection right after
   * an unwaited release of a full run's checkpoints found 3.4 GB live, one 12 s later 0.5 GB), and
   * a process that stops its session right after the run does not leave removals to a shut-down
   * block manager (which logged a rejected task per block).
   */
  static void releaseCheckpoints(SparkSession spark) {
    for (org.apache.spark.rdd.RDD<?> rdd :
        scala.collection.JavaConverters.mapAsJavaMap(spark.sparkContext().getPersistentRDDs())
            .values()) {
      if (rdd.isLocallyCheckpointed()) {
        rdd.unpersist(true);
      }
    }
  }

  private static Result transform(SparkSession spark, Settings settings) {
    long t0 = System.nanoTime();
    LakePaths lake = new LakePaths(settings.lake(), spark.sparkContext().hadoopConfiguration());
    if (!lake.rawExists()) {
      throw new IllegalArgumentException(
          "lake "
              + settings.lake()
              + " has no raw layer: run ./commitstats ingest --lake "
              + settings.lake()
              + " first");
    }
    CommitStatsConfig config = settings.config();
    String fingerprint = fingerprint(config);
    var listed = new LinkedHashMap<String, List<String>>();
    RAW_INPUTS.values().forEach(t -> listed.put(t.name(), lake.rawFiles(t)));

    RunLog log = new RunLog(spark, lake);
    RunLog.Plan plan =
        log.plan(fingerprint, settings.full(), listed, new DeltaWrites(spark, lake, 0));
    if (plan == null) {
      return new Result(-1, RunLog.INCREMENTAL, false, 0, 0, 0, 0, millisSince(t0), Map.of());
    }
    String transformRunId =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now())
            + "-"
            + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    DeltaWrites writes = new DeltaWrites(spark, lake, plan.seq());
    var stages = new Stages(t0);
    stages.end("plan");
    log.planned(plan, transformRunId, writes);
    CrashPoint.maybeHalt("planned");

    Attribution attribution = new Attribution(config.users());
    spark
        .udf()
        .register("cs_user", (UDF1<String, String>) attribution::userFor, DataTypes.StringType);
    for (var e : RAW_INPUTS.entrySet()) {
      rawView(spark, lake, e.getValue(), plan.files().get(e.getValue().name()))
          .createOrReplaceTempView(e.getKey());
    }
    configViews(spark, config.users());
    boolean full = plan.full();
    String bulkLines = String.valueOf(config.transform().bulkCommitLines());
    String countBulk = String.valueOf(config.transform().countBulkLines());

    // Repositories: the latest status of each; those whose facts changed re-rank their commits.
    if (full) {
      spark
          .createDataFrame(List.of(), SparkSchemas.of(RawTables.REPOS))
          .createOrReplaceTempView("existing_repo_status");
    } else {
      writes.read(DeltaTables.REPO_STATUS).createOrReplaceTempView("existing_repo_status");
    }
    String repoColumns = String.join(", ", RawTables.REPOS.columnNames());
    Dataset<Row> repoStatusNew =
        spark
            .sql(CleanLayer.REPO_STATUS_NEW.replace("${repo_columns}", repoColumns))
            .localCheckpoint();
    repoStatusNew.createOrReplaceTempView("repo_status_new");
    spark.sql(CleanLayer.CHANGED_REPOS).createOrReplaceTempView("changed_repos");
    stages.end("repos");

    // Clean layer.
    spark.sql(CleanLayer.NEWEST).createOrReplaceTempView("newest");
    spark.sql(CleanLayer.OLDEST).createOrReplaceTempView("oldest");
    // The new file rows feed the languages, the file rows and the dependency rows: an incremental
    // run keeps them (a full run's are the whole raw layer, read once per use instead).
    Dataset<Row> newFiles = spark.sql(CleanLayer.NEW_FILES);
    (full ? newFiles : newFiles.localCheckpoint()).createOrReplaceTempView("new_files");
    spark.sql(CleanLayer.NEW_LANGUAGES).createOrReplaceTempView("new_languages");
    Dataset<Row> newRows =
        spark
            .sql(
                CleanLayer.NEW_ROWS
                    .replace("${bulk_lines}", bulkLines)
                    .replace("${count_bulk_lines}", countBulk))
            .localCheckpoint();
    newRows.createOrReplaceTempView("new_rows");
    stages.end("new-rows");
    spark.sql(CleanLayer.NEW_RETRACTIONS).createOrReplaceTempView("new_retractions");
    String facts = String.join(", ", CleanLayer.FACT_COLUMNS);
    if (full) {
      spark
          .sql(
              "SELECT "
                  + facts
                  + ", CAST(NULL AS STRING) AS retracted_run_id FROM new_rows WHERE false")
          .createOrReplaceTempView("existing_commits");
    } else {
      existingCommits(spark, writes).localCheckpoint().createOrReplaceTempView("existing_commits");
    }
    Dataset<Row> commitSource =
        spark
            .sql(CleanLayer.upsertSource().replace("${count_bulk_lines}", countBulk))
            .localCheckpoint();
    commitSource.createOrReplaceTempView("commit_source");
    stages.end("commit-source");
    Dataset<Row> fileRows = spark.sql(CleanLayer.FILE_ROWS);
    Dataset<Row> depRows = spark.sql(CleanLayer.DEPENDENCY_ROWS);

    // The clean tables: side by side in an incremental run, one after the other in a full run.
    long[] commitRows = {0};
    long[] newFileRows = {0};
    var cleanWrites = new ArrayList<Runnable>();
    if (full) {
      cleanWrites.add(
          () -> {
            writes.overwrite(DeltaTables.FILE_CHANGES, fileRows);
            newFileRows[0] = writes.read(DeltaTables.FILE_CHANGES).count();
          });
      cleanWrites.add(() -> writes.overwrite(DeltaTables.DEPENDENCY_CHANGES, depRows));
      cleanWrites.add(
          () -> {
            commitRows[0] = commitSource.count();
            // Files by week: incremental runs read only the files of the weeks they recompute.
            writes.overwrite(
                DeltaTables.COMMITS,
                commitSource.repartitionByRange(
                    (int) Math.max(1, Math.min(400, commitRows[0] / 100_000)),
                    org.apache.spark.sql.functions.col("week_start")));
          });
    } else {
      cleanWrites.add(() -> newFileRows[0] = writes.append(DeltaTables.FILE_CHANGES, fileRows));
      cleanWrites.add(() -> writes.append(DeltaTables.DEPENDENCY_CHANGES, depRows));
      cleanWrites.add(
          () -> {
            // New keys are appended (once per run number); only rows that exist are MERGEd.
            Dataset<Row> known =
                spark.sql(
                    "SELECT s.* FROM commit_source s LEFT SEMI JOIN existing_commits e"
                        + " ON s.repo_id = e.repo_id AND s.sha = e.sha");
            Dataset<Row> fresh =
                spark.sql(
                    "SELECT s.* FROM commit_source s LEFT ANTI JOIN existing_commits e"
                        + " ON s.repo_id = e.repo_id AND s.sha = e.sha");
            commitRows[0] =
                writes.append(DeltaTables.COMMITS, ":insert", fresh)
                    + writes.upsert(DeltaTables.COMMITS, known, List.of("repo_id", "sha"), null);
          });
    }
    Concurrently.run(!full, cleanWrites);
    CrashPoint.maybeHalt("clean-files");
    CrashPoint.maybeHalt("clean-commits");
    stages.end("clean");

    // Gold layer: the weekly grain of the affected user-weeks, then the user grain of their users
    // (everything in a full run).
    writes.read(DeltaTables.COMMITS).createOrReplaceTempView("clean_commits");
    writes.read(DeltaTables.DEPENDENCY_CHANGES).createOrReplaceTempView("clean_dependency_changes");
    if (config.users().isEmpty()) {
      derivedLogins(spark);
    }
    Dataset<Row> affectedWeeks =
        spark
            .sql(
                "SELECT DISTINCT u.user_id, c.week_start FROM "
                    + (full ? "clean_commits" : "commit_source")
                    + " c LATERAL VIEW explode(c.credited_user_ids) u AS user_id")
            .localCheckpoint();
    affectedWeeks.createOrReplaceTempView("affected_weeks");
    Dataset<Row> affectedUsers =
        spark
            .sql(
                "SELECT DISTINCT user_id FROM affected_weeks"
                    + (full ? " UNION SELECT user_id FROM config_users" : ""))
            .localCheckpoint();
    affectedUsers.createOrReplaceTempView("affected_users");
    long affected = affectedUsers.count();
    stages.end("affected");
    Row bounds = spark.sql("SELECT min(week_start), max(week_start) FROM affected_weeks").first();
    String weeks =
        full
            ? "true"
            : bounds.isNullAt(0)
                ? "false"
                : "c.week_start BETWEEN DATE'"
                    + bounds.get(0)
                    + "' AND DATE'"
                    + bounds.get(1)
                    + "'";
    spark
        .sql(GoldLayer.WEEK_CREDITS.replace("${weeks}", weeks))
        .localCheckpoint()
        .createOrReplaceTempView("week_credits");
    stages.end("week-credits");
    spark.sql(GoldLayer.OSS_REPOS).createOrReplaceTempView("oss_repos");
    List<Dataset<Row>> weekRows =
        checkpointed(
            spark,
            !full,
            GoldLayer.USER_WEEKLY_ACTIVITY,
            GoldLayer.USER_WEEKS,
            GoldLayer.USER_WEEK_OSS);
    stages.end("weekly-compute");
    // Replaced: the affected weeks' range (everything in a full run), user first in each file.
    String range = full ? null : weeks.replace("c.week_start", "week_start");
    writes.replaceWeeks(
        affectedWeeks,
        range,
        List.of(
            new DeltaWrites.WeekTable(
                DeltaTables.USER_WEEKLY_ACTIVITY,
                weekRows.get(0),
                List.of("user_id", "week_start", "language")),
            new DeltaWrites.WeekTable(
                DeltaTables.USER_WEEKS, weekRows.get(1), List.of("user_id", "week_start")),
            new DeltaWrites.WeekTable(
                DeltaTables.USER_WEEK_OSS,
                weekRows.get(2),
                List.of("user_id", "week_start", "repo_url"))));
    CrashPoint.maybeHalt("gold");
    stages.end("weekly-write");
    // User grain. When most users are affected (a refresh touching everyone's recent weeks), all
    // users are recomputed (no read of the stored rows); otherwise only the affected users, merged
    // with the others' stored rows. Either way each user table is one overwrite; same rows.
    boolean rewriteUsers = full;
    if (!full) {
      long known = writes.read(DeltaTables.USER_CV_SUMMARY).count();
      if (affected * 2 >= known) {
        rewriteUsers = true;
        spark
            .sql(
                "SELECT user_id FROM delta.`"
                    + lake.delta(DeltaTables.USER_CV_SUMMARY)
                    + "` UNION SELECT user_id FROM affected_users")
            .localCheckpoint()
            .createOrReplaceTempView("affected_users");
      }
    }
    writes
        .read(DeltaTables.USER_WEEKLY_ACTIVITY)
        .createOrReplaceTempView("user_weekly_activity_all");
    writes.read(DeltaTables.USER_WEEKS).createOrReplaceTempView("user_weeks_all");
    writes.read(DeltaTables.USER_WEEK_OSS).createOrReplaceTempView("user_week_oss_all");
    // The user tables combine each user's history (the weeks before a cutoff, aggregated once in
    // _user_history) with the weekly rows since the cutoff. The history is recomputed, with the
    // cutoff moved to the newest weeks, by a full run and by a run whose weeks reach before the
    // cutoff or too far past it; otherwise it is read as it is.
    LocalDate cutoff = full ? null : storedHistoryCutoff(spark, lake, writes);
    LocalDate firstWeek = bounds.isNullAt(0) ? null : bounds.getDate(0).toLocalDate();
    LocalDate lastWeek = bounds.isNullAt(1) ? null : bounds.getDate(1).toLocalDate();
    boolean newHistory =
        cutoff == null
            || (firstWeek != null
                && (firstWeek.isBefore(cutoff)
                    || lastWeek.isAfter(cutoff.plusWeeks(HISTORY_MAX_RECENT_WEEKS))));
    if (newHistory) {
      Row newest = spark.sql("SELECT max(week_start) FROM user_weeks_all").first();
      cutoff =
          newest.isNullAt(0)
              ? NO_WEEKS_CUTOFF
              : newest.getDate(0).toLocalDate().minusWeeks(DeltaWrites.RECENT_WEEKS);
      Dataset<Row> history =
          spark
              .sql(GoldLayer.USER_HISTORY.replace("${before}", cutoff.toString()))
              .localCheckpoint();
      // A file per kind (the kinds the rows hold, none left out): each user query reads its
      // kind's file only (Delta skips the others).
      Dataset<Row> byKind = null;
      for (Row k : history.select("kind").distinct().collectAsList()) {
        String kind = k.getString(0);
        Dataset<Row> rows = history.where(functions.col("kind").equalTo(kind)).coalesce(1);
        byKind = byKind == null ? rows : byKind.union(rows);
      }
      writes.overwrite(DeltaTables.USER_HISTORY, byKind);
      history.createOrReplaceTempView("user_history");
      stages.end("history");
    } else {
      writes.read(DeltaTables.USER_HISTORY).createOrReplaceTempView("user_history");
    }
    String before = cutoff.toString();
    List<Dataset<Row>> userRows =
        checkpointed(
            spark,
            !full,
            GoldLayer.USER_LANGUAGE_STATS.replace("${before}", before),
            GoldLayer.USER_OSS_CONTRIBUTIONS.replace("${before}", before),
            GoldLayer.USER_PACKAGES.replace("${before}", before));
    userRows.get(0).createOrReplaceTempView("user_language_stats_new");
    userRows.get(1).createOrReplaceTempView("user_oss_contributions_new");
    userRows.get(2).createOrReplaceTempView("user_packages_new");
    Dataset<Row> summary = spark.sql(GoldLayer.USER_CV_SUMMARY.replace("${before}", before));
    stages.end("user-compute");

    Dataset<Row> users = spark.table("affected_users");
    boolean rewrite = rewriteUsers;
    var goldWrites = new ArrayList<Runnable>();
    goldWrites.add(
        () ->
            writes.replaceUsers(DeltaTables.USER_LANGUAGE_STATS, userRows.get(0), users, rewrite));
    goldWrites.add(
        () ->
            writes.replaceUsers(
                DeltaTables.USER_OSS_CONTRIBUTIONS, userRows.get(1), users, rewrite));
    goldWrites.add(
        () -> writes.replaceUsers(DeltaTables.USER_PACKAGES, userRows.get(2), users, rewrite));
    goldWrites.add(() -> writes.replaceUsers(DeltaTables.USER_CV_SUMMARY, summary, users, rewrite));
    // repo_status_new holds every repository (stored rows and new raw rows, the newest of each): a
    // few rows per repository, rewritten whole rather than MERGEd (a MERGE costs several jobs).
    List<String> repoFiles = plan.files().get(RawTables.REPOS.name());
    if (full || (repoFiles != null && !repoFiles.isEmpty())) {
      goldWrites.add(() -> writes.overwrite(DeltaTables.REPO_STATUS, repoStatusNew));
    }
    Concurrently.run(!full, goldWrites);
    stages.end("gold");
    CrashPoint.maybeHalt("before-done");
    log.done(plan, transformRunId, writes);
    spark.catalog().clearCache();
    return new Result(
        plan.seq(),
        plan.mode(),
        plan.resumed(),
        plan.fileCount(),
        commitRows[0],
        newFileRows[0],
        affected,
        millisSince(t0),
        stages.millis());
  }

  /**
   * How far past the history's cutoff a run's weeks may reach before the run moves the cutoff
   * (recomputing the history): a refresh then re-aggregates at most a quarter's weekly rows, and a
   * refreshing process recomputes the history about four times a year.
   */
  static final int HISTORY_MAX_RECENT_WEEKS = 13;

  /** The cutoff of a history written when there are no weekly rows (a Monday before any commit). */
  static final LocalDate NO_WEEKS_CUTOFF = LocalDate.of(1970, 1, 5);

  /**
   * The week before which the stored user history aggregates the weekly rows, or null when there is
   * no history of the current layout.
   */
  private static LocalDate storedHistoryCutoff(
      SparkSession spark, LakePaths lake, DeltaWrites writes) {
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, lake.delta(DeltaTables.USER_HISTORY))) {
      return null;
    }
    Dataset<Row> stored = writes.read(DeltaTables.USER_HISTORY);
    // A history of another layout (one written by an earlier version, e.g. with repository ids
    // where the sets now hold their hashes) is recomputed, not combined with rows it cannot meet.
    String layout =
        spark
            .sql(GoldLayer.USER_HISTORY.replace("${before}", NO_WEEKS_CUTOFF.toString()))
            .schema()
            .catalogString();
    if (!stored.schema().catalogString().equals(layout)) {
      return null;
    }
    Row r = stored.where("kind = 'cutoff'").agg(functions.max("history_before")).first();
    return r.isNullAt(0) ? null : r.getDate(0).toLocalDate();
  }

  /**
   * The stored rows, in every repository, of the shas this run touches: those of new commit rows (a
   * sha's rows in other repositories have the same author time, hence the same week: only the files
   * of the new commits' weeks are read), of new retractions, and of all commits of repositories
   * whose facts changed (both rare, and read in full only when there are any). Semi joins with
   * USING put the key first, hence unions by name.
   */
  private static Dataset<Row> existingCommits(SparkSession spark, DeltaWrites writes) {
    Dataset<Row> stored = writes.read(DeltaTables.COMMITS);
    scala.collection.Seq<String> bySha = DeltaWrites.toSeq(List.of("sha"));
    Row weeks =
        spark
            .sql(
                "SELECT CAST(date_trunc('WEEK', min(author_time)) AS DATE),"
                    + " CAST(date_trunc('WEEK', max(author_time)) AS DATE) FROM newest")
            .first();
    Dataset<Row> rows =
        weeks.isNullAt(0)
            ? stored.limit(0)
            : stored
                .where(
                    "week_start BETWEEN DATE'" + weeks.get(0) + "' AND DATE'" + weeks.get(1) + "'")
                .join(spark.table("newest").select("sha"), bySha, "left_semi");
    if (!spark.table("new_retractions").isEmpty()) {
      rows =
          rows.unionByName(
              stored.join(spark.table("new_retractions").select("sha"), bySha, "left_semi"));
    }
    if (!spark.table("changed_repos").isEmpty()) {
      Dataset<Row> shas =
          stored
              .join(
                  spark.table("changed_repos"), DeltaWrites.toSeq(List.of("repo_id")), "left_semi")
              .select("sha");
      rows = rows.unionByName(stored.join(shas, bySha, "left_semi"));
    }
    return rows.dropDuplicates("repo_id", "sha");
  }

  /**
   * The results of independent queries, kept (local checkpoints); computed side by side when {@code
   * together}.
   */
  private static List<Dataset<Row>> checkpointed(
      SparkSession spark, boolean together, String... queries) {
    @SuppressWarnings("unchecked")
    Dataset<Row>[] results = new Dataset[queries.length];
    var steps = new ArrayList<Runnable>();
    for (int i = 0; i < queries.length; i++) {
      int q = i;
      steps.add(() -> results[q] = spark.sql(queries[q]).localCheckpoint());
    }
    Concurrently.run(together, steps);
    return List.of(results);
  }

  private static Dataset<Row> rawView(
      SparkSession spark, LakePaths lake, TableSchema table, List<String> files) {
    StructType schema = SparkSchemas.of(table);
    if (files == null || files.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark
        .read()
        .schema(schema)
        .parquet(files.stream().map(lake::resolve).toArray(String[]::new));
  }

  private static void configViews(SparkSession spark, List<UserConfig> users) {
    var userRows = new ArrayList<Row>();
    var loginRows = new ArrayList<Row>();
    for (UserConfig u : users) {
      userRows.add(RowFactory.create(u.id(), u.name()));
      if (u.github() != null && !u.github().isBlank()) {
        loginRows.add(RowFactory.create(u.id(), u.github().trim().toLowerCase(Locale.ROOT)));
      }
    }
    StructType userSchema =
        new StructType().add("user_id", DataTypes.StringType).add("name", DataTypes.StringType);
    StructType loginSchema =
        new StructType().add("user_id", DataTypes.StringType).add("login", DataTypes.StringType);
    spark.createDataFrame(userRows, userSchema).createOrReplaceTempView("config_users");
    spark.createDataFrame(loginRows, loginSchema).createOrReplaceTempView("user_logins");
  }

  /** Users known only by email: a GitHub noreply email names the user's login. */
  private static void derivedLogins(SparkSession spark) {
    spark
        .udf()
        .register(
            "cs_noreply_login",
            (UDF1<String, String>) Attribution::githubLoginOf,
            DataTypes.StringType);
    spark
        .sql(
            "SELECT DISTINCT user_id, cs_noreply_login(author_email) AS login FROM clean_commits"
                + " WHERE user_id IS NOT NULL AND cs_noreply_login(author_email) IS NOT NULL")
        .createOrReplaceTempView("user_logins");
  }

  /** Wall time of the run's stages, in order. */
  private static final class Stages {
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private long last;

    Stages(long t0) {
      this.last = t0;
    }

    void end(String stage) {
      long now = System.nanoTime();
      millis.put(stage, (now - last) / 1_000_000);
      last = now;
    }

    Map<String, Long> millis() {
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(millis));
    }
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
