package dev.commitstats.api.trino;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Trino 476 for the tests, started once per test JVM: {@code io.trino:trino-server:476}
 * (tar.gz) is fetched into the local Maven repository by Maven itself when missing (its SHA-1
 * checked against Maven Central's), unpacked whole once into {@code ~/.cache/commitstats} (its tar
 * holds hard links across plugin folders), and started on Java 24 or newer (Trino 476 needs it; our
 * code stays on 17) with only the {@code delta-lake} plugin linked in, a {@code delta} catalog that
 * reads local lakes, and 2 GB of heap. Stopped when the JVM exits.
 */
public final class TrinoServer {
  public static final String VERSION = "476";
  public static final String CATALOG = "delta";
  private static final String ARTIFACT = "io.trino:trino-server:" + VERSION + ":tar.gz";

  private static TrinoServer instance;

  private final Process process;
  private final Path home;
  private final int port;

  /** How long fetching, unpacking and starting took, for the notes. */
  public final Duration fetch;

  public final Duration unpack;
  public final Duration start;

  private TrinoServer(
      Process process, Path home, int port, Duration fetch, Duration unpack, Duration start) {
    this.process = process;
    this.home = home;
    this.port = port;
    this.fetch = fetch;
    this.unpack = unpack;
    this.start = start;
  }

  /** The one server of this JVM, started on first use. */
  public static synchronized TrinoServer get() {
    if (instance == null) {
      try {
        instance = startServer();
      } catch (IOException e) {
        throw new IllegalStateException("Trino did not start: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting Trino", e);
      }
      TrinoServer s = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
      System.out.printf(
          "Trino %s on port %d: fetch %.1f s, unpack %.1f s, start %.1f s%n",
          VERSION,
          s.port,
          s.fetch.toMillis() / 1000.0,
          s.unpack.toMillis() / 1000.0,
          s.start.toMillis() / 1000.0);
    }
    return instance;
  }

  /** {@code jdbc:trino://127.0.0.1:PORT/delta/SCHEMA}. */
  public String jdbcUrl(String schema) {
    return "jdbc:trino://127.0.0.1:" + port + "/" + CATALOG + "/" + schema;
  }

  public int port() {
    return port;
  }

  /** The server's log, for failure messages. */
  public String logTail() {
    return tail(home.resolve("trino.log"));
  }

  void stop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- finding Java, the distribution, and starting

  /**
   * A JDK of version 24 or newer: {@code COMMITSTATS_TRINO_JAVA_HOME}, else one in /usr/lib/jvm.
   */
  static Path java() throws IOException {
    String env = System.getenv("COMMITSTATS_TRINO_JAVA_HOME");
    if (env != null && !env.isBlank()) {
      Path home = Path.of(env);
      if (javaVersion(home).orElse(0) < 24) {
        throw new IllegalStateException(
            "COMMITSTATS_TRINO_JAVA_HOME="
                + env
                + " is not a JDK of version 24 or newer, which Trino "
                + VERSION
                + " needs");
      }
      return home.resolve("bin/java");
    }
    List<String> seen = new ArrayList<>();
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> s = Files.list(jvms)) {
        for (Path home : s.sorted().toList()) {
          int v = javaVersion(home).orElse(0);
          if (v > 0) {
            seen.add(home.getFileName() + " (" + v + ")");
          }
          if (v >= 24 && Files.isExecutable(home.resolve("bin/java"))) {
            return home.resolve("bin/java");
          }
        }
      }
    }
    throw new IllegalStateException(
        "Trino "
            + VERSION
            + " needs Java 24 or newer and none was found in /usr/lib/jvm (found: "
            + (seen.isEmpty() ? "none" : String.join(", ", seen))
            + "): install one (e.g. Temurin 25) or point COMMITSTATS_TRINO_JAVA_HOME at it");
  }

  static Optional<Integer> javaVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try {
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          String major = v.startsWith("1.") ? v.substring(2) : v;
          return Optional.of(Integer.parseInt(major.split("[.+-]")[0]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  static Path localRepository() {
    String repo = System.getProperty("maven.repo.local");
    return repo != null && !repo.isBlank()
        ? Path.of(repo)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /** The tar.gz in the local Maven repository, fetched by Maven when missing, SHA-1 checked. */
  static Path distribution() throws IOException, InterruptedException {
    Path dir = localRepository().resolve("io/trino/trino-server/" + VERSION);
    Path tgz = dir.resolve("trino-server-" + VERSION + ".tar.gz");
    if (!Files.isRegularFile(tgz)) {
      List<String> cmd =
          List.of(
              "mvn",
              "-B",
              "-q",
              "org.apache.maven.plugins:maven-dependency-plugin:3.9.0:get",
              "-Dartifact=" + ARTIFACT,
              "-Dtransitive=false");
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (p.waitFor() != 0 || !Files.isRegularFile(tgz)) {
        throw new IOException(
            "Maven could not fetch "
                + ARTIFACT
                + " (about 820 MB from Maven Central): run "
                + String.join(" ", cmd)
                + " and look at its output");
      }
    }
    Path sha1 = dir.resolve(tgz.getFileName() + ".sha1");
    if (Files.isRegularFile(sha1)) {
      String expected = Files.readString(sha1).trim().split("\\s+")[0];
      String actual = sha1(tgz);
      if (!actual.equalsIgnoreCase(expected)) {
        Files.delete(tgz);
        throw new IOException(
            tgz
                + " is damaged (SHA-1 "
                + actual
                + ", Maven Central says "
                + expected
                + "): deleted,"
                + " the next run fetches it again");
      }
    }
    return tgz;
  }

  static String sha1(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The unpacked server, once: {@code ~/.cache/commitstats/trino-server-476}. */
  static Path unpacked(Path tgz) throws IOException, InterruptedException {
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "commitstats");
    Path dir = cache.resolve("trino-server-" + VERSION);
    Path done = cache.resolve("trino-server-" + VERSION + ".unpacked");
    if (Files.isRegularFile(done) && Files.isDirectory(dir.resolve("lib"))) {
      return dir;
    }
    Files.createDirectories(cache);
    Path tmp = Files.createTempDirectory(cache, "trino-unpack-");
    Process p =
        new ProcessBuilder("tar", "xzf", tgz.toString(), "-C", tmp.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("tar could not unpack " + tgz + ": " + out);
    }
    if (Files.exists(dir)) {
      new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }
    Files.move(tmp.resolve("trino-server-" + VERSION), dir);
    new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
    Files.writeString(done, Instant.now().toString());
    return dir;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static TrinoServer startServer() throws IOException, InterruptedException {
    Path java = java();
    long t0 = System.nanoTime();
    Path tgz = distribution();
    long t1 = System.nanoTime();
    Path server = unpacked(tgz);
    long t2 = System.nanoTime();
    int port = freePort();
    Path home = Files.createTempDirectory("commitstats-trino-");
    Path etc = Files.createDirectories(home.resolve("etc"));
    Path plugins = Files.createDirectories(home.resolve("plugin"));
    Files.createSymbolicLink(plugins.resolve("delta-lake"), server.resolve("plugin/delta-lake"));
    Files.createDirectories(etc.resolve("catalog"));
    Path metastore = Files.createDirectories(home.resolve("metastore"));
    Files.writeString(
        etc.resolve("node.properties"),
        "node.environment=test\nnode.id=commitstats-test\nnode.data-dir=" + home.resolve("data"));
    Files.writeString(
        etc.resolve("jvm.config"),
        String.join(
            "\n",
            "-server",
            "-Xmx2G",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:TieredStopAtLevel=1",
            "-Djdk.attach.allowAttachSelf=true",
            "-Duser.timezone=UTC"));
    Files.writeString(
        etc.resolve("config.properties"),
        String.join(
            "\n",
            "coordinator=true",
            "node-scheduler.include-coordinator=true",
            "http-server.http.port=" + port,
            "discovery.uri=http://127.0.0.1:" + port,
            "plugin.dir=" + plugins,
            "query.max-memory=1GB",
            "query.max-memory-per-node=1GB"));
    Files.writeString(etc.resolve("log.properties"), "io.trino=WARN\n");
    Files.writeString(
        etc.resolve("catalog").resolve(CATALOG + ".properties"),
        String.join(
            "\n",
            "connector.name=delta_lake",
            "hive.metastore=file",
            "hive.metastore.catalog.dir=local://" + metastore,
            "fs.native-local.enabled=true",
            "local.location=/",
            "delta.register-table-procedure.enabled=true"));
    var pb =
        new ProcessBuilder(
            server.resolve("bin/launcher").toString(),
            "run",
            "--etc-dir",
            etc.toString(),
            "--data-dir",
            home.resolve("data").toString());
    Path javaHome = java.getParent().getParent();
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
    pb.redirectErrorStream(true).redirectOutput(home.resolve("trino.log").toFile());
    Process process = pb.start();
    var server0 =
        new TrinoServer(
            process,
            home,
            port,
            Duration.ofNanos(t1 - t0),
            Duration.ofNanos(t2 - t1),
            Duration.ZERO);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            "Trino exited with " + process.exitValue() + " while starting:\n" + server0.logTail());
      }
      try {
        String info =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (info.contains("\"starting\":false")) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        server0.stop();
        throw new IOException("Trino did not start within 240 s:\n" + server0.logTail());
      }
      Thread.sleep(250);
    }
    return new TrinoServer(
        process,
        home,
        port,
        Duration.ofNanos(t1 - t0),
        Duration.ofNanos(t2 - t1),
        Duration.ofNanos(System.nanoTime() - t2));
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
