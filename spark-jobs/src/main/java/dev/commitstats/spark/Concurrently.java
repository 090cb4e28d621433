package dev.commitstats.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent steps of a run (writes of different tables, queries of different views) at the
 * same time. An incremental run's steps are small: most of each one's time is the driver's (query
 * planning, Delta log reads and commits, job scheduling), with the executors idle; running them
 * side by side keeps both busy. Every step runs to its end; the first failure is then rethrown
 * (with the others suppressed), so a failed run never leaves a step of its own still writing.
 *
 * <p>Full runs keep their steps in sequence: each is big, and side by side they would only add up
 * their memory.
 */
final class Concurrently {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private Concurrently() {}

  /** Runs the steps side by side when {@code together}, else one after the other. */
  static void run(boolean together, List<Runnable> steps) {
    if (!together || steps.size() == 1) {
      steps.forEach(Runnable::run);
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            steps.size(),
            r -> {
              Thread t = new Thread(r, "commitstats-step-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      var futures = new ArrayList<Future<?>>();
      for (Runnable step : steps) {
        futures.add(pool.submit(step));
      }
      RuntimeException failure = null;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException re
                  ? re
                  : new IllegalStateException(e.getCause().getMessage(), e.getCause());
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a step of the run", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdown();
    }
  }
}
