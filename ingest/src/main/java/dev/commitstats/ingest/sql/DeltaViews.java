package dev.commitstats.ingest.sql;

import dev.commitstats.ingest.lake.DuckDbTypes;
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
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;

/**
 * The Delta tables of a local lake as DuckDB views over their current data files, which Delta
 * Kernel reads from each table's log (DuckDB's own Delta reader is an extension it would download).
 */
public final class DeltaViews {
  private DeltaViews() {}

  /** A table's version and the view over it. */
  public record View(String table, long version, String sql) {}

  /** Views of every Delta table the lake has (tables not written yet are left out). */
  public static List<View> of(Path lake) {
    var out = new ArrayList<View>();
    Engine engine = DefaultEngine.create(new Configuration());
    for (String table : DeltaTables.ALL) {
      Path dir = lake.resolve(DeltaTables.path(table));
      if (Files.isDirectory(dir.resolve("_delta_log"))) {
        out.add(view(engine, table, dir));
      }
    }
    return out;
  }

  static View view(Engine engine, String table, Path dir) {
    Snapshot snapshot =
        Table.forPath(engine, dir.toAbsolutePath().toString()).getLatestSnapshot(engine);
    if (!snapshot.getPartitionColumnNames(engine).isEmpty()) {
      throw new IllegalStateException(
          "Delta table " + table + " is partitioned, which these views do not read");
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
                      + " has deletion vectors, which Athena and these views do not read: rewrite"
                      + " it with ./commitstats transform --full");
            }
            files.add(localPath(InternalScanFileUtils.getAddFileStatus(row).getPath()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of Delta table " + table, e);
    }
    String name = DuckDbTypes.quote(table);
    String sql;
    if (files.isEmpty()) {
      sql =
          "CREATE OR REPLACE VIEW "
              + name
              + " AS SELECT "
              + snapshot.getSchema(engine).fields().stream()
                  .map(
                      f ->
                          "CAST(NULL AS "
                              + duckType(f.getDataType())
                              + ") AS "
                              + DuckDbTypes.quote(f.getName()))
                  .collect(Collectors.joining(", "))
              + " WHERE false";
    } else {
      files.sort(null);
      sql =
          "CREATE OR REPLACE VIEW "
              + name
              + " AS SELECT * FROM read_parquet(["
              + files.stream().map(DuckDbTypes::literal).collect(Collectors.joining(", "))
              + "], union_by_name = true)";
    }
    return new View(table, snapshot.getVersion(engine), sql);
  }

  private static String localPath(String path) {
    return path.startsWith("file:") ? Path.of(URI.create(path)).toString() : path;
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
              .map(
                  (StructField f) ->
                      DuckDbTypes.quote(f.getName()) + " " + duckType(f.getDataType()))
              .collect(Collectors.joining(", "))
          + ")";
    }
    return "VARCHAR";
  }
}
