package dev.commitstats.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points where a crash test can stop the process dead, as a kill would, to prove that a rerun
 * repairs the lake from exactly there. Off unless {@code COMMITSTATS_CRASH_AT} is set, e.g. {@code
 * publish:3} halts right after the third data file is published (before the state that lists it),
 * {@code checkpoint:2} right after the second state write.
 */
public final class CrashPoints {
  private CrashPoints() {}

  static final String ENV = "COMMITSTATS_CRASH_AT";
  private static final String TARGET = System.getenv(ENV);
  private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

  public static void reached(String point) {
    if (TARGET == null) {
      return;
    }
    int n = COUNTS.computeIfAbsent(point, k -> new AtomicInteger()).incrementAndGet();
    if (TARGET.equals(point + ":" + n)) {
      // no shutdown hooks, no flushing: the same as SIGKILL for the lake
      Runtime.getRuntime().halt(137);
    }
  }
}
