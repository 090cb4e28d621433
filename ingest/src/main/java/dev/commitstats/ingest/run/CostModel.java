package dev.commitstats.ingest.run;

import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.lake.Lake;
import dev.commitstats.lake.sql.DuckDbTypes;
import dev.commitstats.model.LakeLayout;
import dev.commitstats.model.RawTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a repository's ingest is expected to cost, in milliseconds of one task, from what the driver
 * can see without fetching: the last run's time for a repository whose last walk completed (an
 * incremental run costs about what the last one did), the size of its objects on disk for a first
 * or interrupted walk, and for a remote repository never cloned here the median of those (it is a
 * first collection too). Good enough to start the largest work first; nothing counts on it being
 * exact.
 */
public final class CostModel {
  private static final Logger LOG = LoggerFactory.getLogger(CostModel.class);

  /**
   * Object bytes analysed per millisecond on one core, from the first ingests of git/git (523 MB of
   * objects, 82k commits, 35 s) and pydantic (474 MB, 5.7k commits, 5 s) on two cores.
   */
  static final long BYTES_PER_MS = 15_000;

  /** A first collection whose size nothing tells. */
  static final long UNKNOWN_MS = 10_000;

  /** The runs of raw/repos read for last durations: the latest ones. */
  private static final int RECENT_RUNS = 20;

  /** An estimate and what it is based on (for the plan's log). */
  public record Estimate(long millis, String basis) {}

  private CostModel() {}

  /** One estimate per source, in the sources' order. */
  public static List<Estimate> estimate(Lake lake, List<RepoSource> sources, Path cacheDir)
      throws IOException {
    Map<String, Long> lastMillis = lastDurations(lake);
    List<RepoState> loaded = states(lake, sources);
    var out = new ArrayList<Estimate>(sources.size());
    var sized = new ArrayList<Long>();
    var unknown = new ArrayList<Integer>();
    for (int i = 0; i < sources.size(); i++) {
      RepoSource s = sources.get(i);
      RepoState state = loaded.get(i);
      boolean complete = !state.tips().isEmpty() && state.incompleteReason() == null;
      Long last = lastMillis.get(s.repoId());
      if (complete && last != null && state.committedBatches().size() > 0) {
        out.add(new Estimate(Math.max(1, last), "last run"));
        continue;
      }
      Path objects = objectsOf(s, cacheDir);
      if (objects != null) {
        long ms = Math.max(1, bytes(objects) / BYTES_PER_MS);
        sized.add(ms);
        out.add(new Estimate(ms, "objects on disk"));
      } else {
        unknown.add(out.size());
        out.add(null);
      }
    }
    long fallback =
        sized.isEmpty() ? UNKNOWN_MS : sized.stream().sorted().toList().get(sized.size() / 2);
    for (int i : unknown) {
      out.set(i, new Estimate(fallback, "first collection, size unknown"));
    }
    return out;
  }

  /**
   * Every source's state, read 16 at a time: thousands of small reads from S3 one after the other
   * would be most of the plan's time.
   */
  private static List<RepoState> states(Lake lake, List<RepoSource> sources) throws IOException {
    var store = new StateStore(lake);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      var futures = new ArrayList<java.util.concurrent.Future<RepoState>>();
      for (RepoSource s : sources) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    return store.load(s.repoId(), s.repoUrl());
                  } catch (IOException | RuntimeException e) {
                    // a damaged state fails that repository's task, with the message saying so;
                    // for the estimate it is a first collection
                    return RepoState.empty(s.repoId(), s.repoUrl());
                  }
                }));
      }
      var out = new ArrayList<RepoState>(sources.size());
      for (var f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the repositories' states", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Path objectsOf(RepoSource s, Path cacheDir) {
    Path dir;
    if (s.remote()) {
      dir = cacheDir.resolve(s.repoId() + ".git");
    } else if (s.repoUrl().startsWith("file://")) {
      dir = Path.of(s.repoUrl().substring("file://".length()));
      if (Files.isDirectory(dir.resolve(".git"))) {
        dir = dir.resolve(".git");
      }
    } else {
      return null;
    }
    Path objects = dir.resolve("objects");
    return Files.isDirectory(objects) ? objects : null;
  }

  private static long bytes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(CostModel::size).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Each repository's time in the latest run that collected it without an error. */
  private static Map<String, Long> lastDurations(Lake lake) throws IOException {
    var files =
        lake.list(LakeLayout.rawTable(RawTables.REPOS)).stream()
            .filter(p -> p.endsWith(".parquet"))
            .sorted()
            .toList();
    var out = new HashMap<String, Long>();
    if (files.isEmpty()) {
      return out;
    }
    var recent = new ArrayList<String>();
    for (String p : files.subList(Math.max(0, files.size() - RECENT_RUNS), files.size())) {
      recent.add(DuckDbTypes.literal(lake.localPath(p).toString()));
    }
    String sql =
        "SELECT repo_id, arg_max(duration_ms, ingest_run_id) FROM read_parquet(["
            + String.join(", ", recent)
            + "]) WHERE collect_status <> 'error' GROUP BY repo_id";
    try (var conn = DriverManager.getConnection("jdbc:duckdb:");
        var st = conn.createStatement();
        var rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      // only an estimate: without the durations every repository is estimated by its size
      LOG.warn("could not read the last runs' durations from raw/repos: {}", e.getMessage());
    }
    return out;
  }
}
