package dev.commitstats.api.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Runs one statement with bound parameters on a connection and reads its rows. */
final class Jdbc {
  private Jdbc() {}

  static <T> List<T> query(Connection c, String sql, List<?> params, SqlEngine.RowReader<T> reader)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      return query(ps, params, reader);
    }
  }

  /** Runs a prepared statement (left open) with these parameters. */
  static <T> List<T> query(PreparedStatement ps, List<?> params, SqlEngine.RowReader<T> reader)
      throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
    var out = new ArrayList<T>();
    try (ResultSet rs = ps.executeQuery()) {
      ResultRow row = new ResultRow(rs);
      while (rs.next()) {
        out.add(reader.read(row));
      }
    }
    return out;
  }
}
