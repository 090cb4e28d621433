package dev.commitstats.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points where a crash test can stop the process dead, as a kill would, to prove that a rerun
 * repairs the lake from exactly there. Off unless {@code COMMITSTATS_CRASH_AT} is set to {@code
 * POINT} (its first time) or {@code POINT:N} (its N-th time): e.g. {@code publish:3} halts right
 * after the third data file ingest publishes (before the state that lists it), {@code
 * transform.gold} when the transform has written the weekly tables. Unset in production, where a
 * point costs one null check.
 */
public final class CrashPoints {
  private CrashPoints() {}

  static final String ENV = "COMMITSTATS_CRASH_AT";
  private static final String TARGET = target(System.getenv(ENV));
  private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

  /** {@code POINT} means {@code POINT:1}. */
  static String target(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.matches(".*:\\d+") ? value : value + ":1";
  }

  public static void reached(String point) {
    if (TARGET == null) {
      return;
    }
    int n = COUNTS.computeIfAbsent(point, k -> new AtomicInteger()).incrementAndGet();
    if (TARGET.equals(point + ":" + n)) {
      System.err.println("commitstats: crash point " + point + ":" + n + " reached, halting");
      System.err.flush();
      // no shutdown hooks, no flushing of anything else: the same as SIGKILL for the lake
      Runtime.getRuntime().halt(137);
    }
  }
}
