package dev.commitstats.lake.sql;

import dev.commitstats.lake.Lake;
import dev.commitstats.lake.LakeErrors;
import dev.commitstats.model.Column;
import dev.commitstats.model.LakeLayout;
import dev.commitstats.model.RawTables;
import dev.commitstats.model.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An embedded DuckDB that sees a local lake: every raw table as a view {@code raw_<name>} over its
 * Parquet files (an empty view with the model's columns when there are none yet), and every Delta
 * table the transform wrote as a view by its own name ({@link DeltaViews}).
 */
public final class LakeSql {
  private LakeSql() {}

  /**
   * SQL over any lake: a local folder directly; an S3 lake through a local mirror of its raw
   * Parquet files (downloaded once each; published files never change).
   */
  public static Connection open(Lake lake) throws SQLException, IOException {
    if (!lake.location().startsWith("s3://")) {
      return open(lake.localRoot());
    }
    for (TableSchema t : RawTables.all()) {
      for (String file : lake.list(LakeLayout.rawTable(t))) {
        if (file.endsWith(".parquet")) {
          lake.localPath(file);
        }
      }
    }
    // Delta tables: their logs and data files (both immutable once written, but for
    // _last_checkpoint, a hint Delta Kernel checks against the log it lists).
    for (String file : lake.list(LakeLayout.DELTA)) {
      lake.localPath(file);
    }
    return open(lake.localRoot());
  }

  public static Connection open(Path lake) throws SQLException {
    if (!Files.isDirectory(lake)) {
      throw LakeErrors.missing(lake);
    }
    Connection conn = DriverManager.getConnection("jdbc:duckdb:");
    try (var s = conn.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      for (TableSchema t : RawTables.all()) {
        s.execute(viewSql(lake, t));
      }
      for (DeltaViews.View v : DeltaViews.of(lake, s)) {
        s.execute(v.sql());
      }
    } catch (SQLException | IOException | RuntimeException e) {
      conn.close();
      throw new SQLException("cannot expose the lake " + lake + " to SQL: " + e.getMessage(), e);
    }
    return conn;
  }

  static String viewSql(Path lake, TableSchema table) throws IOException {
    Path dir = lake.resolve(LakeLayout.rawTable(table));
    String name = LakeLayout.rawSqlName(table);
    String columns =
        table.columns().stream()
            .map(c -> DuckDbTypes.quote(c.name()))
            .collect(Collectors.joining(", "));
    if (hasParquet(dir)) {
      String glob = dir.toAbsolutePath() + "/**/*.parquet";
      return "CREATE OR REPLACE VIEW "
          + name
          + " AS SELECT "
          + columns
          + " FROM read_parquet("
          + DuckDbTypes.literal(glob)
          + ", hive_partitioning = false, union_by_name = true)";
    }
    return emptyView(name, table);
  }

  /** {@code CREATE OR REPLACE VIEW name} of no rows with the table's columns and types. */
  public static String emptyView(String name, TableSchema table) {
    String typedNulls =
        table.columns().stream().map(LakeSql::typedNull).collect(Collectors.joining(", "));
    return "CREATE OR REPLACE VIEW "
        + DuckDbTypes.quote(name)
        + " AS SELECT "
        + typedNulls
        + " WHERE false";
  }

  private static String typedNull(Column c) {
    return "CAST(NULL AS " + DuckDbTypes.lakeType(c.type()) + ") AS " + DuckDbTypes.quote(c.name());
  }

  private static boolean hasParquet(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
    }
  }
}
