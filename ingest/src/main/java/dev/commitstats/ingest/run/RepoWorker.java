package dev.commitstats.ingest.run;

import dev.commitstats.ingest.classify.FileClassifier;
import dev.commitstats.ingest.git.RepoOpener;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.ingest.lake.RepoStatusRow;
import dev.commitstats.lake.Lake;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ingest of single repositories for a run that someone else drives (a distributed ingest's
 * tasks and driver): the same protocol as {@link IngestRun}, whose lake lock, sweep of staging
 * files and raw/repos the driver keeps ({@link IngestRun#prepare}, {@link IngestRun#publish}).
 */
public final class RepoWorker implements AutoCloseable {
  private final ExecutorService analysis;
  private final RepoIngest ingest;

  /** {@code threads} analysis threads; files of the run {@code runId}. */
  public RepoWorker(
      Lake lake,
      RepoOpener opener,
      FileClassifier classifier,
      int threads,
      String runId,
      int batchCommits) {
    int n = Math.max(1, threads);
    this.analysis =
        Executors.newFixedThreadPool(
            n,
            r -> {
              var t = new Thread(r, "analyze-" + runId);
              t.setDaemon(true);
              return t;
            });
    this.ingest =
        new RepoIngest(
            lake, opener, classifier, analysis, n, runId, Progress.silent(), batchCommits);
  }

  /** The whole repository, as a single-process run ingests it: its status row. */
  public RepoStatusRow ingest(RepoSource source) {
    return ingest.ingest(source);
  }

  /**
   * The whole repository when its walk has at most {@code splitAbove} commits (or it is up to date,
   * or failed); otherwise only its plan, whose ranges {@link #ingestRange} walks.
   */
  public RepoRanges.Outcome ingestOrSplit(RepoSource source, long splitAbove) {
    if (splitAbove < 1) {
      throw new IllegalArgumentException("splitAbove must be at least 1, got " + splitAbove);
    }
    return ingest.ingest(source, splitAbove);
  }

  /** Walks and publishes one range of a split plan (uncommitted until {@link #commitRanges}). */
  public RepoRanges.RangeResult ingestRange(RepoSource source, RepoRanges.RangePlan plan, int index)
      throws IOException, InterruptedException {
    return ingest.ingestRange(source, plan, index);
  }

  /** Publishes a split walk all of whose ranges succeeded, in one state write: its status row. */
  public RepoStatusRow commitRanges(
      RepoSource source, RepoRanges.RangePlan plan, List<RepoRanges.RangeResult> results)
      throws IOException {
    if (results.size() != plan.ranges().size()) {
      throw new IllegalArgumentException(
          "a split walk of " + source.repoUrl() + " commits only with all its ranges");
    }
    return ingest.commitRanges(source, plan, results);
  }

  /** The error row of a split walk one of whose ranges failed; nothing of it counts. */
  public RepoStatusRow failedRanges(RepoSource source, String message) {
    return ingest.failedRanges(source, message);
  }

  @Override
  public void close() {
    analysis.shutdownNow();
  }
}
