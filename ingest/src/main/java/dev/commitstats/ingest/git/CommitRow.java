package dev.commitstats.ingest.git;

import java.util.List;

/** One row of raw/commits (without the run and repository columns, which the writer adds). */
public record CommitRow(
    String sha,
    List<String> parentShas,
    String authorName,
    String authorEmail,
    long authorTimeSeconds,
    int authorTzOffsetMinutes,
    String committerName,
    String committerEmail,
    long committerTimeSeconds,
    String subject,
    List<Person> coAuthors,
    int filesChanged,
    long linesAdded,
    long linesDeleted,
    int filesUnreadable,
    String branch) {

  public boolean isMerge() {
    return parentShas.size() > 1;
  }

  /** A name and email pair, as in a {@code Co-authored-by:} trailer. */
  public record Person(String name, String email) {}
}
