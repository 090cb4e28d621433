package dev.commitstats.ingest.git;

import java.util.List;

/** A commit with its file rows, ready to be written. */
public record AnalyzedCommit(CommitRow commit, List<FileChangeRow> files) {}
