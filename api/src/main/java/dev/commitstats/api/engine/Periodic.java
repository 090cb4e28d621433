package dev.commitstats.api.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** A background task on its own daemon thread, run at a fixed delay; a failure is logged. */
final class Periodic {
  private Periodic() {}

  static ScheduledExecutorService start(String name, Duration every, Runnable task, Logger log) {
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    long ms = every.toMillis();
    s.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.error("{} failed: {}", name, e.getMessage());
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
    return s;
  }
}
