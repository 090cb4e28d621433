package dev.commitstats.lake.sql;

import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;

/**
 * A local Delta table's latest version as DuckDB can read it: its data files (found with Delta
 * Kernel, since DuckDB's own Delta reader is an extension it would download) and its schema in
 * DuckDB types. Used by the {@code sql} command and the API's embedded engine. Tables Athena could
 * not read either (deletion vectors) or that a file list cannot express (partitions) are refused.
 *
 * @param columns the table's columns in order, with their DuckDB types
 */
public record DeltaSnapshot(
    String table, long version, long timestampMillis, List<String> files, List<Field> columns) {

  /** A column and its DuckDB type. */
  public record Field(String name, String duckType) {}

  /** One Kernel engine per process: it holds only a Hadoop configuration. */
  private static final Engine ENGINE = DefaultEngine.create(new Configuration());

  /** Reads the latest snapshot of the Delta table in {@code dir}. */
  public static DeltaSnapshot read(String table, Path dir) {
    Snapshot snapshot =
        Table.forPath(ENGINE, dir.toAbsolutePath().toString()).getLatestSnapshot(ENGINE);
    if (!snapshot.getPartitionColumnNames(ENGINE).isEmpty()) {
      throw new IllegalStateException(
          "Delta table " + table + " is partitioned, which these DuckDB views do not read");
    }
    var files = new ArrayList<String>();
    try (CloseableIterator<FilteredColumnarBatch> batches =
        snapshot.getScanBuilder(ENGINE).build().getScanFiles(ENGINE)) {
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
    files.sort(null);
    List<Field> columns =
        snapshot.getSchema(ENGINE).fields().stream()
            .map(f -> new Field(f.getName(), DuckDbTypes.deltaType(f.getDataType())))
            .toList();
    return new DeltaSnapshot(
        table, snapshot.getVersion(ENGINE), snapshot.getTimestamp(ENGINE), files, columns);
  }

  /**
   * {@code CREATE OR REPLACE VIEW} of this version: its files read by name (columns matched by name
   * across files, so files written before a column was added read as null there), or, with no
   * files, an empty view of the table's columns and types.
   */
  public String duckDbView() {
    return duckDbView(true);
  }

  /**
   * {@code CREATE OR REPLACE VIEW} of this version.
   *
   * @param unionByName whether the files' schemas may differ. False binds every query faster
   *     (DuckDB reads the first file's schema instead of every file's) but fails on files without
   *     one of the first file's columns: pass it only when {@link #duckDbDistinctSchemasSql} is 1.
   */
  public String duckDbView(boolean unionByName) {
    String view = "CREATE OR REPLACE VIEW " + DuckDbTypes.quote(table) + " AS ";
    if (files.isEmpty()) {
      return view
          + "SELECT "
          + columns.stream()
              .map(c -> "CAST(NULL AS " + c.duckType() + ") AS " + DuckDbTypes.quote(c.name()))
              .collect(Collectors.joining(", "))
          + " WHERE false";
    }
    return view
        + "SELECT * FROM read_parquet("
        + fileList()
        + (unionByName ? ", union_by_name = true)" : ")");
  }

  /**
   * The view of this version for the DuckDB that {@code s} talks to: files matched by name only
   * when their schemas differ (a table whose columns changed), since that makes DuckDB read every
   * file's schema for every query.
   */
  public String viewSql(Statement s) throws SQLException {
    if (files.size() <= 1) {
      return duckDbView(false);
    }
    try (ResultSet rs = s.executeQuery(duckDbDistinctSchemasSql())) {
      rs.next();
      return duckDbView(rs.getLong(1) > 1);
    }
  }

  /**
   * A DuckDB query answering one number: how many different schemas (column names, types and
   * nesting, in any order) this version's files have; 0 with no files.
   */
  public String duckDbDistinctSchemasSql() {
    if (files.isEmpty()) {
      return "SELECT 0";
    }
    return "SELECT count(DISTINCT s) FROM (SELECT file_name, string_agg(name || ':' ||"
        + " coalesce(type, '') || ':' || coalesce(CAST(num_children AS VARCHAR), ''), ','"
        + " ORDER BY name, type, num_children) AS s FROM parquet_schema("
        + fileList()
        + ") GROUP BY file_name)";
  }

  private String fileList() {
    return files.stream().map(DuckDbTypes::literal).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String localPath(String path) {
    return path.startsWith("file:") ? Path.of(URI.create(path)).toString() : path;
  }
}
