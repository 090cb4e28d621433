package dev.commitstats.spark;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.RawTables;
import dev.commitstats.model.TableSchema;
import dev.commitstats.model.config.CommitStatsConfig;
import dev.commitstats.model.config.UserConfig;
import dev.commitstats.runtime.CrashPoints;
import dev.commitstats.spark.gold.OssRepos;
import dev.commitstats.spark.gold.UserCvSummary;
import dev.commitstats.spark.gold.UserDays;
import dev.commitstats.spark.gold.UserDigests;
import dev.commitstats.spark.gold.UserGrain;
import dev.commitstats.spark.gold.UserHistory;
import dev.commitstats.spark.gold.UserLanguageStats;
import dev.commitstats.spark.gold.UserOssContributions;
import dev.commitstats.spark.gold.UserPackages;
import dev.commitstats.spark.gold.UserWeekOss;
import dev.commitstats.spark.gold.UserWeeklyActivity;
import dev.commitstats.spark.gold.UserWeeklyTotals;
import dev.commitstats.spark.gold.WeekCredits;
import dev.commitstats.spark.gold.WeekCredits.WeekRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One run of the transform, as named steps that pass typed results ({@link #run()} reads as its
 * table of contents). A first run, or a run after the users or rules changed, is full: every table
 * is rewritten from all raw files. Later runs are incremental: the commits of new files are merged
 * into the clean layer, and the gold tables are recomputed only for the users (and user-weeks)
 * whose commits changed. Steps that do not depend on each other run side by side in an incremental
 * run ({@link Concurrently}); a full run keeps them in sequence.
 */
final class Transform {
  private final SparkSession spark;
  private final TransformJob.Settings settings;
  private final LakePaths lake;
  private final CommitStatsConfig config;
  private final Stages stages;

  Transform(SparkSession spark, TransformJob.Settings settings) {
    this.spark = spark;
    this.settings = settings;
    this.lake = new LakePaths(settings.lake(), spark.sparkContext().hadoopConfiguration());
    this.config = settings.config();
    this.stages = new Stages(System.nanoTime());
  }

  /** The raw rows a run consumes, one Dataset per raw table. */
  record RawRows(
      Dataset<Row> commits,
      Dataset<Row> files,
      Dataset<Row> dependencies,
      Dataset<Row> repos,
      Dataset<Row> retracted) {}

  /** Every repository's newest status, and the repositories whose facts changed. */
  record Repos(Dataset<Row> status, Dataset<Row> changed) {}

  /** The clean rows of a run, before they are written. */
  record CleanRows(
      Dataset<Row> newest,
      Dataset<Row> newRetractions,
      Dataset<Row> existingCommits,
      Dataset<Row> commitSource,
      Dataset<Row> fileRows,
      Dataset<Row> dependencyRows) {}

  /** Rows the clean writes merged or appended. */
  record CleanCounts(long commitRows, long newFileRows) {}

  /**
   * The user-weeks and users a run recomputes, and the range of those weeks; {@code everyUser} when
   * the users are all users (the user tables are then rewritten whole).
   */
  record Affected(
      Dataset<Row> weeks, Dataset<Row> users, long userCount, WeekRange range, boolean everyUser) {}

  /** The config's users and their GitHub logins. */
  record Users(Dataset<Row> config, Dataset<Row> logins) {}

  /** The recomputed rows of the user tables. */
  record UserRows(
      Dataset<Row> languageStats,
      Dataset<Row> ossContributions,
      Dataset<Row> packages,
      Dataset<Row> summary,
      Dataset<Row> digests) {}

  TransformJob.Result run() {
    if (!lake.rawExists()) {
      throw TransformErrors.noRawLayer(settings.lake());
    }
    RunLog log = new RunLog(spark, lake);
    RunLog.Plan plan = plan(log);
    if (plan == null) {
      return TransformJob.Result.nothingNew(stages.sinceStart(), quarantined);
    }
    String runId = newRunId();
    DeltaWrites writes = new DeltaWrites(spark, lake, plan.seq());
    stages.end("plan");
    log.planned(plan, runId, writes);
    CrashPoints.reached("transform.planned");

    registerUdfs();
    RawRows raw = readRaw(plan);
    Users users = configUsers();
    Repos repos = repos(writes, raw, plan.full());
    stages.end("repos");
    CleanRows clean = cleanRows(writes, raw, repos, plan.full());
    CleanCounts counts = writeClean(writes, clean, plan.full());
    CrashPoints.reached("transform.clean-files");
    CrashPoints.reached("transform.clean-commits");
    stages.end("clean");

    Dataset<Row> cleanCommits = writes.read(DeltaTables.COMMITS);
    Dataset<Row> cleanDependencies = writes.read(DeltaTables.DEPENDENCY_CHANGES);
    if (config.users().isEmpty()) {
      users = new Users(users.config(), derivedLogins(cleanCommits));
    }
    Affected affected = affected(cleanCommits, clean.commitSource(), users, plan.full());
    stages.end("affected");
    writeWeeks(writes, weekly(cleanCommits, affected, repos, users, plan.full()), affected);
    CrashPoints.reached("transform.gold");
    stages.end("weekly-write");

    affected = usersToRecompute(writes, affected, plan.full());
    UserGrain.Inputs grain =
        userGrain(writes, cleanCommits, cleanDependencies, affected, plan.full());
    UserRows userRows = userTables(writes, grain, users, repos, affected, plan.full());
    stages.end("user-compute");
    writeUsers(writes, userRows, repos, affected, plan);
    stages.end("gold");
    CrashPoints.reached("transform.before-done");
    log.done(plan, runId, writes);
    spark.catalog().clearCache();
    return new TransformJob.Result(
        plan.seq(),
        plan.mode(),
        plan.resumed(),
        plan.fileCount(),
        counts.commitRows(),
        counts.newFileRows(),
        affected.userCount(),
        stages.sinceStart(),
        stages.millis(),
        quarantined.stream().map(RunLog.Quarantined::line).toList());
  }

  /** The run's plan: the raw files it consumes (null when there is nothing new). */
  private RunLog.Plan plan(RunLog log) {
    RunLog.Plan plan =
        log.plan(
            TransformJob.fingerprint(config),
            settings.full(),
            listed(lake),
            new DeltaWrites(spark, lake, 0));
    return plan == null || plan.resumed() ? plan : withoutUnreadable(log, plan);
  }

  /** Raw files this run left out because they cannot be read, with why. */
  private List<RunLog.Quarantined> quarantined = List.of();

  /**
   * The plan without the ingest batches of raw files that cannot be read (a truncated copy, a bad
   * disk): those files are noted in the run log (path, size, time, error), stay where they are and
   * are tried again by every later run; the rest of the lake is transformed. A batch waits whole,
   * like a batch still being published: its file rows without its commits (or the reverse) would
   * join with nothing. (A resumed run's plan was checked when it was made.)
   */
  private RunLog.Plan withoutUnreadable(RunLog log, RunLog.Plan plan) {
    var bad = new ArrayList<RunLog.Quarantined>();
    var badBatches = new java.util.HashSet<String>();
    for (TableSchema t : RAW_INPUTS) {
      for (String f : plan.files().getOrDefault(t.name(), List.of())) {
        String detail = lake.quarantineDetail(f);
        if (detail != null) {
          bad.add(new RunLog.Quarantined(t.name(), f, detail));
          badBatches.add(batch(t, f));
        }
      }
    }
    if (bad.isEmpty()) {
      return plan;
    }
    log.quarantined(
        plan.seq(), plan.mode(), plan.fingerprint(), bad, new DeltaWrites(spark, lake, plan.seq()));
    quarantined = bad;
    var kept = new LinkedHashMap<String, List<String>>();
    int n = 0;
    for (TableSchema t : RAW_INPUTS) {
      List<String> files =
          plan.files().getOrDefault(t.name(), List.of()).stream()
              .filter(f -> !badBatches.contains(batch(t, f)))
              .toList();
      kept.put(t.name(), files);
      n += files.size();
    }
    return n == 0
        ? null
        : new RunLog.Plan(plan.seq(), plan.mode(), false, plan.fingerprint(), kept);
  }

  /** Every published raw file a run may consume, by raw table, incomplete batches left out. */
  static Map<String, List<String>> listed(LakePaths lake) {
    var listed = new LinkedHashMap<String, List<String>>();
    for (TableSchema t : RAW_INPUTS) {
      listed.put(t.name(), lake.rawFiles(t));
    }
    deferIncompleteBatches(listed);
    return listed;
  }

  /**
   * Leaves out the file and dependency rows of ingest batches whose commits file is not published
   * yet: ingest publishes a batch's files one by one, its commits last, and a run that took a
   * batch's file rows without its commits would join them with nothing (and the next run would take
   * the commits without their rows). Such files wait for a later run; commits files are listed
   * first, so a batch whose commits a run sees has all its other files listed too.
   */
  private static void deferIncompleteBatches(Map<String, List<String>> listed) {
    var commitBatches = new java.util.HashSet<String>();
    for (String f : listed.get(RawTables.COMMITS.name())) {
      commitBatches.add(batch(RawTables.COMMITS, f));
    }
    for (TableSchema t : List.of(RawTables.FILE_CHANGES, RawTables.DEPENDENCY_CHANGES)) {
      listed.put(
          t.name(),
          listed.get(t.name()).stream().filter(f -> commitBatches.contains(batch(t, f))).toList());
    }
  }

  /**
   * The batch a raw file belongs to: its path under the table's folder ({@code
   * repo_id=<id>/<batch>.parquet} as ingest writes it), or the folder of a Spark part file.
   */
  static String batch(TableSchema table, String file) {
    String dir = dev.commitstats.model.LakeLayout.rawTable(table) + "/";
    String rel = file.startsWith(dir) ? file.substring(dir.length()) : file;
    int slash = rel.lastIndexOf('/');
    return slash > 0 && rel.startsWith("part-", slash + 1) ? rel.substring(0, slash) : rel;
  }

  /** The raw tables a run reads, in the order of {@link RawRows}. */
  static final List<TableSchema> RAW_INPUTS =
      List.of(
          RawTables.COMMITS,
          RawTables.FILE_CHANGES,
          RawTables.DEPENDENCY_CHANGES,
          RawTables.REPOS,
          RawTables.RETRACTED_COMMITS);

  private static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now())
        + "-"
        + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  /** {@code cs_user(email)}: the user an author email belongs to (the config's attribution). */
  private void registerUdfs() {
    Attribution attribution = new Attribution(config.users());
    spark
        .udf()
        .register("cs_user", (UDF1<String, String>) attribution::userFor, DataTypes.StringType);
  }

  private RawRows readRaw(RunLog.Plan plan) {
    List<Dataset<Row>> rows =
        RAW_INPUTS.stream().map(t -> rawRows(t, plan.files().get(t.name()))).toList();
    return new RawRows(rows.get(0), rows.get(1), rows.get(2), rows.get(3), rows.get(4));
  }

  private Dataset<Row> rawRows(TableSchema table, List<String> files) {
    StructType schema = SparkSchemas.of(table);
    if (files == null || files.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark
        .read()
        .schema(schema)
        .parquet(files.stream().map(lake::resolve).toArray(String[]::new));
  }

  private Users configUsers() {
    var userRows = new ArrayList<Row>();
    var loginRows = new ArrayList<Row>();
    for (UserConfig u : config.users()) {
      userRows.add(RowFactory.create(u.id(), u.name()));
      if (u.github() != null && !u.github().isBlank()) {
        loginRows.add(RowFactory.create(u.id(), u.github().trim().toLowerCase(Locale.ROOT)));
      }
    }
    StructType userSchema =
        new StructType().add("user_id", DataTypes.StringType).add("name", DataTypes.StringType);
    StructType loginSchema =
        new StructType().add("user_id", DataTypes.StringType).add("login", DataTypes.StringType);
    return new Users(
        spark.createDataFrame(userRows, userSchema), spark.createDataFrame(loginRows, loginSchema));
  }

  /** Users known only by email: a GitHub noreply email names the user's login. */
  private Dataset<Row> derivedLogins(Dataset<Row> cleanCommits) {
    spark
        .udf()
        .register(
            "cs_noreply_login",
            (UDF1<String, String>) Attribution::githubLoginOf,
            DataTypes.StringType);
    return Sql.of(
            "SELECT DISTINCT user_id, cs_noreply_login(author_email) AS login FROM clean_commits"
                + " WHERE user_id IS NOT NULL AND cs_noreply_login(author_email) IS NOT NULL")
        .with("clean_commits", cleanCommits)
        .run(spark);
  }

  /** Repositories: the latest status of each; those whose facts changed re-rank their commits. */
  private Repos repos(DeltaWrites writes, RawRows raw, boolean full) {
    Dataset<Row> existing =
        full
            ? spark.createDataFrame(List.of(), SparkSchemas.of(RawTables.REPOS))
            : writes.read(DeltaTables.REPO_STATUS);
    Dataset<Row> status =
        Sql.of(CleanLayer.REPO_STATUS_NEW)
            .with("existing_repo_status", existing)
            .with("new_repos_raw", raw.repos())
            .run(spark)
            .localCheckpoint();
    Dataset<Row> changed =
        Sql.of(CleanLayer.CHANGED_REPOS)
            .with("repo_status_new", status)
            .with("existing_repo_status", existing)
            .run(spark);
    return new Repos(status, changed);
  }

  /** The clean rows: new commit rows merged with the stored rows of the shas they touch. */
  private CleanRows cleanRows(DeltaWrites writes, RawRows raw, Repos repos, boolean full) {
    Dataset<Row> newest =
        Sql.of(CleanLayer.NEWEST).with("new_commits_raw", raw.commits()).run(spark);
    Dataset<Row> oldest =
        Sql.of(CleanLayer.OLDEST).with("new_commits_raw", raw.commits()).run(spark);
    // The new file rows feed the languages, the file rows and the dependency rows: an incremental
    // run keeps them (a full run's are the whole raw layer, read once per use instead).
    Dataset<Row> newFiles =
        Sql.of(CleanLayer.NEW_FILES)
            .with("new_files_raw", raw.files())
            .with("oldest", oldest)
            .with("language_names", LanguageTable.names(spark))
            .run(spark);
    if (!full) {
      newFiles = newFiles.localCheckpoint();
    }
    Dataset<Row> newLanguages =
        Sql.of(CleanLayer.NEW_LANGUAGES).with("new_files", newFiles).run(spark);
    Dataset<Row> newRows =
        Sql.of(CleanLayer.NEW_ROWS)
            .with("newest", newest)
            .with("new_languages", newLanguages)
            .bind("bulk_lines", config.transform().bulkCommitLines())
            .run(spark)
            .localCheckpoint();
    stages.end("new-rows");
    Dataset<Row> newRetractions =
        Sql.of(CleanLayer.NEW_RETRACTIONS).with("new_retracted_raw", raw.retracted()).run(spark);
    Dataset<Row> existing =
        full
            ? Sql.of(
                    "SELECT "
                        + String.join(", ", CleanLayer.FACT_COLUMNS)
                        + ", CAST(NULL AS STRING) AS retracted_run_id FROM new_rows WHERE false")
                .with("new_rows", newRows)
                .run(spark)
            : existingCommits(writes, newest, newRetractions, repos.changed()).localCheckpoint();
    Dataset<Row> commitSource =
        Sql.of(CleanLayer.UPSERT_SOURCE)
            .with("new_rows", newRows)
            .with("existing_commits", existing)
            .with("new_retractions", newRetractions)
            .with("repo_status_new", repos.status())
            .bind("count_bulk_lines", config.transform().countBulkLines())
            .run(spark)
            .localCheckpoint();
    stages.end("commit-source");
    Dataset<Row> fileRows =
        Sql.of(CleanLayer.FILE_ROWS)
            .with("new_files", newFiles)
            .with("new_rows", newRows)
            .with("existing_commits", existing)
            .run(spark);
    Dataset<Row> depRows =
        Sql.of(CleanLayer.DEPENDENCY_ROWS)
            .with("new_deps_raw", raw.dependencies())
            .with("oldest", oldest)
            .with("new_rows", newRows)
            .with("new_files", newFiles)
            .with("existing_commits", existing)
            .run(spark);
    return new CleanRows(newest, newRetractions, existing, commitSource, fileRows, depRows);
  }

  /**
   * The stored rows, in every repository, of the shas this run touches: those of new commit rows (a
   * sha's rows in other repositories have the same author time, hence the same week: only the files
   * of the new commits' weeks are read), of new retractions, and of all commits of repositories
   * whose facts changed (both rare, and read in full only when there are any). Semi joins with
   * USING put the key first, hence unions by name.
   */
  private Dataset<Row> existingCommits(
      DeltaWrites writes, Dataset<Row> newest, Dataset<Row> newRetractions, Dataset<Row> changed) {
    Dataset<Row> stored = writes.read(DeltaTables.COMMITS);
    scala.collection.Seq<String> bySha = DeltaWrites.toSeq(List.of("sha"));
    Row weeks =
        newest
            .agg(functions.min("author_time").as("lo"), functions.max("author_time").as("hi"))
            .selectExpr(
                "CAST(date_trunc('WEEK', lo) AS DATE)", "CAST(date_trunc('WEEK', hi) AS DATE)")
            .first();
    Dataset<Row> rows =
        weeks.isNullAt(0)
            ? stored.limit(0)
            : stored
                .where(
                    functions
                        .col("week_start")
                        .between(
                            functions.lit(weeks.getDate(0).toLocalDate()),
                            functions.lit(weeks.getDate(1).toLocalDate())))
                .join(newest.select("sha"), bySha, "left_semi");
    if (!newRetractions.isEmpty()) {
      rows = rows.unionByName(stored.join(newRetractions.select("sha"), bySha, "left_semi"));
    }
    if (!changed.isEmpty()) {
      Dataset<Row> shas =
          stored.join(changed, DeltaWrites.toSeq(List.of("repo_id")), "left_semi").select("sha");
      rows = rows.unionByName(stored.join(shas, bySha, "left_semi"));
    }
    return rows.dropDuplicates("repo_id", "sha");
  }

  /** The clean tables: side by side in an incremental run, one after the other in a full run. */
  private CleanCounts writeClean(DeltaWrites writes, CleanRows clean, boolean full) {
    long[] commitRows = {0};
    long[] newFileRows = {0};
    var steps = new ArrayList<Runnable>();
    Dataset<Row> source = clean.commitSource();
    if (full) {
      steps.add(
          () -> {
            writes.overwrite(DeltaTables.FILE_CHANGES, clean.fileRows());
            newFileRows[0] = writes.read(DeltaTables.FILE_CHANGES).count();
          });
      steps.add(() -> writes.overwrite(DeltaTables.DEPENDENCY_CHANGES, clean.dependencyRows()));
      steps.add(
          () -> {
            commitRows[0] = source.count();
            // Files by week: incremental runs read only the files of the weeks they recompute.
            writes.overwrite(
                DeltaTables.COMMITS,
                source.repartitionByRange(
                    (int) Math.max(1, Math.min(400, commitRows[0] / 100_000)),
                    functions.col("week_start")));
          });
    } else {
      // New keys are appended (once per run number); only rows that exist are MERGEd.
      Dataset<Row> known = keyed(source, clean.existingCommits(), "LEFT SEMI");
      Dataset<Row> fresh = keyed(source, clean.existingCommits(), "LEFT ANTI");
      steps.add(() -> newFileRows[0] = writes.append(DeltaTables.FILE_CHANGES, clean.fileRows()));
      steps.add(() -> writes.append(DeltaTables.DEPENDENCY_CHANGES, clean.dependencyRows()));
      steps.add(
          () ->
              commitRows[0] =
                  writes.append(DeltaTables.COMMITS, ":insert", fresh)
                      + writes.upsert(
                          DeltaTables.COMMITS,
                          known,
                          DeltaTables.schema(DeltaTables.COMMITS).key(),
                          null));
    }
    Concurrently.run(!full, steps);
    return new CleanCounts(commitRows[0], newFileRows[0]);
  }

  /**
   * The rows of {@code source} whose (repo_id, sha) is ({@code SEMI}) or is not in {@code keys}.
   */
  private Dataset<Row> keyed(Dataset<Row> source, Dataset<Row> keys, String join) {
    return Sql.of(
            "SELECT s.* FROM commit_source s "
                + join
                + " JOIN existing_commits e ON s.repo_id = e.repo_id AND s.sha = e.sha")
        .with("commit_source", source)
        .with("existing_commits", keys)
        .run(spark);
  }

  /**
   * The user-weeks this run recomputes (everything in a full run: every week of every user,
   * including the config's users without commits) and their week range.
   */
  private Affected affected(
      Dataset<Row> cleanCommits, Dataset<Row> commitSource, Users users, boolean full) {
    Dataset<Row> weeks =
        Sql.of(
                "SELECT DISTINCT u.user_id, c.week_start FROM commits c"
                    + " LATERAL VIEW explode(c.credited_user_ids) u AS user_id")
            .with("commits", full ? cleanCommits : commitSource)
            .run(spark)
            .localCheckpoint();
    Sql userSql =
        Sql.of(
                "SELECT DISTINCT user_id FROM affected_weeks"
                    + (full ? " UNION SELECT user_id FROM config_users" : ""))
            .with("affected_weeks", weeks);
    Dataset<Row> affectedUsers =
        (full ? userSql.with("config_users", users.config()) : userSql)
            .run(spark)
            .localCheckpoint();
    long count = affectedUsers.count();
    Row bounds = weeks.agg(functions.min("week_start"), functions.max("week_start")).first();
    WeekRange range =
        full
            ? WeekRange.everyWeek()
            : WeekRange.between(
                bounds.isNullAt(0) ? null : bounds.getDate(0).toLocalDate(),
                bounds.isNullAt(1) ? null : bounds.getDate(1).toLocalDate());
    return new Affected(weeks, affectedUsers, count, range, full);
  }

  /** The weekly grain of the affected user-weeks, computed side by side in an incremental run. */
  private List<DeltaWrites.WeekTable> weekly(
      Dataset<Row> cleanCommits, Affected affected, Repos repos, Users users, boolean full) {
    Dataset<Row> credits =
        WeekCredits.compute(spark, cleanCommits, affected.weeks(), affected.range())
            .localCheckpoint();
    stages.end("week-credits");
    Dataset<Row> ossRepos = OssRepos.compute(spark, repos.status());
    List<Dataset<Row>> rows =
        checkpointed(
            !full,
            List.of(
                UserWeeklyActivity.compute(spark, credits),
                UserWeeklyTotals.compute(spark, credits),
                UserWeekOss.compute(spark, credits, ossRepos, users.logins()),
                UserDays.compute(spark, credits)));
    stages.end("weekly-compute");
    return List.of(
        UserWeeklyActivity.write(rows.get(0)),
        UserWeeklyTotals.write(rows.get(1)),
        UserWeekOss.write(rows.get(2)),
        UserDays.write(rows.get(3)));
  }

  /** Replaced: the affected weeks' range (everything in a full run), user first in each file. */
  private void writeWeeks(DeltaWrites writes, List<DeltaWrites.WeekTable> tables, Affected a) {
    writes.replaceWeeks(a.weeks(), a.range().all() ? null : a.range().predicate(), tables);
  }

  /**
   * The users whose rows the user tables recompute. When most users are affected (a refresh
   * touching everyone's recent weeks), all users are recomputed (no read of the stored rows);
   * otherwise only the affected users, merged with the others' stored rows. Either way each user
   * table is one overwrite; same rows.
   */
  private Affected usersToRecompute(DeltaWrites writes, Affected affected, boolean full) {
    if (full) {
      return affected;
    }
    long known = writes.read(DeltaTables.USER_CV_SUMMARY).count();
    if (affected.userCount() * 2 < known) {
      return affected;
    }
    Dataset<Row> all =
        Sql.of("SELECT user_id FROM stored UNION SELECT user_id FROM affected_users")
            .with("stored", writes.read(DeltaTables.USER_CV_SUMMARY).select("user_id"))
            .with("affected_users", affected.users())
            .run(spark)
            .localCheckpoint();
    return new Affected(affected.weeks(), all, affected.userCount(), affected.range(), true);
  }

  /**
   * The user grain's inputs: the weekly tables after this run's update, and each user's history
   * (the weeks before a cutoff, aggregated once in {@code _user_history}). The history is
   * recomputed, with the cutoff moved to the newest weeks, by a full run and by a run whose weeks
   * reach before the cutoff or too far past it; otherwise it is read as it is.
   */
  private UserGrain.Inputs userGrain(
      DeltaWrites writes,
      Dataset<Row> cleanCommits,
      Dataset<Row> cleanDependencies,
      Affected affected,
      boolean full) {
    Dataset<Row> weeklyActivity = writes.read(DeltaTables.USER_WEEKLY_ACTIVITY);
    Dataset<Row> weeklyTotals = writes.read(DeltaTables.USER_WEEKS);
    Dataset<Row> weekOss = writes.read(DeltaTables.USER_WEEK_OSS);
    var base =
        new UserGrain.Inputs(
            weeklyActivity,
            weeklyTotals,
            weekOss,
            cleanCommits,
            cleanDependencies,
            null,
            null,
            UserHistory.NO_WEEKS_CUTOFF);
    LocalDate cutoff = full ? null : storedHistoryCutoff(writes, base);
    LocalDate firstWeek = affected.range().first();
    LocalDate lastWeek = affected.range().last();
    boolean newHistory =
        cutoff == null
            || (firstWeek != null
                && (firstWeek.isBefore(cutoff)
                    || lastWeek.isAfter(cutoff.plusWeeks(UserHistory.MAX_RECENT_WEEKS))));
    Dataset<Row> history;
    if (newHistory) {
      Row newest = weeklyTotals.agg(functions.max("week_start")).first();
      cutoff =
          newest.isNullAt(0)
              ? UserHistory.NO_WEEKS_CUTOFF
              : newest.getDate(0).toLocalDate().minusWeeks(DeltaWrites.RECENT_WEEKS);
      history = UserHistory.compute(spark, base.withCutoff(cutoff)).localCheckpoint();
      UserHistory.write(writes, history);
      stages.end("history");
    } else {
      history = writes.read(DeltaTables.USER_HISTORY);
    }
    return base.withCutoff(cutoff).withUsers(history, affected.users());
  }

  /**
   * The week before which the stored user history aggregates the weekly rows, or null when there is
   * no history of the current layout.
   */
  private LocalDate storedHistoryCutoff(DeltaWrites writes, UserGrain.Inputs in) {
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, lake.delta(DeltaTables.USER_HISTORY))) {
      return null;
    }
    Dataset<Row> stored = writes.read(DeltaTables.USER_HISTORY);
    // A history of another layout (one written by an earlier version, e.g. with repository ids
    // where the sets now hold their hashes) is recomputed, not combined with rows it cannot meet.
    String layout = UserHistory.compute(spark, in).schema().catalogString();
    if (!stored.schema().catalogString().equals(layout)) {
      return null;
    }
    Row r = stored.where("kind = 'cutoff'").agg(functions.max("history_before")).first();
    return r.isNullAt(0) ? null : r.getDate(0).toLocalDate();
  }

  /**
   * The user tables of the affected users: three side by side, then the summary and the digests
   * over them.
   */
  private UserRows userTables(
      DeltaWrites writes,
      UserGrain.Inputs in,
      Users users,
      Repos repos,
      Affected affected,
      boolean full) {
    List<Dataset<Row>> rows =
        checkpointed(
            !full,
            List.of(
                UserLanguageStats.compute(spark, in),
                UserOssContributions.compute(spark, in),
                UserPackages.compute(spark, in)));
    Dataset<Row> summary =
        UserCvSummary.compute(
            spark, in, rows.get(0), rows.get(2), rows.get(1), users.config(), repos.status());
    Dataset<Row> digests =
        UserDigests.compute(
            spark,
            writes.read(DeltaTables.USER_DAYS),
            affected.users(),
            rows.get(0),
            rows.get(2),
            rows.get(1));
    return new UserRows(rows.get(0), rows.get(1), rows.get(2), summary, digests);
  }

  /**
   * The user tables and {@code repo_status}: side by side in an incremental run. {@code
   * repo_status} holds every repository (stored rows and new raw rows, the newest of each): a few
   * rows per repository, rewritten whole rather than MERGEd (a MERGE costs several jobs), when the
   * run read new {@code raw/repos} files.
   */
  private void writeUsers(
      DeltaWrites writes, UserRows rows, Repos repos, Affected affected, RunLog.Plan plan) {
    boolean rewrite = affected.everyUser();
    Dataset<Row> users = affected.users();
    var steps = new ArrayList<Runnable>();
    steps.add(() -> UserLanguageStats.write(writes, rows.languageStats(), users, rewrite));
    steps.add(() -> UserOssContributions.write(writes, rows.ossContributions(), users, rewrite));
    steps.add(() -> UserPackages.write(writes, rows.packages(), users, rewrite));
    steps.add(() -> UserCvSummary.write(writes, rows.summary(), users, rewrite));
    steps.add(() -> UserDigests.write(writes, rows.digests(), users, rewrite));
    List<String> repoFiles = plan.files().get(RawTables.REPOS.name());
    if (plan.full() || (repoFiles != null && !repoFiles.isEmpty())) {
      steps.add(() -> writes.overwrite(DeltaTables.REPO_STATUS, repos.status()));
    }
    Concurrently.run(!plan.full(), steps);
  }

  /**
   * The results of independent queries, kept (local checkpoints); computed side by side when {@code
   * together}. The queries are analyzed before (by their callers, on this thread).
   */
  private static List<Dataset<Row>> checkpointed(boolean together, List<Dataset<Row>> queries) {
    @SuppressWarnings("unchecked")
    Dataset<Row>[] results = new Dataset[queries.size()];
    var steps = new ArrayList<Runnable>();
    for (int i = 0; i < queries.size(); i++) {
      int q = i;
      steps.add(() -> results[q] = queries.get(q).localCheckpoint());
    }
    Concurrently.run(together, steps);
    return List.of(results);
  }

  /** Wall time of the run's stages, in order. */
  private static final class Stages {
    private final long start;
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private long last;

    Stages(long t0) {
      this.start = t0;
      this.last = t0;
    }

    void end(String stage) {
      long now = System.nanoTime();
      millis.put(stage, (now - last) / 1_000_000);
      last = now;
    }

    long sinceStart() {
      return (System.nanoTime() - start) / 1_000_000;
    }

    Map<String, Long> millis() {
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(millis));
    }
  }
}
