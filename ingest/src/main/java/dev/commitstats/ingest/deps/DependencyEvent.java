package dev.commitstats.ingest.deps;

/**
 * One row of raw/dependency_changes: a package a manifest change added, removed or changed. A
 * version that refers to a property no file of the repository defines is null, with the spec as
 * written beside it ({@code versionBeforeSpec}, {@code versionAfterSpec}); never a placeholder.
 */
public record DependencyEvent(
    String manifestPath,
    String ecosystem,
    String pkg,
    String versionBefore,
    String versionAfter,
    String changeType,
    String versionBeforeSpec,
    String versionAfterSpec) {

  /** An event whose versions are resolved (or null), their specs split off when they are not. */
  static DependencyEvent of(
      String manifestPath,
      String ecosystem,
      String pkg,
      String before,
      String after,
      String changeType) {
    return new DependencyEvent(
        manifestPath,
        ecosystem,
        pkg,
        unresolved(before) ? null : before,
        unresolved(after) ? null : after,
        changeType,
        unresolved(before) ? before : null,
        unresolved(after) ? after : null);
  }

  /** A version that still names a property ({@code ${javalin.version}}). */
  static boolean unresolved(String version) {
    return version != null && version.contains("${");
  }

  public static final String ADDED = "ADDED";
  public static final String REMOVED = "REMOVED";
  public static final String CHANGED = "CHANGED";
}
