package dev.commitstats.lake.sql;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.TableSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The demo's queries read only declared columns of the Delta tables. */
class DemoQueriesTest {

  @Test
  void everyDemoQueryBindsAgainstTheDeclaredTables() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        var s = c.createStatement()) {
      for (TableSchema t : DeltaTables.schemas()) {
        s.execute(LakeSql.emptyView(t.name(), t));
      }
      for (String sql : DemoQueries.ALL) {
        assertThatCode(() -> s.executeQuery(sql).close()).as(sql).doesNotThrowAnyException();
      }
      assertThatThrownBy(() -> s.executeQuery("SELECT streak FROM user_cv_summary"))
          .isInstanceOf(SQLException.class);
    }
  }
}
