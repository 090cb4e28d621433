package dev.commitstats.api.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.lake.sql.DeltaSnapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Views match columns by name only when a table's files disagree on their schema. */
class DuckDbViewTest {
  @TempDir Path dir;

  private String parquet(Statement s, String name, String select) throws Exception {
    String file = dir.resolve(name).toString();
    s.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
    return file;
  }

  private static DeltaSnapshot snapshot(List<String> files) {
    return new DeltaSnapshot(
        "t",
        3,
        0,
        files,
        List.of(
            new DeltaSnapshot.Field("user_id", "VARCHAR"),
            new DeltaSnapshot.Field("commits", "BIGINT")));
  }

  private static List<String> rows(Statement s) throws Exception {
    var out = new ArrayList<String>();
    try (ResultSet rs = s.executeQuery("SELECT * FROM t ORDER BY user_id")) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        var row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "," : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  /** Writes one parquet file per SELECT, defines the view over them; returns its SQL. */
  private String view(Statement s, String... selects) throws Exception {
    var files = new ArrayList<String>();
    for (int i = 0; i < selects.length; i++) {
      files.add(parquet(s, "f" + i + ".parquet", selects[i]));
    }
    String sql = snapshot(files).viewSql(s);
    s.execute(sql);
    return sql;
  }

  @Test
  void filesWithOneSchemaAreReadWithoutUnionByName() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      String sql =
          view(
              s,
              "SELECT 'ann' AS user_id, 3::BIGINT AS commits",
              "SELECT 4::BIGINT AS commits, 'bob' AS user_id");
      assertThat(sql).doesNotContain("union_by_name");
      assertThat(rows(s)).containsExactly("ann,3", "bob,4");
    }
  }

  @Test
  void filesThatDisagreeAreMatchedByName() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      String sql =
          view(s, "SELECT 'ann' AS user_id", "SELECT 'bob' AS user_id, 4::BIGINT AS commits");
      assertThat(sql).contains("union_by_name = true");
      assertThat(rows(s)).containsExactly("ann,null", "bob,4");
    }
  }
}
