package dev.commitstats.ingest.run;

import dev.commitstats.ingest.IngestErrors;
import dev.commitstats.ingest.IngestException;
import dev.commitstats.ingest.classify.FileClassifier;
import dev.commitstats.ingest.git.AnalyzedCommit;
import dev.commitstats.ingest.git.CommitAnalyzer;
import dev.commitstats.ingest.git.CommitPlanner;
import dev.commitstats.ingest.git.CommitPlanner.PlannedCommit;
import dev.commitstats.ingest.git.CommitRow;
import dev.commitstats.ingest.git.FileChangeRow;
import dev.commitstats.ingest.git.RepoOpener;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.ingest.lake.RawStage;
import dev.commitstats.ingest.lake.RepoStatusRow;
import dev.commitstats.lake.Lake;
import dev.commitstats.lake.sql.DuckDbTypes;
import dev.commitstats.model.CollectStatus;
import dev.commitstats.model.LakeLayout;
import dev.commitstats.model.RawTables;
import dev.commitstats.model.TableSchema;
import dev.commitstats.runtime.CrashPoints;
import dev.commitstats.runtime.Secrets;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one repository in one run: plans the commits, analyzes them in contiguous blocks on the
 * shared pool, writes Parquet files named after the run, and only then records the new state. A
 * crash before the state is written leaves files of a run the state does not list; the next run
 * deletes them before it starts, so no row is ever counted twice.
 */
final class RepoIngest {
  private static final Logger LOG = LoggerFactory.getLogger(RepoIngest.class);

  /** Tables whose files live in per-repository partitions and follow the run protocol. */
  private static final List<TableSchema> PARTITIONED =
      List.of(
          RawTables.COMMITS,
          RawTables.FILE_CHANGES,
          RawTables.DEPENDENCY_CHANGES,
          RawTables.RETRACTED_COMMITS);

  /** File rows per Parquet file at most, whatever the commit batch. */
  private static final long FLUSH_FILE_ROWS = 1_000_000;

  private final Lake lake;
  private final StateStore states;
  private final RepoOpener opener;
  private final FileClassifier classifier;
  private final ExecutorService pool;
  private final int parallelism;
  private final String runId;
  private final Progress progress;
  private final int batchCommits;

  RepoIngest(
      Lake lake,
      RepoOpener opener,
      FileClassifier classifier,
      ExecutorService pool,
      int parallelism,
      String runId,
      Progress progress,
      int batchCommits) {
    this.lake = lake;
    this.batchCommits = batchCommits;
    this.states = new StateStore(lake);
    this.opener = opener;
    this.classifier = classifier;
    this.pool = pool;
    this.parallelism = parallelism;
    this.runId = runId;
    this.progress = progress;
  }

  RepoStatusRow ingest(RepoSource source) {
    return ingest(source, 0).row();
  }

  /**
   * Ingests a repository whole, or, when its plan walks more than {@code splitAbove} commits (0:
   * never), only plans it: the plan's ranges are then walked by {@link #ingestRange} (on several
   * workers) and published at once by {@link #commitRanges}.
   */
  RepoRanges.Outcome ingest(RepoSource source, long splitAbove) {
    long start = System.nanoTime();
    RepoState state = null;
    try {
      state = states.load(source.repoId(), source.repoUrl());
      sweepUncommittedRuns(source.repoId(), state);
      if (unchangedOnHost(source, state)) {
        LOG.info(
            "{}: up to date, branch tips unchanged on the host (ls-remote) in {} ms",
            source.repoUrl(),
            (System.nanoTime() - start) / 1_000_000);
        return RepoRanges.Outcome.done(
            status(
                source,
                state,
                state.defaultBranch(),
                List.copyOf(state.tips().keySet()),
                state.lastCommitSha(),
                state.lastCommitTime(),
                state.commitsOf(runId),
                0,
                state.unreadableOf(runId),
                start));
      }
      try (Repository repo = opener.open(source)) {
        return ingest(source, repo, state, start, splitAbove);
      }
    } catch (IngestException e) {
      LOG.warn("{}: failed: {}", source.repoUrl(), e.getMessage());
      return RepoRanges.Outcome.done(failed(source, state, e.getMessage(), start));
    } catch (Exception | LinkageError e) {
      return RepoRanges.Outcome.done(failed(source, state, damaged(source, e), start));
    }
  }

  private String damaged(RepoSource source, Throwable e) {
    if (dev.commitstats.runtime.DiskFull.isCause(e)) {
      String message =
          "ingest of "
              + source.repoUrl()
              + " stopped: the disk is full (no space left on device) while writing to "
              + lake.location()
              + " or its staging folder. Nothing of this run counts for it until its state is"
              + " written: free space on that disk (or give --lake, or java.io.tmpdir, a"
              + " larger one) and run ingest again";
      LOG.warn("{}", message);
      LOG.debug("the write that failed", e);
      return message;
    }
    if (dev.commitstats.lake.LakeErrors.isStoreFailure(e)) {
      // the lake, not the repository: one line, the trace only at debug level
      String message =
          "ingest of "
              + source.repoUrl()
              + " stopped: the lake at "
              + lake.location()
              + " could not be read or written after retries ("
              + Secrets.describe(e)
              + "). Nothing of this run counts for it until its state is written: run ingest"
              + " again, and check the bucket, its permissions and the network if it persists";
      LOG.warn("{}", Secrets.redact(message));
      LOG.debug("the lake's failure", e);
      return Secrets.redact(message);
    }
    String message =
        "ingest of "
            + source.repoUrl()
            + " failed: "
            + Secrets.describe(e)
            + ". The repository may be damaged: check it with 'git fsck', then run ingest again";
    LOG.warn("{}", message, e);
    return Secrets.redact(message);
  }

  private RepoRanges.Outcome ingest(
      RepoSource source, Repository repo, RepoState state, long start, long splitAbove)
      throws IOException, InterruptedException {
    String repoId = source.repoId();
    CommitPlanner.Plan plan =
        CommitPlanner.plan(
            repo, source, state.tips(), state.done(), () -> ingestedCommits(repoId, state));
    if (plan.unchanged()) {
      LOG.info(
          "{}: up to date, walked no commit (branch tips unchanged) in {} ms",
          source.repoUrl(),
          (System.nanoTime() - start) / 1_000_000);
      // nothing left to walk; an earlier attempt of this run may have walked it all
      return RepoRanges.Outcome.done(
          status(source, state, plan, state.commitsOf(runId), 0, state.unreadableOf(runId), start));
    }
    if (splitAbove > 0 && plan.commits().size() > splitAbove) {
      var ranges = RepoRanges.plan(repoId, runId, plan, splitAbove, millisSince(start));
      LOG.info(
          "{}: {} commits to walk, split into {} ranges",
          source.repoUrl(),
          plan.commits().size(),
          ranges.ranges().size());
      return RepoRanges.Outcome.split(ranges);
    }
    return RepoRanges.Outcome.done(walk(source, repo, state, plan, start));
  }

  private RepoStatusRow walk(
      RepoSource source, Repository repo, RepoState state, CommitPlanner.Plan plan, long start)
      throws IOException, InterruptedException {
    String repoId = source.repoId();
    progress.planned(plan.commits().size());
    var files = new RunFiles(repoId, runId, state.committedBatches());
    var checkpoint = new Checkpoint(state);
    long added = 0;
    try (RawStage stage = new RawStage()) {
      // retractions go out with the first batch
      for (String sha : plan.retracted()) {
        stage.appendRetraction(repoId, sha, plan.retractionReason(), runId);
      }
      long[] lines = {0};
      analyzeInOrder(
          repo,
          plan.commits(),
          a -> {
            lines[0] += append(stage, source, a);
            checkpoint.add(a.commit());
            if (stage.pendingFileChanges() >= FLUSH_FILE_ROWS
                || stage.pendingCommits() >= batchCommits) {
              checkpoint.commit(files.flush(stage), null);
            }
          });
      added = lines[0];
      files.flush(stage).forEach(checkpoint.batches::add);
    }
    RepoState newState = checkpoint.commit(List.of(), plan);
    long ms = (System.nanoTime() - start) / 1_000_000;
    LOG.info(
        "{}: {} new commits ({} lines added), {} retracted, {} cherry-picks skipped, {} unreadable"
            + " files, {} files written in {} ms ({} commits/s)",
        source.repoUrl(),
        checkpoint.written,
        added,
        plan.retracted().size(),
        plan.cherryPicksSkipped(),
        checkpoint.unreadable,
        files.count,
        ms,
        ms == 0 ? checkpoint.written : checkpoint.written * 1000 / ms);
    return status(
        source,
        newState,
        plan,
        checkpoint.runWritten(),
        plan.retracted().size(),
        checkpoint.runUnreadable(),
        start);
  }

  /**
   * Progress of one repository in this run, written to its state after every published batch. The
   * commits arrive parents first, so the frontier (written commits none of whose children are
   * written yet) marks everything the lake holds: a rerun after a crash walks only the rest.
   */
  private final class Checkpoint {
    private final RepoState before;
    private final LinkedHashSet<String> frontier = new LinkedHashSet<>();
    private final List<String> batches = new ArrayList<>();
    private long written;
    private long unreadable;

    /** Counts from an earlier attempt of this run, which published and committed part of it. */
    private final long earlierWritten;

    private final long earlierUnreadable;

    Checkpoint(RepoState before) {
      this.before = before;
      batches.addAll(before.committedBatches());
      earlierWritten = before.commitsOf(runId);
      earlierUnreadable = before.unreadableOf(runId);
    }

    /** Commits this run wrote, earlier attempts included. */
    long runWritten() {
      return earlierWritten + written;
    }

    long runUnreadable() {
      return earlierUnreadable + unreadable;
    }

    void add(CommitRow c) {
      c.parentShas().forEach(frontier::remove);
      frontier.add(c.sha());
      written++;
      unreadable += c.filesUnreadable();
    }

    /**
     * Records newly published batches; with a plan, the run is complete and its tips become the
     * state's tips.
     */
    RepoState commit(List<String> published, CommitPlanner.Plan complete) throws IOException {
      batches.addAll(published);
      RepoState s;
      if (complete == null) {
        var done = new LinkedHashSet<String>(before.done());
        done.addAll(before.tips().values());
        done.addAll(frontier);
        s =
            before.withWalk(
                List.copyOf(done),
                batches,
                before.commits() + written,
                before.unreadableFiles() + unreadable,
                runId,
                runWritten(),
                runUnreadable());
      } else {
        s =
            completed(
                before,
                batches,
                written,
                unreadable,
                runId,
                runWritten(),
                runUnreadable(),
                complete.tips(),
                complete.defaultBranch(),
                complete.lastCommitSha(),
                complete.lastCommitTime(),
                complete.retracted().size(),
                complete.incompleteReason());
      }
      states.save(s);
      CrashPoints.reached("checkpoint");
      return s;
    }
  }

  /** The state after a complete walk: its tips, every batch that counts, the new counts. */
  private static RepoState completed(
      RepoState before,
      List<String> batches,
      long written,
      long unreadable,
      String runId,
      long runCommits,
      long runUnreadable,
      java.util.Map<String, String> tips,
      String defaultBranch,
      String lastCommitSha,
      Long lastCommitTime,
      long retracted,
      String incompleteReason) {
    return new RepoState(
        before.repoId(),
        before.repoUrl(),
        tips,
        List.copyOf(new LinkedHashSet<>(tips.values())),
        batches,
        defaultBranch,
        lastCommitSha,
        lastCommitTime,
        before.commits() + written - retracted,
        before.unreadableFiles() + unreadable,
        incompleteReason != null ? incompleteReason : before.incompleteReason(),
        System.currentTimeMillis() / 1000,
        runId,
        runCommits,
        runUnreadable);
  }

  /**
   * Walks one range of a split plan: its commits analyzed on the pool and published as files of
   * batches named after the range ({@code <run>-r<range>-<seq>}). The state is left alone: the
   * batches count once {@link #commitRanges} lists them, so a range that fails or is retried leaves
   * nothing the lake counts twice (a retry rewrites the same files).
   */
  RepoRanges.RangeResult ingestRange(RepoSource source, RepoRanges.RangePlan plan, int index)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    var range = plan.ranges().get(index);
    var files = new RunFiles(source.repoId(), range.batchPrefix(plan.runId()), List.of());
    long written = 0;
    long unreadable = 0;
    var batches = new ArrayList<String>();
    try (Repository repo = opener.openWithoutFetch(source);
        RawStage stage = new RawStage()) {
      if (index == 0) {
        for (String sha : plan.retracted()) {
          stage.appendRetraction(source.repoId(), sha, plan.retractionReason(), plan.runId());
        }
      }
      long[] counts = {0, 0};
      analyzeInOrder(
          repo,
          range.commits(),
          a -> {
            append(stage, source, a);
            counts[0]++;
            counts[1] += a.commit().filesUnreadable();
            if (stage.pendingFileChanges() >= FLUSH_FILE_ROWS
                || stage.pendingCommits() >= batchCommits) {
              batches.addAll(files.flush(stage));
            }
          });
      written = counts[0];
      unreadable = counts[1];
      batches.addAll(files.flush(stage));
    }
    return new RepoRanges.RangeResult(index, batches, written, unreadable, millisSince(start));
  }

  /**
   * Publishes a split walk whose every range succeeded: one state write lists all their batches and
   * the plan's tips, as a whole walk's last checkpoint does.
   */
  RepoStatusRow commitRanges(
      RepoSource source, RepoRanges.RangePlan plan, List<RepoRanges.RangeResult> results)
      throws IOException {
    long start = System.nanoTime() - plan.millisSoFar(results) * 1_000_000;
    RepoState before = states.load(source.repoId(), source.repoUrl());
    var batches = new ArrayList<>(before.committedBatches());
    long written = 0;
    long unreadable = 0;
    for (var r : results) {
      batches.addAll(r.batches());
      written += r.written();
      unreadable += r.unreadable();
    }
    RepoState after =
        completed(
            before,
            batches,
            written,
            unreadable,
            runId,
            written,
            unreadable,
            plan.tips(),
            plan.defaultBranch(),
            plan.lastCommitSha(),
            plan.lastCommitTime(),
            plan.retracted().size(),
            plan.incompleteReason());
    states.save(after);
    LOG.info(
        "{}: {} new commits in {} ranges, {} retracted, {} unreadable files",
        source.repoUrl(),
        written,
        results.size(),
        plan.retracted().size(),
        unreadable);
    return status(
        source,
        after,
        plan.defaultBranch(),
        List.copyOf(plan.tips().keySet()),
        plan.lastCommitSha(),
        plan.lastCommitTime(),
        written,
        plan.retracted().size(),
        unreadable,
        start);
  }

  /** The row of a split walk one of whose ranges failed: nothing of it counts. */
  RepoStatusRow failedRanges(RepoSource source, String message) {
    RepoState state = null;
    try {
      state = states.load(source.repoId(), source.repoUrl());
    } catch (IOException | RuntimeException e) {
      // the row then carries no last commit
    }
    return failed(source, state, Secrets.redact(message), System.nanoTime());
  }

  /** Stages one analyzed commit with its file and dependency rows; returns its lines added. */
  private long append(RawStage stage, RepoSource source, AnalyzedCommit a) {
    String repoId = source.repoId();
    long added = 0;
    stage.appendCommit(repoId, source.repoUrl(), runId, a.commit());
    for (FileChangeRow f : a.files()) {
      stage.appendFileChange(repoId, runId, f);
      added += f.linesAdded() == null ? 0 : f.linesAdded();
    }
    for (var d : a.dependencies()) {
      stage.appendDependency(repoId, a.commit().sha(), d, runId);
    }
    return added;
  }

  /** What is done with each analyzed commit, in walk order (it may publish a batch). */
  private interface CommitSink {
    void accept(AnalyzedCommit a) throws IOException;
  }

  /**
   * Analyzes {@code commits} in contiguous blocks on the shared pool (at most two blocks per thread
   * in flight) and hands each commit to {@code sink} in walk order, parents first.
   */
  private void analyzeInOrder(Repository repo, List<PlannedCommit> commits, CommitSink sink)
      throws IOException, InterruptedException {
    var blocks = blocks(commits);
    var inFlight = new ArrayDeque<Future<List<AnalyzedCommit>>>();
    int next = 0;
    while (next < blocks.size() || !inFlight.isEmpty()) {
      while (next < blocks.size() && inFlight.size() < parallelism * 2) {
        var block = blocks.get(next++);
        inFlight.add(pool.submit(() -> analyze(repo, block)));
      }
      List<AnalyzedCommit> results;
      try {
        results = inFlight.poll().get();
      } catch (ExecutionException e) {
        inFlight.forEach(f -> f.cancel(true));
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        throw new IOException(Secrets.describe(cause), cause);
      }
      for (AnalyzedCommit a : results) {
        sink.accept(a);
      }
      progress.analyzed(results.size());
    }
  }

  private List<AnalyzedCommit> analyze(Repository repo, List<PlannedCommit> block)
      throws IOException {
    var out = new ArrayList<AnalyzedCommit>(block.size());
    try (var analyzer = new CommitAnalyzer(repo, classifier)) {
      for (PlannedCommit c : block) {
        if (Thread.currentThread().isInterrupted()) {
          throw new IOException("cancelled");
        }
        out.add(analyzer.analyze(c.id(), c.branch()));
      }
    }
    return out;
  }

  /**
   * Contiguous blocks of the walk order, so that each thread reads neighbouring objects: at least
   * 256 commits, and about sixteen blocks for large histories.
   */
  private List<List<PlannedCommit>> blocks(List<PlannedCommit> commits) {
    int size = Math.max(256, commits.size() / 16);
    var out = new ArrayList<List<PlannedCommit>>();
    for (int i = 0; i < commits.size(); i += size) {
      out.add(commits.subList(i, Math.min(commits.size(), i + size)));
    }
    return out;
  }

  /** Files this run publishes for one repository, numbered in order. */
  private final class RunFiles {
    private final String repoId;
    private final String prefix;
    private int seq;
    private int count;

    /**
     * Batches {@code <prefix>-<seq>}, numbered after those of the same prefix the state already
     * lists: a retried attempt of a run (Spark retries a task with the same run id) never
     * overwrites a batch its first attempt published and committed.
     */
    RunFiles(String repoId, String prefix, List<String> committed) {
      this.repoId = repoId;
      this.prefix = prefix;
      for (String b : committed) {
        if (b.startsWith(prefix + "-") && b.substring(prefix.length() + 1).matches("\\d+")) {
          seq = Math.max(seq, Integer.parseInt(b.substring(prefix.length() + 1)) + 1);
        }
      }
    }

    private String path(TableSchema table, String batch) {
      return LakeLayout.rawRepoPartition(table, repoId) + "/" + batch + ".parquet";
    }

    /** Publishes what the stage holds; returns the batch name, if anything was written. */
    List<String> flush(RawStage stage) throws IOException {
      String batch = prefix + "-" + String.format("%04d", seq);
      int before = count;
      if (stage.flushRetractions(lake, path(RawTables.RETRACTED_COMMITS, batch))) {
        count++;
        CrashPoints.reached("publish");
      }
      if (stage.flushFileChanges(lake, path(RawTables.FILE_CHANGES, batch))) {
        count++;
        CrashPoints.reached("publish");
      }
      if (stage.flushDependencies(lake, path(RawTables.DEPENDENCY_CHANGES, batch))) {
        count++;
        CrashPoints.reached("publish");
      }
      if (stage.flushCommits(lake, path(RawTables.COMMITS, batch))) {
        count++;
        CrashPoints.reached("publish");
      }
      seq++;
      return count > before ? List.of(batch) : List.of();
    }
  }

  /**
   * Deletes files of runs that did not commit (the process died before writing the state), and
   * staging files left by a crash. The state is the only source of truth for what counts.
   */
  private void sweepUncommittedRuns(String repoId, RepoState state) throws IOException {
    Set<String> committed = new HashSet<>(state.committedBatches());
    int removed = 0;
    for (TableSchema table : PARTITIONED) {
      for (String path : lake.list(LakeLayout.rawRepoPartition(table, repoId))) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        boolean published = file.endsWith(".parquet") && !file.startsWith(".");
        String batch = published ? file.substring(0, file.length() - ".parquet".length()) : file;
        if (!published || !committed.contains(batch)) {
          lake.delete(path);
          removed++;
        }
      }
    }
    if (removed > 0) {
      LOG.info("removed {} files of an interrupted earlier run of repository {}", removed, repoId);
    }
  }

  /** The commits the lake counts for a repository: newest row newer than newest retraction. */
  private Set<String> ingestedCommits(String repoId, RepoState state) {
    try {
      String commits = fileList(RawTables.COMMITS, repoId);
      if (commits == null) {
        return Set.of();
      }
      String retractions = fileList(RawTables.RETRACTED_COMMITS, repoId);
      String sql =
          "WITH c AS (SELECT sha, max(ingest_run_id) AS r FROM read_parquet("
              + commits
              + ") GROUP BY sha)"
              + (retractions == null
                  ? " SELECT sha FROM c"
                  : ", x AS (SELECT sha, max(ingest_run_id) AS r FROM read_parquet("
                      + retractions
                      + ") GROUP BY sha) SELECT c.sha FROM c LEFT JOIN x ON c.sha = x.sha"
                      + " WHERE x.r IS NULL OR c.r > x.r");
      var out = new HashSet<String>();
      try (var conn = DriverManager.getConnection("jdbc:duckdb:");
          var st = conn.createStatement();
          var rs = st.executeQuery(sql)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (IOException | SQLException e) {
      throw IngestErrors.unreadableLakeCommits(repoId, e);
    }
  }

  private String fileList(TableSchema table, String repoId) throws IOException {
    var paths = new ArrayList<String>();
    for (String p : lake.list(LakeLayout.rawRepoPartition(table, repoId))) {
      if (p.endsWith(".parquet")) {
        paths.add(DuckDbTypes.literal(lake.localPath(p).toString()));
      }
    }
    return paths.isEmpty() ? null : "[" + String.join(", ", paths) + "]";
  }

  /**
   * Whether a remote repository's branches are where the last complete run left them, asked of the
   * host without fetching (a cold clone cache then costs nothing for it). Conservative: any doubt
   * (no state, an incomplete walk, HEAD's branch not told and not inferable) opens it.
   */
  private boolean unchangedOnHost(RepoSource source, RepoState state) {
    if (!source.remote()
        || state.tips().isEmpty()
        || state.incompleteReason() != null
        || state.defaultBranch() == null) {
      return false;
    }
    var refs = opener.remoteRefs(source);
    if (refs.isEmpty()) {
      return false;
    }
    var branches = refs.get().branches();
    String def = source.branch() != null ? source.branch() : refs.get().head();
    if (def == null
        && refs.get().headId() != null
        && refs.get().headId().equals(branches.get(state.defaultBranch()))) {
      def = state.defaultBranch(); // HEAD is where the old default branch is
    }
    if (def == null || !def.equals(state.defaultBranch()) || branches.get(def) == null) {
      return false;
    }
    var tips = new java.util.LinkedHashMap<String, String>();
    tips.put(def, branches.get(def));
    if (source.branches() == RepoSource.BranchSelection.ALL) {
      branches.forEach(tips::putIfAbsent);
    }
    return tips.equals(state.tips());
  }

  private RepoStatusRow status(
      RepoSource source,
      RepoState state,
      CommitPlanner.Plan plan,
      long newCommits,
      long retracted,
      long unreadable,
      long start) {
    return status(
        source,
        state,
        plan.defaultBranch(),
        List.copyOf(plan.tips().keySet()),
        plan.lastCommitSha(),
        plan.lastCommitTime(),
        newCommits,
        retracted,
        unreadable,
        start);
  }

  private RepoStatusRow status(
      RepoSource source,
      RepoState state,
      String defaultBranch,
      List<String> branches,
      String lastCommitSha,
      Long lastCommitTime,
      long newCommits,
      long retracted,
      long unreadable,
      long start) {
    CollectStatus status = CollectStatus.UP_TO_DATE;
    String message = null;
    if (state.incompleteReason() != null) {
      status = CollectStatus.PARTIAL;
      message = state.incompleteReason();
    }
    if (state.unreadableFiles() > 0) {
      status = CollectStatus.PARTIAL;
      message =
          (message == null ? "" : message + "; ")
              + state.unreadableFiles()
              + " changed files could not be read (their objects are missing: a partial or"
              + " damaged clone); their rows have content_missing=true and no line counts."
              + " Clone the repository again in full to count them";
    }
    return RepoStatusRow.of(source)
        .status(status, message)
        .lastCommit(lastCommitSha, lastCommitTime)
        .allCommitsProcessed(state.incompleteReason() == null)
        .branches(defaultBranch, branches)
        .collected(newCommits, retracted, unreadable)
        .durationMs(millisSince(start))
        .build();
  }

  private RepoStatusRow failed(RepoSource source, RepoState state, String message, long start) {
    var row = RepoStatusRow.of(source).error(message).durationMs(millisSince(start));
    if (state != null) {
      row.lastCommit(state.lastCommitSha(), state.lastCommitTime())
          .branches(state.defaultBranch(), List.copyOf(state.tips().keySet()));
    }
    return row.build();
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
