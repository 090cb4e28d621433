package dev.commitstats.ingest.spark;

import dev.commitstats.ingest.classify.ExtensionClassifier;
import dev.commitstats.ingest.git.Credentials;
import dev.commitstats.ingest.git.RepoOpener;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.ingest.run.IngestRun;
import dev.commitstats.ingest.run.RepoRanges;
import dev.commitstats.ingest.run.RepoWorker;
import dev.commitstats.lake.Lake;
import dev.commitstats.runtime.Secrets;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the tasks of a distributed ingest run on an executor, and the values they exchange with the
 * driver. Every value here is free of credentials; tokens come from the broadcast.
 */
final class IngestTasks {
  private IngestTasks() {}

  /** A repository to ingest: its index among the run's sources and its expected cost. */
  record Unit(int index, RepoSource.Spec spec, long cost) implements Serializable {}

  /** A range of a split repository to walk. */
  record Split(Unit unit, RepoRanges.RangePlan plan, int range, long commits)
      implements Serializable {}

  /** What stage 1 returns for a repository. */
  record Done(Unit unit, RepoRanges.Outcome outcome) implements Serializable {}

  /** What a range task returns: its result, or the error that stopped it. */
  record RangeDone(String repoId, RepoRanges.RangeResult result, String error)
      implements Serializable {}

  /** What every task needs to know about the run. */
  record Settings(
      String lake, String cacheDir, String runId, int batchCommits, long splitCommits, int threads)
      implements Serializable {}

  /** The run's tokens by repository, shared with the executors in a broadcast. */
  static final class Tokens implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, Credentials> byRepo = new HashMap<>();

    void put(String repoId, Credentials c) {
      byRepo.put(repoId, c);
    }

    Optional<Credentials> get(String repoId) {
      return Optional.ofNullable(byRepo.get(repoId));
    }

    @Override
    public String toString() {
      return "Tokens[" + byRepo.size() + " repositories, ***]";
    }
  }

  /** One lake client per location and executor JVM, kept for the executor's life. */
  private static final Map<String, Lake> LAKES = new ConcurrentHashMap<>();

  private static final Map<String, RepoOpener> OPENERS = new ConcurrentHashMap<>();

  private static volatile boolean configured;

  private static RepoWorker worker(Settings s) {
    if (!configured) {
      synchronized (IngestTasks.class) {
        if (!configured) {
          IngestRun.configureObjectCache();
          configured = true;
        }
      }
    }
    Lake lake = LAKES.computeIfAbsent(s.lake(), Lake::open);
    RepoOpener opener = OPENERS.computeIfAbsent(s.cacheDir(), d -> new RepoOpener(Path.of(d)));
    return new RepoWorker(
        lake, opener, new ExtensionClassifier(), s.threads(), s.runId(), s.batchCommits());
  }

  /** Stage 1: a repository whole, or its plan of ranges. */
  static Done ingest(Unit u, Tokens tokens, Settings s) {
    RepoSource source = u.spec().source(tokens.get(u.spec().repoId()));
    try (var w = worker(s)) {
      return new Done(u, w.ingestOrSplit(source, s.splitCommits()));
    }
  }

  /** Stage 2: one range of a split repository, published but uncommitted. */
  static RangeDone range(Split r, Tokens tokens, Settings s) {
    String repoId = r.unit().spec().repoId();
    RepoSource source = r.unit().spec().source(tokens.get(repoId));
    try (var w = worker(s)) {
      return new RangeDone(repoId, w.ingestRange(source, r.plan(), r.range()), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception | LinkageError e) {
      return new RangeDone(
          repoId,
          null,
          Secrets.redact(
              "range "
                  + (r.range() + 1)
                  + " of "
                  + r.plan().ranges().size()
                  + " of "
                  + source.repoUrl()
                  + " failed: "
                  + Secrets.describe(e)
                  + ". The repository may be damaged: check it with 'git fsck', then run ingest"
                  + " again"));
    }
  }
}
