package dev.commitstats.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitstats.lake.sql.LakeSql;
import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.TableSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * What the API reads is what model/ declares: every statement binds against views that hold only
 * the declared columns of each Delta table (an undeclared or renamed column fails to bind).
 */
class DeclaredColumnsTest {

  @Test
  void everyStatementReadsDeclaredColumnsOnly() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        var s = c.createStatement()) {
      for (TableSchema t : DeltaTables.schemas()) {
        s.execute(LakeSql.emptyView(t.name(), t));
      }
      assertThat(SqlCvQueries.ALL).hasSizeGreaterThanOrEqualTo(10);
      for (String sql : SqlCvQueries.ALL) {
        assertThatCode(() -> c.prepareStatement(sql).close()).as(sql).doesNotThrowAnyException();
      }
      assertThatThrownBy(() -> c.prepareStatement("SELECT no_such_column FROM user_cv_summary"))
          .isInstanceOf(SQLException.class);
    }
  }
}
