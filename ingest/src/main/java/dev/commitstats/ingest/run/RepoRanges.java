package dev.commitstats.ingest.run;

import dev.commitstats.ingest.git.CommitPlanner;
import dev.commitstats.ingest.git.CommitPlanner.PlannedCommit;
import dev.commitstats.ingest.lake.RepoStatusRow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A repository too large for one worker, walked in ranges by several: the plan (made once, by the
 * worker that opened the repository first), the ranges of its walk order, and what each range
 * published. Plain serializable values: a distributed ingest ships them between its driver and its
 * tasks. No credentials ever travel in them.
 */
public final class RepoRanges {
  private RepoRanges() {}

  /**
   * What ingesting a repository came to: its status row when it was walked whole (or failed, or was
   * up to date), or a plan of ranges for other workers to walk.
   */
  public record Outcome(RepoStatusRow row, RangePlan plan) implements Serializable {
    static Outcome done(RepoStatusRow row) {
      return new Outcome(row, null);
    }

    static Outcome split(RangePlan plan) {
      return new Outcome(null, plan);
    }

    public boolean isSplit() {
      return plan != null;
    }
  }

  /**
   * One contiguous stretch of the walk order (parents before children), as commit ids and the
   * branch each is credited to.
   */
  public record Range(int index, List<String> shas, List<String> branches) implements Serializable {
    List<PlannedCommit> commits() {
      var out = new ArrayList<PlannedCommit>(shas.size());
      for (int i = 0; i < shas.size(); i++) {
        out.add(new PlannedCommit(ObjectId.fromString(shas.get(i)), branches.get(i)));
      }
      return out;
    }

    /** Batch names of this range start with this: {@code <run>-r<index>}. */
    String batchPrefix(String runId) {
      return runId + "-r" + String.format(java.util.Locale.ROOT, "%03d", index);
    }
  }

  /** A split walk: the ranges and everything a complete walk's state records. */
  public record RangePlan(
      String repoId,
      String runId,
      List<Range> ranges,
      Map<String, String> tips,
      String defaultBranch,
      String lastCommitSha,
      Long lastCommitTime,
      List<String> retracted,
      String retractionReason,
      String incompleteReason,
      long planMillis)
      implements Serializable {

    public RangePlan {
      ranges = List.copyOf(ranges);
      tips = Map.copyOf(tips);
      retracted = List.copyOf(retracted);
    }

    public long commits() {
      return ranges.stream().mapToLong(r -> r.shas().size()).sum();
    }

    /** The plan's time and the longest range's: the repository's share of the wall time. */
    long millisSoFar(List<RangeResult> results) {
      return planMillis + results.stream().mapToLong(RangeResult::millis).max().orElse(0);
    }
  }

  /** What one range published: its batches (in order) and its counts. */
  public record RangeResult(
      int index, List<String> batches, long written, long unreadable, long millis)
      implements Serializable {
    public RangeResult {
      batches = List.copyOf(batches);
    }
  }

  /** Cuts a plan's walk order into ranges of at most {@code maxCommits}, all about as long. */
  static RangePlan plan(
      String repoId, String runId, CommitPlanner.Plan plan, long maxCommits, long planMillis) {
    List<PlannedCommit> commits = plan.commits();
    int n = (int) Math.max(1, (commits.size() + maxCommits - 1) / maxCommits);
    int size = (commits.size() + n - 1) / n;
    var ranges = new ArrayList<Range>(n);
    for (int i = 0, from = 0; from < commits.size(); i++, from += size) {
      var part = commits.subList(from, Math.min(commits.size(), from + size));
      ranges.add(
          new Range(
              i,
              // ArrayLists: a branch may be null, which immutable lists refuse when deserialized
              new ArrayList<>(part.stream().map(c -> c.id().name()).toList()),
              new ArrayList<>(part.stream().map(PlannedCommit::branch).toList())));
    }
    return new RangePlan(
        repoId,
        runId,
        ranges,
        plan.tips(),
        plan.defaultBranch(),
        plan.lastCommitSha(),
        plan.lastCommitTime(),
        plan.retracted(),
        plan.retractionReason(),
        plan.incompleteReason(),
        planMillis);
  }
}
