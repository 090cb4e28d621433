package dev.commitstats.api.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lake whose Delta tables are registered in a SQL service reached over JDBC: Athena or Trino. One
 * code path for both: a connection per query (the drivers speak HTTP; a connection is a session,
 * not a socket), bound parameters, the rows read by {@link ResultRow}, and the tables' versions
 * polled in the background, never on a request's path. Only the driver, its URL and the way
 * versions are read differ ({@link VersionSource}).
 */
public final class JdbcLakeEngine implements SqlEngine {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcLakeEngine.class);

  /** How the tables' versions are known. */
  public enum VersionSource {
    /**
     * Trino: each table's Delta version and commit time from its {@code "table$history"} table (the
     * same numbers DuckDB reads from the Delta log).
     */
    DELTA_HISTORY,
    /**
     * Athena, which exposes no Delta version: the newest {@code as_of} of {@code user_cv_summary}
     * (it moves with every transform that saw new data) stands for every table's version; the
     * response cache's time-to-live bounds what that misses.
     */
    AS_OF
  }

  /**
   * Where and how to connect.
   *
   * @param name the engine's short name ({@code athena}, {@code trino})
   * @param driverClass the JDBC driver, loaded up front so a missing jar is one clear error
   * @param missingDriver what to do when it is not on the classpath
   * @param url the JDBC URL (no secrets: they go in {@code properties})
   * @param properties connection properties (user, password, …), never logged
   * @param versions how versions are read
   * @param tables the tables the engine may read
   */
  public record Connect(
      String name,
      String driverClass,
      String missingDriver,
      String url,
      Properties properties,
      VersionSource versions,
      List<String> tables) {}

  private final Connect connect;
  private final ScheduledExecutorService poller;
  private volatile TableVersions versions = new TableVersions(Map.of());
  private volatile Map<String, String> tableErrors = Map.of();
  private volatile String unavailable;

  public JdbcLakeEngine(Connect connect, Duration pollEvery) {
    this.connect = connect;
    try {
      Class.forName(connect.driverClass());
    } catch (ClassNotFoundException e) {
      throw new EngineException(connect.missingDriver(), e);
    }
    try {
      poll();
    } catch (EngineException e) {
      // unreachable now: the API answers 503 until the poller reaches it
      LOG.warn("{}: {}", connect.name(), e.getMessage());
    }
    poller =
        Periodic.start(
            connect.name() + "-versions",
            Duration.ofMillis(Math.max(1000, pollEvery.toMillis())),
            this::poll,
            LOG);
  }

  @Override
  public String name() {
    return connect.name();
  }

  @Override
  public TableVersions versions() {
    return versions;
  }

  @Override
  public Map<String, String> tableErrors() {
    return tableErrors;
  }

  @Override
  public String unavailable() {
    return unavailable;
  }

  /** Reads the versions now (the poller does this every period). */
  void poll() {
    try {
      readVersions();
      unavailable = null;
    } catch (EngineException e) {
      unavailable = e.getMessage();
      throw e;
    }
  }

  private void readVersions() {
    var next = new HashMap<String, TableVersions.Table>();
    var errors = new LinkedHashMap<String, String>();
    switch (connect.versions()) {
      case AS_OF -> {
        List<Instant> asOf =
            query(
                "SELECT max(as_of) AS as_of FROM user_cv_summary",
                List.of(),
                r -> r.instant("as_of"));
        Instant at = asOf.isEmpty() ? null : asOf.get(0);
        long v = at == null ? 0 : at.toEpochMilli();
        for (String t : connect.tables()) {
          next.put(t, new TableVersions.Table(t, v, at));
        }
      }
      case DELTA_HISTORY -> {
        try (Connection c = open()) {
          for (String t : connect.tables()) {
            try {
              List<TableVersions.Table> rows =
                  Jdbc.query(
                      c,
                      "SELECT max(version) AS version, max(\"timestamp\") AS modified FROM \""
                          + t
                          + "$history\"",
                      List.of(),
                      r ->
                          new TableVersions.Table(
                              t, r.longValue("version"), r.instant("modified")));
              if (!rows.isEmpty() && rows.get(0).modified() != null) {
                next.put(t, rows.get(0));
              }
            } catch (SQLException e) {
              // not registered (yet), or unreadable: the table is not ready
              errors.put(t, firstLine(e.getMessage()));
            }
          }
        } catch (SQLException e) {
          throw failed(e, "reading table versions");
        }
      }
    }
    versions = new TableVersions(next);
    tableErrors = Map.copyOf(errors);
  }

  private Connection open() throws SQLException {
    return DriverManager.getConnection(connect.url(), connect.properties());
  }

  @Override
  public <T> List<T> query(String sql, List<?> params, RowReader<T> reader) {
    try (Connection c = open()) {
      return Jdbc.query(c, sql, params, reader);
    } catch (SQLException e) {
      throw failed(e, sql);
    }
  }

  private EngineException failed(SQLException e, String what) {
    return new EngineException(
        connect.name() + " query failed: " + firstLine(e.getMessage()) + "\n" + what, e);
  }

  /** The first line of a driver's message (Trino's and Athena's carry more below). */
  static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
