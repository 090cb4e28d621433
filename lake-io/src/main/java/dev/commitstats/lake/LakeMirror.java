package dev.commitstats.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A local copy of some Delta tables of a lake on S3, for the embedded engine on AWS Lambda: the
 * files of each table are fetched once (Delta's data and log files never change once written), and
 * a sync first lists only the log of the trigger table (the transform's run log, which moves with
 * every run), so a sync with nothing new costs one LIST request.
 */
public final class LakeMirror {
  /** What a sync did: files fetched, bytes, and whether the trigger's log had moved. */
  public record Sync(int files, long bytes, boolean moved) {}

  private static final int FETCH_THREADS = 16;

  private final Lake remote;
  private final List<String> tables;
  private final String trigger;
  private Set<String> triggerLog;

  /**
   * @param tables the tables' folders in the lake ({@code delta/user_cv_summary}, …); the first is
   *     the trigger, whose log is listed first
   */
  public LakeMirror(Lake remote, List<String> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a mirror of no table");
    }
    this.remote = remote;
    this.tables = List.copyOf(tables);
    this.trigger = tables.get(0) + "/_delta_log";
  }

  /** The local folder the tables are copied into (a lake folder the engine reads). */
  public Path root() throws IOException {
    return remote.localRoot();
  }

  /** Fetches what is new since the last sync; nothing when the trigger's log did not move. */
  public synchronized Sync sync() throws IOException {
    Set<String> log = new HashSet<>(remote.list(trigger));
    if (triggerLog != null && log.equals(triggerLog)) {
      return new Sync(0, 0, false);
    }
    Path root = root();
    var missing = new java.util.ArrayList<String>();
    for (String table : tables) {
      for (String key : remote.list(table)) {
        if (key.endsWith(Lake.STAGING_SUFFIX) || key.endsWith("/_last_checkpoint")) {
          continue; // a hint only: the log is listed in full
        }
        if (!Files.exists(root.resolve(key))) {
          missing.add(key);
        }
      }
    }
    // the data files first, the logs that name them after: a sync cut short (S3 failing after
    // its retries) leaves the copy at its old versions, never a version whose files are missing
    var data = missing.stream().filter(k -> !k.contains("/_delta_log/")).toList();
    var logs = missing.stream().filter(k -> k.contains("/_delta_log/")).toList();
    // many small files: fetched several at a time (each is a round trip)
    var pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(1, Math.min(FETCH_THREADS, missing.size())));
    try {
      long bytes = fetch(pool, data);
      try {
        bytes += fetch(pool, logs);
      } catch (IOException | RuntimeException e) {
        for (String key : logs) {
          Files.deleteIfExists(root.resolve(key));
        }
        throw e;
      }
      triggerLog = log;
      return new Sync(missing.size(), bytes, true);
    } finally {
      pool.shutdownNow();
    }
  }

  private long fetch(java.util.concurrent.ExecutorService pool, List<String> keys)
      throws IOException {
    var sizes = new java.util.ArrayList<java.util.concurrent.Future<Long>>();
    for (String key : keys) {
      sizes.add(pool.submit(() -> Files.size(remote.localPath(key))));
    }
    long bytes = 0;
    try {
      for (var f : sizes) {
        bytes += f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      sizes.forEach(f -> f.cancel(true));
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching the lake's tables", e);
    }
    return bytes;
  }
}
