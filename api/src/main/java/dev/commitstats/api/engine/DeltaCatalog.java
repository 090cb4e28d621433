package dev.commitstats.api.engine;

import dev.commitstats.model.DeltaTables;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * The Delta tables of a local lake as DuckDB view definitions over their current data files, read
 * with Delta Kernel. {@link #refresh()} looks at each table's log folder and reads a snapshot only
 * when a newer version was committed, so polling it is cheap.
 */
public final class DeltaCatalog {

  /** One table at one version: the SQL that (re)defines its view. */
  public record TableState(String table, long version, Instant modified, String viewSql) {}

  /** The outcome of one refresh: the tables that moved, and the tables that cannot be read. */
  public record Refresh(List<TableState> changed, Map<String, String> errors) {}

  private final Path lake;
  private final Engine engine = DefaultEngine.create(new Configuration());
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

  private TableState read(String table, Path dir) {
    Snapshot snapshot =
        Table.forPath(engine, dir.toAbsolutePath().toString()).getLatestSnapshot(engine);
    if (!snapshot.getPartitionColumnNames(engine).isEmpty()) {
      throw new IllegalStateException(
          "Delta table " + table + " is partitioned, which the embedded engine does not read");
    }
    var files = new ArrayList<String>();
    try (CloseableIterator<FilteredColumnarBatch> batches =
        snapshot.getScanBuilder(engine).build().getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row row = rows.next();
            if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(row) != null) {
              throw new IllegalStateException(
                  "Delta table "
                      + table
                      + " has deletion vectors, which Athena and the embedded engine do not"
                      + " read: rewrite it with ./commitstats transform --full");
            }
            files.add(localPath(InternalScanFileUtils.getAddFileStatus(row).getPath()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of Delta table " + table, e);
    }
    files.sort(null);
    String view = "CREATE OR REPLACE VIEW " + quote(table) + " AS ";
    if (files.isEmpty()) {
      view +=
          "SELECT "
              + snapshot.getSchema(engine).fields().stream()
                  .map(
                      f ->
                          "CAST(NULL AS "
                              + duckType(f.getDataType())
                              + ") AS "
                              + quote(f.getName()))
                  .collect(Collectors.joining(", "))
              + " WHERE false";
    } else {
      view +=
          "SELECT * FROM read_parquet(["
              + files.stream().map(DeltaCatalog::literal).collect(Collectors.joining(", "))
              + "], union_by_name = true)";
    }
    return new TableState(
        table,
        snapshot.getVersion(engine),
        Instant.ofEpochMilli(snapshot.getTimestamp(engine)),
        view);
  }

  private static String localPath(String path) {
    return path.startsWith("file:") ? Path.of(URI.create(path)).toString() : path;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String literal(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }

  static String duckType(DataType t) {
    if (t instanceof LongType) {
      return "BIGINT";
    } else if (t instanceof IntegerType) {
      return "INTEGER";
    } else if (t instanceof DoubleType || t instanceof FloatType) {
      return "DOUBLE";
    } else if (t instanceof BooleanType) {
      return "BOOLEAN";
    } else if (t instanceof TimestampType) {
      return "TIMESTAMPTZ";
    } else if (t instanceof TimestampNTZType) {
      return "TIMESTAMP";
    } else if (t instanceof DateType) {
      return "DATE";
    } else if (t instanceof ArrayType a) {
      return duckType(a.getElementType()) + "[]";
    } else if (t instanceof StructType s) {
      return "STRUCT("
          + s.fields().stream()
              .map(f -> quote(f.getName()) + " " + duckType(f.getDataType()))
              .collect(Collectors.joining(", "))
          + ")";
    }
    return "VARCHAR";
  }
}
