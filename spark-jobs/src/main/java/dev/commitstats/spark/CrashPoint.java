package dev.commitstats.spark;

/**
 * Test hook: {@code COMMITSTATS_CRASH_AT=transform:<step>} halts the JVM (as a kill would) when the
 * transform reaches that step. Unset in production, where it costs one map lookup per step.
 */
final class CrashPoint {
  private CrashPoint() {}

  static void maybeHalt(String step) {
    String at = System.getenv("COMMITSTATS_CRASH_AT");
    if (at != null && at.equals("transform:" + step)) {
      System.err.println("commitstats transform: crash point " + step + " reached, halting");
      Runtime.getRuntime().halt(137);
    }
  }
}
