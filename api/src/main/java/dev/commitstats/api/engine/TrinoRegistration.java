package dev.commitstats.api.engine;

import dev.commitstats.model.DeltaTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Registers the lake's Delta tables in a Trino {@code delta_lake} catalog: the schema the URL names
 * is created when missing, and each table the lake holds is registered by its location ({@code CALL
 * system.register_table}: the catalog needs {@code delta.register-table-procedure.enabled}). Tables
 * already registered are left as they are, so running it again after a transform that created a new
 * table registers just that one. Trino reads columns and versions from each table's Delta log:
 * nothing to redo when tables gain columns.
 *
 * <p>Locations: an {@code s3://} lake's tables are {@code s3://…/delta/TABLE}; a local lake's are
 * {@code local:///ABSOLUTE/PATH/delta/TABLE}, which a catalog with {@code
 * fs.native-local.enabled=true} and {@code local.location=/} reads (Trino on the same machine);
 * {@code locationPrefix} overrides where Trino sees the lake's root.
 */
public final class TrinoRegistration {
  private TrinoRegistration() {}

  /** What happened to one table: {@code registered}, {@code already registered}, or the error. */
  public record Outcome(String table, String location, String result, boolean failed) {}

  /** Where Trino sees a table of the lake. */
  public static String location(String lake, String locationPrefix, String table) {
    String root;
    if (locationPrefix != null && !locationPrefix.isBlank()) {
      root = locationPrefix;
    } else if (lake.startsWith("s3://")) {
      root = lake;
    } else {
      root = "local://" + Path.of(lake).toAbsolutePath().normalize();
    }
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    return root + "/" + DeltaTables.path(table);
  }

  /** The tables to register: for a local lake those it holds, for S3 every declared one. */
  static List<String> tables(String lake) {
    if (lake.startsWith("s3://")) {
      return DeltaTables.ALL;
    }
    Path root = Path.of(lake);
    return DeltaTables.ALL.stream()
        .filter(t -> Files.isDirectory(root.resolve(DeltaTables.path(t)).resolve("_delta_log")))
        .toList();
  }

  public static List<Outcome> register(
      TrinoEngine.Settings settings, String lake, String locationPrefix) {
    if (!lake.startsWith("s3://") && !Files.isDirectory(Path.of(lake))) {
      throw new IllegalArgumentException(
          "no lake folder at " + lake + ": run ./commitstats ingest and transform first");
    }
    String catalog = settings.catalog();
    String schema = settings.schema();
    var out = new ArrayList<Outcome>();
    try (Connection c = DriverManager.getConnection(settings.url(), settings.properties());
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS \"" + catalog + "\".\"" + schema + "\"");
      Set<String> existing = new HashSet<>();
      try (var rs =
          st.executeQuery(
              "SELECT table_name FROM \""
                  + catalog
                  + "\".information_schema.tables WHERE table_schema = '"
                  + schema.toLowerCase(java.util.Locale.ROOT) // Trino keeps names in lower case
                  + "'")) {
        while (rs.next()) {
          existing.add(rs.getString(1));
        }
      }
      for (String table : tables(lake)) {
        String location = location(lake, locationPrefix, table);
        if (existing.contains(table)) {
          out.add(new Outcome(table, location, "already registered", false));
          continue;
        }
        try {
          st.execute(
              "CALL \""
                  + catalog
                  + "\".system.register_table(schema_name => "
                  + literal(schema)
                  + ", table_name => "
                  + literal(table)
                  + ", table_location => "
                  + literal(location)
                  + ")");
          out.add(new Outcome(table, location, "registered", false));
        } catch (SQLException e) {
          out.add(new Outcome(table, location, JdbcLakeEngine.firstLine(e.getMessage()), true));
        }
      }
    } catch (SQLException e) {
      throw new EngineException(
          "Trino at "
              + settings.url()
              + " refused the registration: "
              + JdbcLakeEngine.firstLine(e.getMessage()),
          e);
    }
    return out;
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
