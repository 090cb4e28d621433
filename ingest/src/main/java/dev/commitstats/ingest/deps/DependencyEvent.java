package dev.commitstats.ingest.deps;

/** One row of raw/dependency_changes: a package a manifest change added, removed or changed. */
public record DependencyEvent(
    String manifestPath,
    String ecosystem,
    String pkg,
    String versionBefore,
    String versionAfter,
    String changeType) {
  public static final String ADDED = "ADDED";
  public static final String REMOVED = "REMOVED";
  public static final String CHANGED = "CHANGED";
}
