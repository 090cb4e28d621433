package dev.commitstats.tools.git;

import dev.commitstats.ingest.classify.FileClassifier;
import dev.commitstats.ingest.git.CommitAnalyzer;
import dev.commitstats.ingest.git.FileChangeRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Compares, commit by commit, the file rows ingest computes with the rows the real git CLI prints.
 * A commit is identical when both give the same multiset of (path, old path, added, deleted).
 */
public final class ParityCheck {
  private ParityCheck() {}

  /** A commit whose rows differ, with both sides. */
  public record Difference(String sha, List<GitNumstat.Row> git, List<GitNumstat.Row> ours) {}

  public record Report(long commits, long identical, List<Difference> differences) {
    public double identicalShare() {
      return commits == 0 ? 1.0 : (double) identical / commits;
    }
  }

  private static final Comparator<GitNumstat.Row> ORDER =
      Comparator.comparing(GitNumstat.Row::path)
          .thenComparing(r -> r.oldPath() == null ? "" : r.oldPath())
          .thenComparing(r -> r.added() == null ? -1 : r.added())
          .thenComparing(r -> r.deleted() == null ? -1 : r.deleted());

  public static Report run(
      Repository repo, Path gitDir, String rev, FileClassifier classifier, int keepDifferences)
      throws IOException {
    var diffs = new ArrayList<Difference>();
    long[] counts = new long[2];
    IOException[] failure = new IOException[1];
    try (var analyzer = new CommitAnalyzer(repo, classifier)) {
      GitNumstat.stream(
          gitDir,
          rev,
          (sha, gitRows) -> {
            if (failure[0] != null) {
              return;
            }
            try {
              var ours = new ArrayList<GitNumstat.Row>();
              for (FileChangeRow r : analyzer.analyze(ObjectId.fromString(sha), "-").files()) {
                ours.add(GitNumstat.Row.of(r));
              }
              var g = new ArrayList<>(gitRows);
              g.sort(ORDER);
              ours.sort(ORDER);
              counts[0]++;
              if (g.equals(ours)) {
                counts[1]++;
              } else if (diffs.size() < keepDifferences) {
                diffs.add(new Difference(sha, g, ours));
              }
            } catch (IOException e) {
              failure[0] = e;
            }
          });
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return new Report(counts[0], counts[1], diffs);
  }
}
