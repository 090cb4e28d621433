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
 *
 * <p>With {@code COMMITSTATS_CRASH_MODE=throw} the point throws {@link Crash} instead: what a Spark
 * task killed mid-repository looks like to the engine (the task fails and Spark retries it in the
 * same executor JVM, which a halt would take down with the driver in local mode).
 */
public final class CrashPoints {
  private CrashPoints() {}

  static final String ENV = "COMMITSTATS_CRASH_AT";
  private static final String TARGET = target(System.getenv(ENV));
  private static final boolean THROW = "throw".equals(System.getenv("COMMITSTATS_CRASH_MODE"));
  private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

  /** A crash point reached in throw mode: an error no ingest or transform code catches. */
  public static final class Crash extends Error {
    Crash(String point) {
      super("crash point " + point + " reached");
    }
  }

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
      if (THROW) {
        System.err.println("commitstats: crash point " + point + ":" + n + " reached, throwing");
        throw new Crash(point + ":" + n);
      }
      System.err.println("commitstats: crash point " + point + ":" + n + " reached, halting");
      System.err.flush();
      // no shutdown hooks, no flushing of anything else: the same as SIGKILL for the lake
      Runtime.getRuntime().halt(137);
    }
  }
}
