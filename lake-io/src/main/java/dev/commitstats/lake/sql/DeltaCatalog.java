package dev.commitstats.lake.sql;

import dev.commitstats.model.DeltaTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Delta tables of a local lake: their current data files and columns ({@link DeltaSnapshot},
 * read with Delta Kernel). {@link #refresh()} looks at each table's log folder and reads a snapshot
 * only when a newer version was committed, so polling it is cheap.
 */
public final class DeltaCatalog {

  /** One table at one version: its files and columns. */
  public record TableState(String table, long version, Instant modified, DeltaSnapshot snapshot) {}

  /** The outcome of one refresh: the tables that moved, and the tables that cannot be read. */
  public record Refresh(List<TableState> changed, Map<String, String> errors) {}

  private final Path lake;
  private final Map<String, TableState> current = new HashMap<>();

  public DeltaCatalog(Path lake) {
    this.lake = lake;
  }

  /** The tables read so far, by name. */
  public synchronized Map<String, TableState> tables() {
    return Map.copyOf(current);
  }

  /** Reads every table whose log has a version newer than the one read last. */
  public synchronized Refresh refresh() {
    var changed = new ArrayList<TableState>();
    var errors = new HashMap<String, String>();
    for (String table : DeltaTables.ALL) {
      Path dir = lake.resolve(DeltaTables.path(table));
      long logVersion = latestLogVersion(dir.resolve("_delta_log"));
      TableState known = current.get(table);
      if (logVersion < 0 || (known != null && known.version() == logVersion)) {
        continue;
      }
      try {
        TableState state = read(table, dir);
        current.put(table, state);
        changed.add(state);
      } catch (RuntimeException e) {
        errors.put(table, e.getMessage());
      }
    }
    return new Refresh(changed, errors);
  }

  /** The newest commit number in a Delta log folder, or -1 when there is none. */
  static long latestLogVersion(Path log) {
    if (!Files.isDirectory(log)) {
      return -1;
    }
    try (Stream<Path> files = Files.list(log)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json") && n.length() == 25 && Character.isDigit(n.charAt(0)))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20)))
          .max()
          .orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + log, e);
    }
  }

  private static TableState read(String table, Path dir) {
    DeltaSnapshot s = DeltaSnapshot.read(table, dir);
    return new TableState(table, s.version(), Instant.ofEpochMilli(s.timestampMillis()), s);
  }
}
