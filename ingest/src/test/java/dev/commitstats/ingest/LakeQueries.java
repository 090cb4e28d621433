package dev.commitstats.ingest;

import dev.commitstats.lake.Lake;
import dev.commitstats.lake.sql.LakeSql;
import dev.commitstats.lake.sql.ResultPrinter;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a lake through the same SQL views the {@code sql} command uses. */
public final class LakeQueries {
  private LakeQueries() {}

  public static List<List<Object>> rows(Path lake, String sql) throws SQLException {
    try (var c = LakeSql.open(lake)) {
      return rows(c, sql);
    }
  }

  /** The same, for any lake (an S3 lake is read through its local mirror). */
  public static List<List<Object>> rows(Lake lake, String sql) throws SQLException, IOException {
    try (var c = LakeSql.open(lake)) {
      return rows(c, sql);
    }
  }

  private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      var out = new ArrayList<List<Object>>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        var row = new ArrayList<Object>();
        for (int i = 1; i <= n; i++) {
          // lists, structs and timestamps as plain values, integers as longs: rows compare by value
          Object raw = rs.getObject(i);
          Object v = raw instanceof java.math.BigInteger big ? big : ResultPrinter.plain(raw);
          row.add(v instanceof Number num && !(v instanceof Double) ? num.longValue() : v);
        }
        out.add(row);
      }
      return out;
    }
  }

  public static long count(Path lake, String sql) throws SQLException {
    return ((Number) rows(lake, sql).get(0).get(0)).longValue();
  }

  public static String text(Path lake, String sql) throws SQLException {
    Object v = rows(lake, sql).get(0).get(0);
    return v == null ? null : v.toString();
  }
}
