package dev.commitstats.spark;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.config.CommitStatsConfig;
import dev.commitstats.model.config.UserConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * The transform job: raw Parquet files not consumed yet become the clean and gold Delta tables (see
 * docs/delta-layer.md). One class for local runs ({@code ./commitstats transform}) and Glue: it
 * parses the arguments, builds the session, and runs {@link Transform} once or every period.
 */
public final class TransformJob {
  /** Bump when the meaning of a table changes: the next run is then a full run. */
  static final String LAYOUT_VERSION = "5";

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
      Map<String, Long> stageMillis,
      List<String> quarantined) {
    /** A run that found nothing new: no table written, these raw files still quarantined. */
    static Result nothingNew(long millis, List<RunLog.Quarantined> quarantined) {
      return new Result(
          -1,
          RunLog.INCREMENTAL,
          false,
          0,
          0,
          0,
          0,
          millis,
          Map.of(),
          quarantined.stream().map(RunLog.Quarantined::line).toList());
    }

    public boolean nothingNew() {
      return runSeq < 0;
    }

    /**
     * The one line that says what to do about quarantined raw files (their batches wait), or null.
     */
    public String quarantineLine() {
      if (quarantined.isEmpty()) {
        return null;
      }
      return "commitstats transform: "
          + quarantined.size()
          + (quarantined.size() == 1 ? " raw file is" : " raw files are")
          + " unreadable and quarantined with "
          + (quarantined.size() == 1 ? "its" : "their")
          + " ingest batch, the rest transformed: "
          + String.join("; ", quarantined)
          + ". Re-run the ingest of that repository (or replace or delete the file); the next run"
          + " retries it (the run log and the status page list it).";
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

  /**
   * The one line a failed run prints: a damaged table's name and repair, or the cause; the full
   * trace goes to a file named here, not to the terminal.
   */
  static String failure(Throwable e, String lake) {
    java.nio.file.Path trace = TransformErrors.traceFile(e);
    String where = trace == null ? "" : " (the full trace: " + trace + ")";
    String damaged = TransformErrors.damagedTable(e, lake);
    if (damaged != null) {
      return damaged + where;
    }
    if (dev.commitstats.runtime.DiskFull.isCause(e)) {
      return TransformErrors.diskFull(lake) + where;
    }
    Throwable store = TransformErrors.objectStoreCause(e);
    if (store != null) {
      return TransformErrors.objectStore(lake, store) + where;
    }
    return "the run failed: " + TransformErrors.firstLine(e) + where + "; the next run resumes it";
  }

  /** The exit status of a run that transformed everything but quarantined raw files. */
  public static final int QUARANTINED_STATUS = 3;

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
        throw TransformErrors.runsWithoutEvery(runs);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("commitstats transform: " + e.getMessage());
      System.exit(2);
      return;
    }
    int threads = a.intValue("local-threads", Runtime.getRuntime().availableProcessors());
    int partitions = a.intValue("shuffle-partitions", Math.max(4, threads * 2));
    Configuration hadoop = SparkSessions.hadoopConfiguration();
    Settings settings;
    try {
      CommitStatsConfig config =
          a.get("config")
              .map(c -> CommitStatsConfig.parse(readText(hadoop, c), c))
              .orElse(CommitStatsConfig.empty());
      settings = new Settings(a.required("lake", "DIR"), config, a.flag("full"));
    } catch (IllegalArgumentException | dev.commitstats.model.config.ConfigException e) {
      System.err.println("commitstats transform: " + e.getMessage());
      System.exit(2);
      return;
    } catch (UncheckedIOException e) {
      System.err.println("commitstats transform: " + failure(e, a.get("lake").orElse("?")));
      System.exit(1);
      return;
    }
    if (Boolean.getBoolean(CLASS_ARCHIVE_TRAINING)) {
      trainClassArchive(settings, hadoop, threads, partitions);
      return;
    }
    if (every == null) {
      // most scheduled runs find nothing new: say so without starting Spark when the log can
      Result quick = nothingNew(settings, hadoop);
      if (quick != null) {
        System.out.println(quick);
        if (quick.quarantineLine() != null) {
          System.err.println(quick.quarantineLine());
          System.exit(QUARANTINED_STATUS);
        }
        return;
      }
    }
    SparkSession spark = SparkSessions.create("commitstats-transform", threads, partitions);
    int status = 0;
    try {
      if (every == null) {
        Result result = transform(spark, settings);
        System.out.println(result);
        if (result.quarantineLine() != null) {
          System.err.println(result.quarantineLine());
          status = QUARANTINED_STATUS;
        }
      } else {
        repeat(spark, settings, every, runs, System.out, System.err);
      }
    } catch (IllegalArgumentException | dev.commitstats.model.config.ConfigException e) {
      System.err.println("commitstats transform: " + e.getMessage());
      status = 2;
    } catch (Exception e) { // Spark's and Delta's: one line here, the trace in a file
      System.err.println("commitstats transform: " + failure(e, a.get("lake").orElse("?")));
      status = 1;
    } finally {
      spark.stop();
    }
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Set by the launcher on the process that writes its class-data sharing archive (see
   * with_class_archive in ./commitstats), which it starts after a run when the archive is missing
   * or older than the jars. That process repeats the run's command line but writes nothing: it
   * loads the classes every run starts with — the check without Spark, then a Spark session and
   * Delta reading the run log and the lake's tables — and ends. A disposable process of its own, so
   * that a JVM failing to write its archive (JDK 17's dynamic dump can crash at exit) costs the
   * archive, never a run.
   */
  static final String CLASS_ARCHIVE_TRAINING = "commitstats.class-archive.training";

  private static void trainClassArchive(
      Settings settings, Configuration hadoop, int threads, int partitions) {
    nothingNew(settings, hadoop);
    SparkSession spark = SparkSessions.create("commitstats-transform", threads, partitions);
    try {
      LakePaths lake = new LakePaths(settings.lake(), spark.sparkContext().hadoopConfiguration());
      for (String table : List.of(DeltaTables.TRANSFORM_RUNS, DeltaTables.COMMITS)) {
        if (io.delta.tables.DeltaTable.isDeltaTable(spark, lake.delta(table))) {
          spark.read().format("delta").load(lake.delta(table)).limit(1000).collectAsList();
        }
      }
    } finally {
      spark.stop();
    }
  }

  /**
   * {@code -Dcommitstats.nothing-new-without-spark=false} leaves every decision to the run (the
   * benchmark's baseline; a way around the check should it ever be wrong).
   */
  static final String NOTHING_NEW_WITHOUT_SPARK = "commitstats.nothing-new-without-spark";

  /**
   * {@link NothingNew#check}, or null when it cannot tell: whatever goes wrong reading the lake
   * without Spark (a store that needs the session's settings, say) is the run's to meet and report.
   */
  static Result nothingNew(Settings settings, Configuration hadoop) {
    if ("false".equals(System.getProperty(NOTHING_NEW_WITHOUT_SPARK))) {
      return null;
    }
    try {
      return NothingNew.check(settings, hadoop);
    } catch (Exception | LinkageError e) {
      // Kernel's and Hadoop's (checked ones among them), or a classpath without what Kernel needs
      org.slf4j.LoggerFactory.getLogger(TransformJob.class)
          .warn(
              "could not tell without Spark whether anything is new ({}); the run decides",
              TransformErrors.firstLine(e));
      return null;
    }
  }

  /**
   * What a refreshing process does when a run has ended early enough to wait for the next one: a
   * full garbage collection, in the idle time. A run leaves its garbage in the old generation
   * (after a full run of the 1M-commit bench lake about 5 GB of a 6.6 GB old generation, which a
   * full collection brought down to 1.3 GB), and the next run would otherwise pay for it in its own
   * time: in the first 1% refresh after such a full run, young collections of 1.5 and 1.8 s (their
   * old generation full of the earlier run's objects) and full ones of 1.3 and 0.6 s.
   *
   * <p>Two of Spark's threads still hold much of a run after it returns: the listener bus, which
   * delivers the run's task and stage events to the status store in its own time (meanwhile holding
   * each stage's task metrics: 400 MB of {@code long[]} right after a refresh of a 10k-commit lake,
   * none 3 s later), and the cleaner, which frees the blocks of broadcasts, shuffles and datasets
   * only after a collection found them unreachable. Both are waited for (the events delivered;
   * storage memory unchanged for half a second; at most 10 s each), then the heap collected again:
   * with one collection and no waiting, the process idled at 300-1,200 MB where 200 MB were live.
   */
  public static void betweenRuns(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (java.util.concurrent.TimeoutException e) {
      // still delivering after 10 s: collect what is free already
    }
    System.gc();
    long deadline = System.nanoTime() + 10_000_000_000L;
    long last = freeStorageMemory(spark);
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - stableSince < 500_000_000L) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = freeStorageMemory(spark);
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
    System.gc();
  }

  /** The storage memory not in use, summed over the block managers (locally: the driver's). */
  private static long freeStorageMemory(SparkSession spark) {
    long free = 0;
    for (scala.Tuple2<Object, Object> m :
        scala.collection.JavaConverters.mapAsJavaMap(spark.sparkContext().getExecutorMemoryStatus())
            .values()) {
      free += (Long) m._2();
    }
    return free;
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
        Result result = run(spark, next);
        out.println(result);
        if (result.quarantineLine() != null) {
          err.println(result.quarantineLine());
        }
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (Exception e) { // Spark's own exceptions are checked ones thrown unchecked
        failed++;
        err.println("commitstats transform: " + failure(e, settings.lake()));
      }
      out.flush();
      next = new Settings(settings.lake(), settings.config(), false);
      if (i < runs && millisSince(start) < every.toMillis()) {
        betweenRuns(spark);
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
      throw TransformErrors.badPeriod(text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  static String readText(Configuration hadoop, String location) {
    try {
      if (!location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
        return java.nio.file.Files.readString(java.nio.file.Path.of(location));
      }
      FileSystem fs = FileSystem.get(URI.create(location), hadoop);
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(location))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      throw TransformErrors.configMissing(location, e);
    } catch (IOException e) {
      throw new UncheckedIOException("config file " + location + " cannot be read", e);
    }
  }

  static String fingerprint(CommitStatsConfig config) {
    // the users as their attribution (the CV curation changes no table: no full run for it)
    var users = config.users().stream().map(UserConfig::attribution).toList();
    return Attribution.sha256Hex(LAYOUT_VERSION + "|" + users + "|" + config.transform());
  }

  /**
   * One run over the lake (see {@link Transform}), or the answer that there is nothing new when the
   * run log says so without Spark ({@link NothingNew}); its checkpoints are freed at its end.
   */
  public static Result run(SparkSession spark, Settings settings) {
    Result quick = nothingNew(settings, spark.sparkContext().hadoopConfiguration());
    return quick != null ? quick : transform(spark, settings);
  }

  /** One run over the lake, its plan made by {@link Transform} alone. */
  static Result transform(SparkSession spark, Settings settings) {
    try {
      return new Transform(spark, settings).run();
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

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
