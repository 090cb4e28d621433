package dev.commitstats.ingest.git;

import dev.commitstats.ingest.deps.DependencyEvent;
import java.util.List;

/** A commit with its file rows and dependency events, ready to be written. */
public record AnalyzedCommit(
    CommitRow commit, List<FileChangeRow> files, List<DependencyEvent> dependencies) {}
