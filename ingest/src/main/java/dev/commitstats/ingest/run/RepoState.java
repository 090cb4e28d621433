package dev.commitstats.ingest.run;

import java.util.List;
import java.util.Map;

/**
 * What the lake holds of one repository, kept in {@code LAKE/state/repos/<id>.json} and replaced
 * atomically after the repository's files of a run are published: the tips walked, the runs whose
 * files count, and the newest commit.
 */
public record RepoState(
    String repoId,
    String repoUrl,
    Map<String, String> tips,
    List<String> committedRuns,
    String defaultBranch,
    String lastCommitSha,
    Long lastCommitTime,
    long commits,
    long unreadableFiles,
    String incompleteReason,
    long updatedAt) {

  public RepoState {
    tips = tips == null ? Map.of() : Map.copyOf(tips);
    committedRuns = committedRuns == null ? List.of() : List.copyOf(committedRuns);
  }

  static RepoState empty(String repoId, String repoUrl) {
    return new RepoState(repoId, repoUrl, Map.of(), List.of(), null, null, null, 0, 0, null, 0);
  }
}
