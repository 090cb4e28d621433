package dev.commitstats.ingest.run;

import java.util.List;
import java.util.Map;

/**
 * What the lake holds of one repository, kept in {@code LAKE/state/repos/<id>.json} and replaced
 * atomically after each batch of files is published.
 *
 * <ul>
 *   <li>{@code tips}: branch to commit, as the last complete run left them;
 *   <li>{@code done}: commits whose whole ancestry is in the lake (the tips after a complete run;
 *       during a run, also the frontier of what its published batches hold);
 *   <li>{@code committedBatches}: the data files that count, as {@code <run>-<seq>}; any other file
 *       in the repository's partitions is from an interrupted run and is deleted;
 *   <li>{@code runId}, {@code runCommits}, {@code runUnreadableFiles}: the run that wrote the state
 *       last and what it had written by then, so that a retried attempt of the same run (a Spark
 *       task run again after a failure) reports the run's whole work, not only its own part.
 * </ul>
 */
public record RepoState(
    String repoId,
    String repoUrl,
    Map<String, String> tips,
    List<String> done,
    List<String> committedBatches,
    String defaultBranch,
    String lastCommitSha,
    Long lastCommitTime,
    long commits,
    long unreadableFiles,
    String incompleteReason,
    long updatedAt,
    String runId,
    long runCommits,
    long runUnreadableFiles) {

  public RepoState {
    tips = tips == null ? Map.of() : Map.copyOf(tips);
    done = done == null ? List.of() : List.copyOf(done);
    committedBatches = committedBatches == null ? List.of() : List.copyOf(committedBatches);
  }

  /**
   * The state after more batches of a walk that has not finished: the commits {@code done} (the
   * frontier so far), the batches published, the counts so far; updated now.
   */
  public RepoState withWalk(
      List<String> done,
      List<String> committedBatches,
      long commits,
      long unreadableFiles,
      String runId,
      long runCommits,
      long runUnreadableFiles) {
    return new RepoState(
        repoId,
        repoUrl,
        tips,
        done,
        committedBatches,
        defaultBranch,
        lastCommitSha,
        lastCommitTime,
        commits,
        unreadableFiles,
        incompleteReason,
        System.currentTimeMillis() / 1000,
        runId,
        runCommits,
        runUnreadableFiles);
  }

  /** What {@code runId} wrote by the time of this state: 0 for any other run. */
  long commitsOf(String run) {
    return run.equals(runId) ? runCommits : 0;
  }

  long unreadableOf(String run) {
    return run.equals(runId) ? runUnreadableFiles : 0;
  }

  static RepoState empty(String repoId, String repoUrl) {
    return new RepoState(
        repoId, repoUrl, Map.of(), List.of(), List.of(), null, null, null, 0, 0, null, 0, null, 0,
        0);
  }
}
