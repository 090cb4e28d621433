package dev.commitstats.ingest.lake;

import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.model.CollectStatus;
import dev.commitstats.model.Visibility;
import java.util.List;

/**
 * One row of raw/repos: how collecting one repository went in one run. Built with {@link #of} (a
 * source's identity) or {@link #builder} and the {@code with…} setters of {@link Builder}, e.g.
 *
 * <pre>{@code
 * RepoStatusRow.builder(repoId, url).provider("git").name(name).error(message).build()
 * }</pre>
 */
public record RepoStatusRow(
    String repoId,
    String repoUrl,
    String provider,
    String owner,
    String name,
    String visibility,
    boolean fork,
    String upstreamUrl,
    boolean active,
    boolean extra,
    String collectStatus,
    String errorMessage,
    long lastUpdateSeconds,
    String lastCommitSha,
    Long lastCommitTimeSeconds,
    boolean allCommitsProcessed,
    String defaultBranch,
    List<String> branches,
    long newCommits,
    long retractedCommits,
    long unreadableFiles,
    long durationMs)
    implements java.io.Serializable {

  public RepoStatusRow {
    branches = branches == null ? List.of() : List.copyOf(branches);
  }

  /**
   * A row of a repository known only by id and URL: private, active, not a fork nor extra, updated
   * now, nothing collected yet.
   */
  public static Builder builder(String repoId, String repoUrl) {
    return new Builder(repoId, repoUrl);
  }

  /** A row with the identity of {@code source} (provider, owner, name, visibility, selection). */
  public static Builder of(RepoSource source) {
    var b = builder(source.repoId(), source.repoUrl());
    b.provider = source.provider();
    b.owner = source.owner();
    b.name = source.name();
    b.visibility = source.visibility().value();
    b.fork = source.fork();
    b.upstreamUrl = source.upstreamUrl();
    b.active = source.active();
    b.extra = source.extra();
    return b;
  }

  /** The fields of a row being built; see {@link RepoStatusRow} for their meaning. */
  public static final class Builder {
    private final String repoId;
    private final String repoUrl;
    private String provider;
    private String owner;
    private String name;
    private String visibility = Visibility.PRIVATE.value();
    private boolean fork;
    private String upstreamUrl;
    private boolean active = true;
    private boolean extra;
    private String collectStatus = CollectStatus.ERROR.value();
    private String errorMessage;
    private long lastUpdateSeconds = System.currentTimeMillis() / 1000;
    private String lastCommitSha;
    private Long lastCommitTimeSeconds;
    private boolean allCommitsProcessed;
    private String defaultBranch;
    private List<String> branches = List.of();
    private long newCommits;
    private long retractedCommits;
    private long unreadableFiles;
    private long durationMs;

    private Builder(String repoId, String repoUrl) {
      this.repoId = repoId;
      this.repoUrl = repoUrl;
    }

    public Builder provider(String value) {
      provider = value;
      return this;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    /** The collection's outcome and its message (null when there is nothing to say). */
    public Builder status(CollectStatus status, String message) {
      collectStatus = status.value();
      errorMessage = message;
      return this;
    }

    /** A failed collection: {@code error} with what went wrong and how to fix it. */
    public Builder error(String message) {
      return status(CollectStatus.ERROR, message);
    }

    /** The newest commit of the ingested branches and its committer time (epoch seconds). */
    public Builder lastCommit(String sha, Long timeSeconds) {
      lastCommitSha = sha;
      lastCommitTimeSeconds = timeSeconds;
      return this;
    }

    public Builder allCommitsProcessed(boolean value) {
      allCommitsProcessed = value;
      return this;
    }

    public Builder branches(String defaultBranch, List<String> branches) {
      this.defaultBranch = defaultBranch;
      this.branches = branches;
      return this;
    }

    /** What this run collected: commits written and retracted, unreadable files. */
    public Builder collected(long newCommits, long retractedCommits, long unreadableFiles) {
      this.newCommits = newCommits;
      this.retractedCommits = retractedCommits;
      this.unreadableFiles = unreadableFiles;
      return this;
    }

    public Builder durationMs(long value) {
      durationMs = value;
      return this;
    }

    public RepoStatusRow build() {
      return new RepoStatusRow(
          repoId,
          repoUrl,
          provider,
          owner,
          name,
          visibility,
          fork,
          upstreamUrl,
          active,
          extra,
          collectStatus,
          errorMessage,
          lastUpdateSeconds,
          lastCommitSha,
          lastCommitTimeSeconds,
          allCommitsProcessed,
          defaultBranch,
          branches,
          newCommits,
          retractedCommits,
          unreadableFiles,
          durationMs);
    }
  }
}
