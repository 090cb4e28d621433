package dev.commitstats.api.engine;

import dev.commitstats.model.DeltaTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS engine: Athena through its JDBC driver (version 3, {@code jdbc:athena://}), over the
 * Delta tables registered in a Glue database. AWS ships the driver outside Maven Central, so it is
 * not a dependency: deployment packaging puts the checksum-pinned jar on the classpath
 * (api/athena-driver.sh). Credentials come from the default AWS chain (the task's role), never from
 * arguments.
 *
 * <p>Athena exposes no Delta version, so the lake's version is read as the newest {@code as_of} of
 * {@code user_cv_summary} (it moves with every transform that saw new data), polled in the
 * background; the response cache's time-to-live bounds what that misses.
 */
public final class AthenaEngine implements SqlEngine {
  private static final Logger LOG = LoggerFactory.getLogger(AthenaEngine.class);
  static final String DRIVER = "com.amazon.athena.jdbc.AthenaDriver";

  /** The reader tables registered in Glue (internal tables are not). */
  static final List<String> TABLES =
      DeltaTables.ALL.stream().filter(t -> !DeltaTables.internal(t)).toList();

  /** Where and how to reach Athena. */
  public record Settings(String region, String workgroup, String outputLocation, String database) {
    public Settings {
      if (database == null || !database.matches("[a-z0-9_]{1,255}")) {
        throw new IllegalArgumentException(
            "the Athena database name must be lowercase letters, digits and '_', not '"
                + database
                + "'");
      }
      if (outputLocation != null && !outputLocation.startsWith("s3://")) {
        throw new IllegalArgumentException(
            "the Athena output location must be an s3:// URL, not '" + outputLocation + "'");
      }
    }

    /** The driver's URL (no credentials: the driver uses the default AWS chain). */
    public String jdbcUrl() {
      var sb = new StringBuilder("jdbc:athena://");
      if (region != null) {
        sb.append("Region=").append(region).append(';');
      }
      if (workgroup != null) {
        sb.append("WorkGroup=").append(workgroup).append(';');
      }
      if (outputLocation != null) {
        sb.append("OutputLocation=").append(outputLocation).append(';');
      }
      sb.append("Database=").append(database);
      return sb.toString();
    }
  }

  private final Settings settings;
  private final ScheduledExecutorService poller;
  private volatile TableVersions versions = new TableVersions(java.util.Map.of());

  public AthenaEngine(Settings settings, Duration pollEvery) {
    this.settings = settings;
    try {
      Class.forName(DRIVER);
    } catch (ClassNotFoundException e) {
      throw new EngineException(
          "the Athena JDBC driver is not on the classpath: run api/athena-driver.sh and set"
              + " COMMITSTATS_API_CLASSPATH to the jar it prints",
          e);
    }
    poll();
    poller =
        Periodic.start(
            "athena-versions",
            Duration.ofMillis(Math.max(1000, pollEvery.toMillis())),
            this::poll,
            LOG);
  }

  @Override
  public String name() {
    return "athena";
  }

  @Override
  public TableVersions versions() {
    return versions;
  }

  private void poll() {
    List<Instant> asOf =
        query(
            "SELECT max(as_of) AS as_of FROM user_cv_summary", List.of(), r -> r.instant("as_of"));
    long v = asOf.isEmpty() || asOf.get(0) == null ? 0 : asOf.get(0).toEpochMilli();
    var next = new HashMap<String, TableVersions.Table>();
    for (String t : TABLES) {
      next.put(t, new TableVersions.Table(t, v, asOf.isEmpty() ? null : asOf.get(0)));
    }
    versions = new TableVersions(next);
  }

  @Override
  public <T> List<T> query(String sql, List<?> params, RowReader<T> reader) {
    try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), new Properties())) {
      return Jdbc.query(c, sql, params, reader);
    } catch (SQLException e) {
      throw new EngineException("Athena query failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
