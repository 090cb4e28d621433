package dev.commitstats.ingest.sql;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.delta.DeltaSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Delta tables of a local lake as DuckDB views over their current data files. */
public final class DeltaViews {
  private DeltaViews() {}

  /** A table's version and the view over it. */
  public record View(String table, long version, String sql) {}

  /** Views of every Delta table the lake has (tables not written yet are left out). */
  public static List<View> of(Path lake) {
    var out = new ArrayList<View>();
    for (String table : DeltaTables.ALL) {
      Path dir = lake.resolve(DeltaTables.path(table));
      if (Files.isDirectory(dir.resolve("_delta_log"))) {
        DeltaSnapshot s = DeltaSnapshot.read(table, dir);
        out.add(new View(table, s.version(), s.duckDbView()));
      }
    }
    return out;
  }
}
