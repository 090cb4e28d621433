package dev.commitstats.ingest.lake;

import java.util.List;

/** One row of raw/repos: how collecting one repository went in one run. */
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
    long durationMs) {}
