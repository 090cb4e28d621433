package dev.commitstats.api.engine;

import dev.commitstats.lake.sql.DeltaCatalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine: DuckDB in this process, each Delta table a view over its current data files
 * ({@link DeltaCatalog}). A background task redefines a view when its table's version changes, so
 * requests never wait on the lake's logs.
 */
public final class DuckDbEngine implements SqlEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbEngine.class);

  private final DeltaCatalog catalog;
  private final DuckDBConnection root;
  private final BlockingQueue<Session> pool;
  private final ScheduledExecutorService refresher;
  private volatile TableVersions versions = new TableVersions(Map.of());
  private volatile Map<String, String> errors = Map.of();

  private final Runnable beforeRefresh;

  private DuckDbEngine(Path lake, int connections, Duration refreshEvery, Runnable beforeRefresh)
      throws SQLException {
    this.beforeRefresh = beforeRefresh;
    this.catalog = new DeltaCatalog(lake);
    this.root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = root.createStatement()) {
      // Parquet footers are read once per file, not once per query.
      s.execute("SET enable_object_cache = true");
      // One thread per query: the API's queries read one user's rows (a row group or two), where
      // handing work to other threads costs more than it saves; requests run in parallel on the
      // pool's connections instead. Measured on 2 cores: the six /cv queries 15 ms in one thread
      // against 23 ms with DuckDB's default (a thread per core), and 90 against 63-96 /cv per
      // second with four concurrent clients.
      s.execute("SET threads = 1");
    }
    this.pool = new ArrayBlockingQueue<>(connections);
    for (int i = 0; i < connections; i++) {
      pool.add(new Session(root.duplicate()));
    }
    refresh();
    this.refresher =
        Periodic.start(
            "delta-refresh",
            Duration.ofMillis(Math.max(100, refreshEvery.toMillis())),
            this::refresh,
            LOG);
  }

  /**
   * Opens the engine over a local lake and reads its tables once.
   *
   * @param refreshEvery how often the tables' logs are checked for new versions
   */
  public static DuckDbEngine open(Path lake, int connections, Duration refreshEvery) {
    return open(lake, connections, refreshEvery, () -> {});
  }

  /**
   * The same over a local copy of a lake that {@code beforeRefresh} brings up to date before each
   * check (the tables of an S3 lake, mirrored by {@link dev.commitstats.lake.LakeMirror}).
   */
  public static DuckDbEngine open(
      Path lake, int connections, Duration refreshEvery, Runnable beforeRefresh) {
    try {
      return new DuckDbEngine(lake, connections, refreshEvery, beforeRefresh);
    } catch (SQLException e) {
      throw new EngineException("cannot start embedded DuckDB", e);
    }
  }

  @Override
  public String name() {
    return "duckdb";
  }

  @Override
  public TableVersions versions() {
    return versions;
  }

  @Override
  public Map<String, String> tableErrors() {
    return errors;
  }

  /** Re-reads the logs now (tests and the first start; the background task does it otherwise). */
  public synchronized void refresh() {
    try {
      beforeRefresh.run();
    } catch (RuntimeException e) {
      // the copy stays as it was: answers go on from the last versions fetched
      LOG.warn(
          "the lake's tables could not be fetched: {}",
          dev.commitstats.runtime.Secrets.describe(e));
    }
    DeltaCatalog.Refresh r = catalog.refresh();
    if (!r.changed().isEmpty()) {
      try (Statement s = root.createStatement()) {
        for (DeltaCatalog.TableState t : r.changed()) {
          s.execute(t.snapshot().viewSql(s));
          LOG.info("table {} at version {}", t.table(), t.version());
        }
      } catch (SQLException e) {
        throw new EngineException("cannot define the Delta views", e);
      }
      var next = new HashMap<String, TableVersions.Table>();
      for (DeltaCatalog.TableState t : catalog.tables().values()) {
        next.put(t.table(), new TableVersions.Table(t.table(), t.version(), t.modified()));
      }
      versions = new TableVersions(next);
    }
    if (!r.errors().equals(errors)) {
      r.errors().forEach((table, why) -> LOG.error("table {} cannot be read: {}", table, why));
      errors = Map.copyOf(r.errors());
    }
  }

  @Override
  public <T> List<T> query(String sql, List<?> params, RowReader<T> reader) {
    Session session;
    try {
      session = pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting for a connection", e);
    }
    try {
      return Jdbc.query(session.prepared(sql), params, reader);
    } catch (SQLException e) {
      session.forget(sql);
      throw new EngineException("query failed: " + e.getMessage() + "\n" + sql, e);
    } finally {
      pool.add(session);
    }
  }

  /**
   * A pooled connection and its prepared statements, kept by SQL text: the API asks the same dozen
   * statements over and over, and preparing one (parsing, binding the view over its files) was a
   * third of a query's time (the six /cv queries: 13.6 ms prepared each time, 9.8 ms reused).
   * DuckDB binds a kept statement again by itself when a view it reads was redefined.
   */
  private static final class Session {
    private static final int MAX_STATEMENTS = 64;
    private final Connection connection;
    private final Map<String, PreparedStatement> statements =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > MAX_STATEMENTS) {
              closeQuietly(eldest.getValue());
              return true;
            }
            return false;
          }
        };

    Session(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement prepared(String sql) throws SQLException {
      PreparedStatement ps = statements.get(sql);
      if (ps == null) {
        ps = connection.prepareStatement(sql);
        statements.put(sql, ps);
      }
      return ps;
    }

    /** Drops a statement that failed: the next use prepares it afresh. */
    void forget(String sql) {
      closeQuietly(statements.remove(sql));
    }

    void close() {
      statements.values().forEach(Session::closeQuietly);
      statements.clear();
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }

    private static void closeQuietly(PreparedStatement ps) {
      if (ps != null) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // closing anyway
        }
      }
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    for (Session session : pool) {
      session.close();
    }
    try {
      root.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
  }
}
