package dev.commitstats.ingest.git;

import dev.commitstats.model.ChangeType;
import dev.commitstats.model.FileCategory;

/** One row of raw/file_changes: a file of a non-merge commit, as git's numstat reports it. */
public record FileChangeRow(
    String sha,
    String path,
    String oldPath,
    ChangeType changeType,
    Long linesAdded,
    Long linesDeleted,
    boolean binary,
    String language,
    FileCategory category,
    Integer similarity,
    String oldMode,
    String newMode,
    boolean contentMissing) {}
