package dev.commitstats.ingest.run;

import dev.commitstats.ingest.IngestException;
import dev.commitstats.ingest.classify.FileClassifier;
import dev.commitstats.ingest.git.RepoOpener;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.ingest.lake.RawStage;
import dev.commitstats.ingest.lake.RepoStatusRow;
import dev.commitstats.lake.Lake;
import dev.commitstats.model.CollectStatus;
import dev.commitstats.model.LakeLayout;
import dev.commitstats.model.RawTables;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest run over many repositories: each repository on its own (a failure is recorded in
 * raw/repos and the others go on), commit blocks of all of them on one pool of analysis threads.
 */
public final class IngestRun {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRun.class);

  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  /** What a run did: one status row per repository. */
  public record Result(String runId, List<RepoStatusRow> repos) {
    public List<RepoStatusRow> failures() {
      return repos.stream()
          .filter(r -> r.collectStatus().equals(CollectStatus.ERROR.value()))
          .toList();
    }

    public long newCommits() {
      return repos.stream().mapToLong(RepoStatusRow::newCommits).sum();
    }
  }

  private final Lake lake;
  private final RepoOpener opener;
  private final FileClassifier classifier;
  private final int threads;
  private final Progress progress;
  private int batchCommits = DEFAULT_BATCH_COMMITS;

  /** Commits per Parquet file by default: bounds memory, keeps files large. */
  public static final int DEFAULT_BATCH_COMMITS = 250_000;

  public IngestRun(
      Lake lake, RepoOpener opener, FileClassifier classifier, int threads, Progress progress) {
    this.lake = lake;
    this.opener = opener;
    this.classifier = classifier;
    this.threads = Math.max(1, threads);
    this.progress = progress;
  }

  /** Commits staged in memory before they are written out as one Parquet file per table. */
  public IngestRun batchCommits(int commits) {
    if (commits < 1) {
      throw new IllegalArgumentException("--batch-commits must be at least 1, got " + commits);
    }
    this.batchCommits = commits;
    return this;
  }

  /** A new run id: UTC time to the millisecond, sortable, and a random suffix. */
  public static String newRunId() {
    byte[] r = new byte[3];
    ThreadLocalRandom.current().nextBytes(r);
    return RUN_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(r);
  }

  /** Large object caches for reading packs, set once per process (measured on git/git). */
  public static void configureObjectCache() {
    var cfg = new WindowCacheConfig();
    long heap = Runtime.getRuntime().maxMemory();
    cfg.setPackedGitLimit(Math.min(2L << 30, heap / 4));
    cfg.setPackedGitWindowSize(1 << 20);
    cfg.setDeltaBaseCacheLimit((int) Math.min(256L << 20, heap / 16));
    cfg.setStreamFileThreshold((int) Math.min(64L << 20, heap / 32));
    cfg.setPackedGitOpenFiles(256);
    cfg.install();
  }

  /**
   * Ingests every source and writes raw/repos for the run. {@code rejected} are sources that could
   * not even be understood (for example a malformed URL): they are recorded as errors too.
   */
  public Result run(List<RepoSource> sources, List<RepoStatusRow> rejected) throws IOException {
    dev.commitstats.ingest.lake.RawStage.checkEngine();
    String runId = newRunId();
    var rows = new ArrayList<RepoStatusRow>(rejected);
    Result result;
    try (AutoCloseable lock = lake.lock()) {
      LOG.info("ingest run {}: {} repositories into {}", runId, sources.size(), lake.location());
      prepare(lake);
      ExecutorService analysis = Executors.newFixedThreadPool(threads, named("analyze"));
      ExecutorService repos = Executors.newFixedThreadPool(threads, named("repo"));
      try {
        var ingest =
            new RepoIngest(
                lake, opener, classifier, analysis, threads, runId, progress, batchCommits);
        var futures = new ArrayList<Future<RepoStatusRow>>();
        for (RepoSource s : sources) {
          futures.add(
              repos.submit(
                  () -> {
                    try {
                      return ingest.ingest(s);
                    } finally {
                      progress.repoDone();
                    }
                  }));
        }
        for (var f : futures) {
          rows.add(f.get());
        }
      } finally {
        repos.shutdownNow();
        analysis.shutdownNow();
      }
      result = publish(lake, runId, rows);
    } catch (IOException e) {
      if (dev.commitstats.runtime.DiskFull.isCause(e)) {
        throw new IOException(
            "the disk is full (no space left on device) while writing the run's raw/repos to "
                + lake.location()
                + ": free space on that disk and run ingest again (every repository's state is"
                + " what its last published batch left)",
            e);
      }
      throw e;
    } catch (IngestException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("ingest was interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException("ingest failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new IOException("ingest failed: " + e, e);
    }
    return result;
  }

  /**
   * Ends a run: its raw/repos file (one row per repository) and, when it wrote new commits, its
   * marker. Under the lake lock, after every repository's files and state are published.
   */
  public static Result publish(Lake lake, String runId, List<RepoStatusRow> rows)
      throws IOException {
    try (var stage = new RawStage()) {
      for (RepoStatusRow r : rows) {
        stage.appendRepo(r, runId);
      }
      stage.flushRepos(lake, LakeLayout.rawTable(RawTables.REPOS) + "/" + runId + ".parquet");
    }
    var result = new Result(runId, List.copyOf(rows));
    writeMarker(lake, result);
    return result;
  }

  /**
   * The run's marker, after everything else is published, when it wrote new commits: what a
   * scheduler waits for (a run with nothing new writes none, so it starts nothing).
   */
  private static void writeMarker(Lake lake, Result result) throws IOException {
    if (result.newCommits() == 0) {
      return;
    }
    String json =
        String.format(
            java.util.Locale.ROOT,
            "{\"run_id\":\"%s\",\"repositories\":%d,\"new_commits\":%d,\"failed\":%d,"
                + "\"finished_at\":\"%s\"}%n",
            result.runId(),
            result.repos().size(),
            result.newCommits(),
            result.failures().size(),
            java.time.Instant.now());
    lake.write(
        LakeLayout.runMarker(result.runId()),
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Starts a run under the lake lock: removes staging files a killed run left in the lake-wide
   * folders (state files, raw/repos). Safe under the lock: no other ingest is writing. Repository
   * partitions are swept by each repository's own ingest.
   */
  public static void prepare(Lake lake) throws IOException {
    for (String prefix : List.of(LakeLayout.STATE, LakeLayout.rawTable(RawTables.REPOS))) {
      for (String path : lake.list(prefix)) {
        if (path.endsWith(Lake.STAGING_SUFFIX)) {
          lake.delete(path);
        }
      }
    }
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    var n = new AtomicInteger();
    return r -> {
      var t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
