package dev.commitstats.lake.sql;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The Delta tables of a local lake as DuckDB views over their current data files. */
public final class DeltaViews {
  private DeltaViews() {}

  /** A table's version and the view over it. */
  public record View(String table, long version, String sql) {}

  /**
   * Views of every Delta table the lake has (tables not written yet are left out), as the API's
   * engine defines them ({@link DeltaSnapshot#viewSql}); a table that cannot be read fails all.
   */
  public static List<View> of(Path lake, Statement duckDb) throws SQLException {
    DeltaCatalog.Refresh r = new DeltaCatalog(lake).refresh();
    if (!r.errors().isEmpty()) {
      var e = r.errors().entrySet().iterator().next();
      throw new IllegalStateException("Delta table " + e.getKey() + ": " + e.getValue());
    }
    var out = new ArrayList<View>();
    for (DeltaCatalog.TableState t : r.changed()) {
      out.add(new View(t.table(), t.version(), t.snapshot().viewSql(duckDb)));
    }
    return out;
  }
}
