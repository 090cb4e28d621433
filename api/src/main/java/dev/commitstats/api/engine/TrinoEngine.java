package dev.commitstats.api.engine;

import dev.commitstats.model.DeltaTables;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Trino (or Starburst) as the API's engine, for people who run their own instead of AWS: the lake's
 * Delta tables registered in one schema of a {@code delta_lake} catalog ({@code ./commitstats
 * register --engine trino}), read through Trino's JDBC driver. Each table's version is its Delta
 * version from {@code "table$history"}, so responses are cached and tagged exactly as on DuckDB.
 *
 * <p>The URL names the catalog and schema: {@code jdbc:trino://HOST:PORT/CATALOG/SCHEMA}; TLS and
 * the rest of the driver's options go in the URL ({@code ?SSL=true&SSLTrustStorePath=…}). The user
 * is {@code --trino-user} (default {@code commitstats}); a password, when the cluster wants one,
 * comes from the environment variable {@code COMMITSTATS_TRINO_PASSWORD} and is never logged,
 * stored or put in the URL.
 */
public final class TrinoEngine {
  static final String DRIVER = "io.trino.jdbc.TrinoDriver";

  /** The password's environment variable. */
  public static final String PASSWORD_ENV = "COMMITSTATS_TRINO_PASSWORD";

  private static final Pattern URL =
      Pattern.compile("jdbc:trino://[^/?]+/([A-Za-z0-9_]+)/([A-Za-z0-9_]+)(\\?.*)?");

  private TrinoEngine() {}

  /** Every table of the lake (the status page reads the transform's log too). */
  static final List<String> TABLES = DeltaTables.ALL;

  /** Where and as whom to connect. */
  public record Settings(String url, String user, String password) {
    public Settings {
      if (url == null || !URL.matcher(url).matches()) {
        throw new IllegalArgumentException(
            "--trino-url must be jdbc:trino://HOST:PORT/CATALOG/SCHEMA (options after '?'), e.g."
                + " jdbc:trino://localhost:8080/delta/commitstats, not '"
                + url
                + "'");
      }
      if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
        throw new IllegalArgumentException(
            "--trino-url must not hold a password: set " + PASSWORD_ENV + " instead");
      }
      if (user == null || user.isBlank()) {
        user = "commitstats";
      }
    }

    /** The settings of the command line, the password from the environment. */
    public static Settings of(String url, String user) {
      String password = System.getenv(PASSWORD_ENV);
      return new Settings(url, user, password == null || password.isEmpty() ? null : password);
    }

    /** The catalog the URL names. */
    public String catalog() {
      var m = URL.matcher(url);
      return m.matches() ? m.group(1) : null;
    }

    /** The schema the URL names. */
    public String schema() {
      var m = URL.matcher(url);
      return m.matches() ? m.group(2) : null;
    }

    Properties properties() {
      var p = new Properties();
      p.setProperty("user", user);
      if (password != null) {
        p.setProperty("password", password);
      }
      return p;
    }

    @Override
    public String toString() {
      return "Settings[url="
          + url
          + ", user="
          + user
          + (password == null ? "]" : ", password=***]");
    }
  }

  /** The engine; versions polled every {@code pollEvery}. */
  public static JdbcLakeEngine open(Settings settings, Duration pollEvery) {
    return new JdbcLakeEngine(connect(settings), pollEvery);
  }

  public static JdbcLakeEngine.Connect connect(Settings settings) {
    return new JdbcLakeEngine.Connect(
        "trino",
        DRIVER,
        "the Trino JDBC driver is not on the classpath (io.trino:trino-jdbc): rebuild the API",
        settings.url(),
        settings.properties(),
        JdbcLakeEngine.VersionSource.DELTA_HISTORY,
        TABLES);
  }
}
