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
 * same time. An incremental run's steps are small: much of each one's time is the driver's (query
 * planning, Delta log reads and commits, job scheduling), which leaves a cluster's executors idle;
 * side by side, one step's jobs run while another is planned or committed. On a 2-core machine,
 * where a refresh is CPU-bound throughout, it measured within noise. Every step runs to its end;
 * the first failure is then rethrown (with the others suppressed), so a failed run never leaves a
 * step of its own still writing.
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
      Throwable failure = null;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          } else {
            failure.addSuppressed(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a step of the run", e);
        }
      }
      if (failure instanceof RuntimeException re) {
        throw re;
      } else if (failure instanceof Error err) {
        throw err;
      } else if (failure != null) {
        throw new IllegalStateException(failure.getMessage(), failure);
      }
    } finally {
      pool.shutdown();
    }
  }
}
