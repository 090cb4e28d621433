package dev.commitstats.api.engine;

import dev.commitstats.model.DeltaTables;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The AWS engine: Athena through its JDBC driver (version 3, {@code jdbc:athena://}), over the
 * Delta tables registered in a Glue database. AWS ships the driver outside Maven Central, so it is
 * not a dependency: deployment packaging puts the checksum-pinned jar on the classpath
 * (api/athena-driver.sh). Credentials come from the default AWS chain (the task's role), never from
 * arguments.
 *
 * <p>Athena exposes no Delta version, so the lake's version is read as the newest {@code as_of} of
 * {@code user_cv_summary} ({@link JdbcLakeEngine.VersionSource#AS_OF}). The engine itself is {@link
 * JdbcLakeEngine}, the code path the tests run against a real Trino: only the driver is untested
 * here.
 */
public final class AthenaEngine {
  static final String DRIVER = "com.amazon.athena.jdbc.AthenaDriver";

  private AthenaEngine() {}

  /** The reader tables registered in Glue (internal tables are not). */
  public static final List<String> TABLES =
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

  /** The engine over Athena; versions polled every {@code pollEvery} (at least a minute). */
  public static JdbcLakeEngine open(Settings settings, Duration pollEvery) {
    return new JdbcLakeEngine(connect(settings), pollEvery);
  }

  /** How to reach Athena: its driver, URL and no properties (credentials: the AWS chain). */
  public static JdbcLakeEngine.Connect connect(Settings settings) {
    return new JdbcLakeEngine.Connect(
        "athena",
        DRIVER,
        "the Athena JDBC driver is not on the classpath: run api/athena-driver.sh and set"
            + " COMMITSTATS_API_CLASSPATH to the jar it prints",
        settings.jdbcUrl(),
        new Properties(),
        JdbcLakeEngine.VersionSource.AS_OF,
        TABLES);
  }
}
