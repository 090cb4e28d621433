package dev.commitstats.ingest.spark;

import dev.commitstats.ingest.classify.ExtensionClassifier;
import dev.commitstats.ingest.git.RepoOpener;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.ingest.lake.RepoStatusRow;
import dev.commitstats.ingest.run.CostModel;
import dev.commitstats.ingest.run.DistributedIngest;
import dev.commitstats.ingest.run.IngestRun;
import dev.commitstats.ingest.run.RepoRanges;
import dev.commitstats.ingest.run.RepoWorker;
import dev.commitstats.lake.Lake;
import dev.commitstats.runtime.Secrets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest spread over Spark executors. The driver holds the lake's ingest lock for the whole run
 * (one ingest at a time, as in one process), plans, and publishes raw/repos and the run marker;
 * tasks ingest whole repositories with the single-process protocol (files named after the run, then
 * the repository's state), each repository in exactly one task at a time.
 *
 * <ol>
 *   <li>Stage 1, one task per repository, the largest expected cost first ({@link CostModel}): a
 *       task ingests its repository whole, or, when the walk has more than {@code --split-commits}
 *       commits, returns the walk's plan cut in ranges.
 *   <li>Stage 2, one task per range of the split repositories: each publishes its range's files
 *       (uncommitted); the driver then commits each repository whose ranges all succeeded with one
 *       state write. A range that failed leaves files no state lists: the next run deletes them.
 * </ol>
 *
 * Tokens reach the executors in a broadcast (never in a task's closure, description or result) and
 * are registered for redaction there as they are read.
 */
public final class SparkIngest implements DistributedIngest {
  private static final Logger LOG = LoggerFactory.getLogger(SparkIngest.class);

  /** Attempts per task when {@code local[N]} does not say: a cluster's default. */
  static final int LOCAL_MAX_FAILURES = 4;

  @Override
  public IngestRun.Result run(
      Lake lake, List<RepoSource> sources, List<RepoStatusRow> rejected, Settings settings)
      throws IOException {
    String runId = IngestRun.newRunId();
    try (AutoCloseable lock = lake.lock()) {
      IngestRun.prepare(lake);
      long t0 = System.nanoTime();
      var estimates = CostModel.estimate(lake, sources, settings.cacheDir());
      var units = new ArrayList<IngestTasks.Unit>();
      for (int i = 0; i < sources.size(); i++) {
        units.add(new IngestTasks.Unit(i, sources.get(i).spec(), estimates.get(i).millis()));
      }
      units.sort(Comparator.comparingLong(IngestTasks.Unit::cost).reversed());
      long planMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "distributed ingest %s: %d repositories planned in %d ms, the largest first (expected"
              + " %d ms) on %s%n",
          runId,
          units.size(),
          planMs,
          units.isEmpty() ? 0 : units.get(0).cost(),
          settings.master());
      var tokens = new IngestTasks.Tokens();
      for (RepoSource s : sources) {
        s.credentials().ifPresent(c -> tokens.put(s.repoId(), c));
      }
      var task =
          new IngestTasks.Settings(
              lake.location(),
              settings.cacheDir().toString(),
              runId,
              settings.batchCommits(),
              settings.splitCommits(),
              settings.taskThreads());
      Map<String, RepoStatusRow> rows = new HashMap<>();
      if (!units.isEmpty()) {
        SparkSession spark = session(settings.master());
        try {
          var jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
          Broadcast<IngestTasks.Tokens> shared = jsc.broadcast(tokens);
          ingest(jsc, shared, task, units, sources, lake, rows);
          shared.destroy();
        } finally {
          spark.stop();
        }
      }
      var all = new ArrayList<RepoStatusRow>(rejected);
      for (RepoSource s : sources) {
        all.add(rows.get(s.repoId()));
      }
      return IngestRun.publish(lake, runId, all);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("distributed ingest failed: " + Secrets.describe(e), e);
    }
  }

  private void ingest(
      JavaSparkContext jsc,
      Broadcast<IngestTasks.Tokens> tokens,
      IngestTasks.Settings task,
      List<IngestTasks.Unit> units,
      List<RepoSource> sources,
      Lake lake,
      Map<String, RepoStatusRow> rows)
      throws IOException {
    jsc.setJobGroup("ingest", "ingest " + units.size() + " repositories, the largest first");
    List<IngestTasks.Done> done;
    try {
      done =
          jsc.parallelize(units, units.size())
              .map(u -> IngestTasks.ingest(u, tokens.value(), task))
              .collect();
    } catch (RuntimeException e) {
      // a task failed every attempt (not a repository's error: those are rows): what the tasks
      // published stays consistent, the states say what counts, the next run goes on from there
      String why = failure(e);
      for (var u : units) {
        rows.put(u.spec().repoId(), failedRow(sources.get(u.index()), why));
      }
      return;
    }
    var splits = new ArrayList<IngestTasks.Split>();
    for (var d : done) {
      if (d.outcome().isSplit()) {
        var plan = d.outcome().plan();
        for (var r : plan.ranges()) {
          splits.add(new IngestTasks.Split(d.unit(), plan, r.index(), r.shas().size()));
        }
      } else {
        rows.put(d.unit().spec().repoId(), d.outcome().row());
      }
    }
    if (splits.isEmpty()) {
      return;
    }
    System.out.printf(
        "distributed ingest: %d repositories walked in %d ranges of at most %d commits%n",
        splits.stream().map(x -> x.unit().spec().repoId()).distinct().count(),
        splits.size(),
        task.splitCommits());
    splits.sort(Comparator.comparingLong(IngestTasks.Split::commits).reversed());
    jsc.setJobGroup("ingest-ranges", "walk " + splits.size() + " ranges of large repositories");
    Map<String, List<IngestTasks.RangeDone>> byRepo = new LinkedHashMap<>();
    String stageFailure = null;
    try {
      for (var r :
          jsc.parallelize(splits, splits.size())
              .map(s -> IngestTasks.range(s, tokens.value(), task))
              .collect()) {
        byRepo.computeIfAbsent(r.repoId(), k -> new ArrayList<>()).add(r);
      }
    } catch (RuntimeException e) {
      stageFailure = failure(e);
    }
    try (var driver =
        new RepoWorker(
            lake,
            new RepoOpener(java.nio.file.Path.of(task.cacheDir())),
            new ExtensionClassifier(),
            1,
            task.runId(),
            task.batchCommits())) {
      var plans = new LinkedHashMap<String, IngestTasks.Split>();
      splits.forEach(s -> plans.putIfAbsent(s.unit().spec().repoId(), s));
      for (var e : plans.entrySet()) {
        RepoSource source = sources.get(e.getValue().unit().index());
        var plan = e.getValue().plan();
        var results = byRepo.getOrDefault(e.getKey(), List.of());
        String error =
            stageFailure != null
                ? stageFailure
                : results.stream()
                    .map(IngestTasks.RangeDone::error)
                    .filter(x -> x != null)
                    .findFirst()
                    .orElse(null);
        if (error != null) {
          rows.put(e.getKey(), driver.failedRanges(source, error));
          continue;
        }
        var ordered =
            results.stream()
                .map(IngestTasks.RangeDone::result)
                .sorted(Comparator.comparingInt(RepoRanges.RangeResult::index))
                .toList();
        rows.put(e.getKey(), driver.commitRanges(source, plan, ordered));
      }
    }
  }

  private static String failure(RuntimeException e) {
    String why = Secrets.describe(e);
    LOG.warn("a task of the distributed ingest failed every attempt: {}", why);
    return Secrets.redact(
        "the distributed ingest's task for this repository failed every attempt ("
            + why
            + "); what it published stays uncounted: run ingest again");
  }

  private static RepoStatusRow failedRow(RepoSource source, String message) {
    return RepoStatusRow.of(source).error(message).build();
  }

  /**
   * A session for the ingest: the given local master, or with {@code auto} what the environment
   * configured (Glue). Speculation is off: two attempts of one repository must never run at once.
   */
  static SparkSession session(String master) {
    SparkConf conf = new SparkConf(true);
    var builder =
        SparkSession.builder()
            .appName("commitstats-ingest")
            .config("spark.speculation", "false")
            // one task is one repository: Spark's own retries, no locality waits
            .config("spark.locality.wait", "0s");
    if (!master.equals("auto")) {
      builder.master(withRetries(master));
      if (!conf.contains("spark.ui.enabled")) {
        builder.config("spark.ui.enabled", "false");
      }
      builder
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    } else if (!conf.contains("spark.master")) {
      throw new IllegalArgumentException(
          "--spark-master auto needs a master from the environment (spark.master, as Glue sets"
              + " it); locally give --spark-master local[N]");
    }
    return builder.getOrCreate();
  }

  /** {@code local[N]} retries a failed task like a cluster: {@code local[N,4]}. */
  static String withRetries(String master) {
    var m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)]").matcher(master);
    return m.matches() ? "local[" + m.group(1) + "," + LOCAL_MAX_FAILURES + "]" : master;
  }
}
