package dev.commitstats.api;

import dev.commitstats.api.engine.AthenaEngine;
import dev.commitstats.api.engine.DuckDbEngine;
import dev.commitstats.api.engine.EngineException;
import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.engine.TrinoEngine;
import dev.commitstats.api.query.SqlCvQueries;
import dev.commitstats.api.service.CvService;
import dev.commitstats.api.service.ResponseCache;
import dev.commitstats.api.service.StatusService;
import dev.commitstats.model.config.CommitStatsConfig;
import dev.commitstats.model.config.ConfigException;
import dev.commitstats.model.config.UserConfig;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./commitstats serve}: the API, CV pages, card and status page over a lake. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the CV API, the CV page, the SVG card and the status page.")
public final class Main implements Callable<Integer> {

  @Option(
      names = "--lake",
      required = true,
      description =
          "the lake: a local folder or s3://bucket[/prefix] (the embedded engine copies the tables"
              + " it reads from S3 into a local folder); with --engine athena, the s3:// lake")
  String lake;

  @Option(
      names = "--port",
      defaultValue = "7070",
      description = "HTTP port (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for all)")
  String host;

  @Option(
      names = "--config",
      description =
          "the users config: its users' CV curation (users[].cv) shapes the answers, and their CV"
              + " URLs are printed; a local file or s3://bucket/key")
  String config;

  /** The config's users (none without --config), read once. */
  private List<UserConfig> users;

  /** The users of {@code --config} (none without it). */
  public List<UserConfig> configUsers() {
    return users();
  }

  List<UserConfig> users() {
    if (users == null) {
      users = config == null ? List.of() : loadConfig(config).users();
    }
    return users;
  }

  /** The config from a local file or from S3 (the Lambda reads it from the lake's bucket). */
  static CommitStatsConfig loadConfig(String location) {
    if (!location.startsWith("s3://")) {
      return CommitStatsConfig.load(Path.of(location));
    }
    try {
      int slash = location.indexOf('/', 5);
      if (slash < 0) {
        throw new ConfigException("--config " + location + ": give s3://bucket/key");
      }
      try (var lake = dev.commitstats.lake.Lake.open(location.substring(0, slash))) {
        byte[] bytes =
            lake.read(location.substring(slash + 1))
                .orElseThrow(
                    () ->
                        new ConfigException(
                            "config " + location + " does not exist: check COMMITSTATS_CONFIG"));
        return CommitStatsConfig.parse(
            new String(bytes, java.nio.charset.StandardCharsets.UTF_8), location);
      }
    } catch (Exception e) {
      if (e instanceof ConfigException c) {
        throw c;
      }
      throw new ConfigException("config " + location + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Option(
      names = "--engine",
      defaultValue = "duckdb",
      description = "duckdb (embedded, default), athena or trino")
  String engine;

  @Option(
      names = "--trino-url",
      description =
          "with --engine trino: jdbc:trino://HOST:PORT/CATALOG/SCHEMA (TLS and driver options"
              + " after '?'; the password from COMMITSTATS_TRINO_PASSWORD)")
  String trinoUrl;

  @Option(
      names = "--trino-user",
      defaultValue = "commitstats",
      description = "with --engine trino: the user (default ${DEFAULT-VALUE})")
  String trinoUser;

  @Option(names = "--athena-region", description = "AWS region of Athena (default: the AWS chain)")
  String athenaRegion;

  @Option(names = "--athena-workgroup", description = "Athena workgroup")
  String athenaWorkgroup;

  @Option(names = "--athena-output", description = "Athena query result location (s3://…)")
  String athenaOutput;

  @Option(
      names = "--athena-database",
      defaultValue = "commitstats",
      description = "Glue database of the registered tables (default ${DEFAULT-VALUE})")
  String athenaDatabase;

  @Option(
      names = "--cors-origin",
      description = "an origin allowed to call the API from a browser (repeatable; * for any)")
  List<String> corsOrigins = new ArrayList<>();

  @Option(
      names = "--max-age",
      defaultValue = "60",
      description = "Cache-Control max-age of answers, seconds (default ${DEFAULT-VALUE})")
  int maxAge;

  @Option(
      names = "--cache-entries",
      defaultValue = "10000",
      description = "answers kept in memory (0 turns the cache off; default ${DEFAULT-VALUE})")
  int cacheEntries;

  @Option(
      names = "--refresh-seconds",
      defaultValue = "5",
      description =
          "how often table versions are checked (default ${DEFAULT-VALUE}; Athena: at least 60)")
  int refreshSeconds;

  @Option(
      names = "--rate-limit",
      defaultValue = "0",
      description =
          "requests per minute per client IP, in bursts of as many; more answer 429 (default"
              + " ${DEFAULT-VALUE}: no limit)")
  int rateLimit;

  @Option(
      names = "--client-ip-header",
      description =
          "behind a trusted proxy: the header naming the client (e.g. X-Forwarded-For, its first"
              + " address)")
  String clientIpHeader;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "embedded engine connections (default ${DEFAULT-VALUE})")
  int connections;

  @Override
  public Integer call() throws Exception {
    List<UserConfig> users = users();
    SqlEngine sql = openEngine();
    var queries = new SqlCvQueries(sql);
    Javalin app = createApp(sql, queries);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.stop();
                  sql.close();
                  stopped.countDown();
                }));
    app.start(host, port);
    String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + app.port();
    System.out.println("Commit Stats API on " + base + " (engine " + sql.name() + ")");
    System.out.println("  status page: " + base + "/status");
    System.out.println("  API docs:    " + base + "/swagger");
    for (String id : userIds(users, queries)) {
      System.out.println("  CV of " + id + ": " + base + "/cv/" + id);
      System.out.println("  digest of " + id + ": " + base + "/digest/" + id);
    }
    System.out.flush();
    stopped.await();
    return 0;
  }

  /** The app over an engine, with this command's settings (also the Lambda handler's). */
  public Javalin createApp(SqlEngine sql, SqlCvQueries queries) {
    Clock clock = Clock.systemUTC();
    // Athena's version (the newest as_of) can miss a change: its answers also expire
    Duration ttl = "athena".equals(sql.name()) ? Duration.ofMinutes(15) : null;
    var cache = new ResponseCache(cacheEntries, ttl, clock);
    var first = new dev.commitstats.api.service.Curation(users());
    java.util.function.Supplier<dev.commitstats.api.service.Curation> curation =
        config == null
            ? () -> first
            : new CurationSource(config, first, Duration.ofMinutes(1), System::nanoTime);
    var deps =
        new ApiDeps(
            new CvService(queries, sql, cache, clock, curation),
            new StatusService(queries, sql, cache, clock, curation),
            new ApiSettings(corsOrigins, maxAge, rateLimit, clientIpHeader));
    return ApiApp.create(deps);
  }

  /**
   * The embedded engine over an S3 lake: the tables the API reads are copied into a local folder
   * (each file once) and brought up to date before each version check, at most once a minute, so
   * answers come from local files in milliseconds and a quiet minute costs one LIST request.
   */
  private SqlEngine mirrored(Duration refresh) {
    // DuckDB unpacks and loads its native library on first use: meanwhile, the tables are fetched
    var duckdb =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try {
                java.sql.DriverManager.getConnection("jdbc:duckdb:").close();
              } catch (java.sql.SQLException e) {
                // the engine's own start reports it
              }
            });
    long opened = System.nanoTime();
    var remote = dev.commitstats.lake.Lake.open(lake);
    System.err.printf(
        "commitstats serve: S3 client for %s in %d ms%n",
        lake, (System.nanoTime() - opened) / 1_000_000);
    var mirror =
        new dev.commitstats.lake.LakeMirror(
            remote,
            SqlCvQueries.TABLES_READ.stream()
                .map(dev.commitstats.model.DeltaTables::path)
                .toList());
    Runnable sync =
        () -> {
          try {
            long t0 = System.nanoTime();
            var s = mirror.sync();
            if (s.moved()) {
              System.err.printf(
                  "commitstats serve: fetched %d files (%,d bytes) of %s in %d ms%n",
                  s.files(), s.bytes(), lake, (System.nanoTime() - t0) / 1_000_000);
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    sync.run();
    duckdb.join();
    try {
      return DuckDbEngine.open(
          mirror.root(),
          connections,
          refresh.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : refresh,
          sync);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The engine's name as the options give it (duckdb, athena, trino). */
  public String engineName() {
    return engine;
  }

  /** The engine these options name (also the Lambda handler's). */
  public SqlEngine openEngine() {
    Duration refresh = Duration.ofSeconds(Math.max(1, refreshSeconds));
    return switch (engine) {
      case "duckdb" -> {
        if (lake.startsWith("s3://")) {
          yield mirrored(refresh);
        }
        Path dir = Path.of(lake);
        if (!Files.isDirectory(dir)) {
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "no lake folder at " + dir + ": run ./commitstats ingest and transform first");
        }
        yield DuckDbEngine.open(dir, connections, refresh);
      }
      case "athena" ->
          AthenaEngine.open(
              new AthenaEngine.Settings(
                  athenaRegion, athenaWorkgroup, athenaOutput, athenaDatabase),
              refresh.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : refresh);
      case "trino" -> {
        if (trinoUrl == null) {
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "--engine trino needs --trino-url jdbc:trino://HOST:PORT/CATALOG/SCHEMA");
        }
        yield TrinoEngine.open(TrinoEngine.Settings.of(trinoUrl, trinoUser), refresh);
      }
      default ->
          throw new CommandLine.ParameterException(
              new CommandLine(this), "--engine is duckdb, athena or trino, not '" + engine + "'");
    };
  }

  /** The configured users, or the five with the most commits in the lake. */
  private static List<String> userIds(List<UserConfig> users, SqlCvQueries queries) {
    if (!users.isEmpty()) {
      return users.stream().map(UserConfig::id).toList();
    }
    try {
      return queries.topUsers(5);
    } catch (EngineException e) {
      return List.of();
    }
  }

  public static void main(String[] args) {
    var cmd = new CommandLine(new Main());
    cmd.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof ConfigException
              || e instanceof EngineException
              || e instanceof IllegalArgumentException) {
            c.getErr().println("commitstats serve: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    System.exit(cmd.execute(args));
  }
}
