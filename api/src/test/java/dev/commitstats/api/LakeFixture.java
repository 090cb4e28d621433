package dev.commitstats.api;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The lake the API tests read, made the way a user makes one: git repositories built here with the
 * git CLI, the real ingest process (the ingest module's packaged jar), the real transform process
 * (spark-jobs' jar with Spark bundled). Built once per test JVM.
 *
 * <p>Three repositories: {@code public-app} (public, local), a private one whose name, paths and
 * commit messages hold the {@link #PRIVATE_MARKERS}, and {@code oss-org/oss-lib}, public, served
 * over HTTP (git's dumb protocol, from a real HTTP server), owned by someone else: Alice's open
 * source contribution.
 */
final class LakeFixture {
  /** Strings that exist only in the private repository: no public answer may contain them. */
  static final List<String> PRIVATE_MARKERS =
      List.of("zq-privrepo-ledger", "PRIVPATH-finance", "rules.py", "PRIVMSG");

  static final String PRIVATE_REPO = "zq-privrepo-ledger";

  private static LakeFixture instance;

  final Path root;
  final Path lake;
  final String ossUrl;
  private final HttpServer http;

  private LakeFixture(Path root) throws Exception {
    this.root = root;
    this.lake = root.resolve("lake");
    Path repos = root.resolve("repos");
    Path served = root.resolve("served");

    Path app = repos.resolve("public-app");
    git(app, "init", "-q", "-b", "main");
    write(app, "src/app.py", "a = 1\nb = 2\nprint(a + b)\n");
    write(app, "package.json", "{\"dependencies\": {\"left-pad\": \"1.0.0\"}}\n");
    commit(app, "Alice Example", "alice@example.com", "2025-01-06T10:00:00Z", "Add the app");
    write(app, "src/util.go", "package util\n".repeat(5));
    commit(app, "Alice Example", "alice@example.com", "2025-01-07T10:00:00Z", "Add util");
    write(app, "src/app.py", "a = 1\nb = 3\nprint(a + b)\n");
    commit(app, "Bob", "bob@example.com", "2025-01-14T10:00:00Z", "Tune the app");
    write(app, "package.json", "{\"dependencies\": {\"left-pad\": \"1.3.0\"}}\n");
    commit(app, "Alice Example", "alice@example.com", "2025-02-03T10:00:00Z", "Bump left-pad");

    Path secret = repos.resolve(PRIVATE_REPO);
    git(secret, "init", "-q", "-b", "main");
    write(secret, "PRIVPATH-finance/rules.py", "x = 1\n".repeat(4));
    commit(
        secret, "Alice Example", "alice@example.com", "2025-01-08T10:00:00Z", "PRIVMSG tax rules");
    write(secret, "PRIVPATH-finance/rules.py", "x = 1\n".repeat(6));
    commit(secret, "Alice Example", "alice@example.com", "2025-03-03T10:00:00Z", "PRIVMSG more");

    Path work = repos.resolve("oss-lib-work");
    git(work, "init", "-q", "-b", "main");
    write(work, "lib/parse.js", "module.exports = 1;\nconst x = 2;\n");
    commit(work, "Alice Example", "alice@example.com", "2025-01-09T10:00:00Z", "Fix the parser");
    Path bare = served.resolve("oss-org/oss-lib.git");
    Files.createDirectories(bare.getParent());
    run(root, "git", "clone", "-q", "--bare", work.toString(), bare.toString());
    run(bare, "git", "update-server-info");
    this.http = serve(served);
    this.ossUrl = "http://127.0.0.1:" + http.getAddress().getPort() + "/oss-org/oss-lib.git";

    Path config = root.resolve("commitstats.yaml");
    Files.writeString(
        config,
        """
        users:
          - id: alice
            name: Alice Example
            emails: [alice@example.com]
            github: alice
          - id: bob
            name: Bob
            emails: [bob@example.com]
        sources:
          - provider: git
            url: %s
            visibility: public
          - provider: git
            url: %s
            visibility: private
          - provider: git
            url: %s
            visibility: public
        """
            .formatted(app, secret, ossUrl));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    String ingestOut =
        java(
            "ingest",
            List.of("-Xmx512m", "-Djava.io.tmpdir=" + tmp),
            "dev.commitstats.ingest.cli.Main",
            "ingest",
            "--lake",
            lake.toString(),
            "--config",
            config.toString(),
            "--cache-dir",
            root.resolve("clones").toString());
    if (!ingestOut.contains("3 repositories, 7 new commits, 0 failed")) {
      throw new IllegalStateException("unexpected ingest result:\n" + ingestOut);
    }
    var sparkOpts = new ArrayList<String>();
    sparkOpts.addAll(Arrays.asList(System.getProperty("spark.jvm.options", "").split("\\s+")));
    sparkOpts.addAll(
        List.of(
            "-Xmx1g",
            "-XX:+UseParallelGC",
            "-Djava.io.tmpdir=" + tmp,
            "-Dlog4j2.configurationFile="
                + modulePath("spark-jobs").resolve("conf/log4j2.properties")));
    java(
        "spark-jobs",
        sparkOpts,
        "dev.commitstats.spark.TransformJob",
        "--lake",
        lake.toString(),
        "--config",
        config.toString());
  }

  /** The shared lake (built on first use; the HTTP server stops with the JVM). */
  static synchronized LakeFixture get() {
    if (instance == null) {
      try {
        Path root = modulePath("api").resolve("target/test-lake");
        deleteTree(root);
        Files.createDirectories(root);
        instance = new LakeFixture(root);
      } catch (Exception e) {
        throw new IllegalStateException("cannot build the test lake", e);
      }
    }
    return instance;
  }

  static Path modulePath(String module) {
    Path here = Path.of("").toAbsolutePath();
    Path base = Files.isDirectory(here.resolve("api")) ? here : here.getParent();
    return base.resolve(module);
  }

  private static HttpServer serve(Path dir) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
          if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    return server;
  }

  /** A stage as the launcher runs it: the module's jar and classpath file, in its own JVM. */
  private String java(String module, List<String> jvmOptions, String main, String... args)
      throws Exception {
    var cmd = command(module, jvmOptions, main);
    cmd.addAll(List.of(args));
    return run(root, cmd.toArray(String[]::new));
  }

  /** The command line of a module's main class: java, the options, jar and classpath, main. */
  List<String> command(String module, List<String> jvmOptions, String main) throws IOException {
    Path target = modulePath(module).resolve("target");
    String cpFile = module.equals("spark-jobs") ? "local-classpath.txt" : "runtime-classpath.txt";
    Path jar;
    try (Stream<Path> s = Files.list(target)) {
      jar =
          s.filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("commitstats-" + module + "-")
                        && n.endsWith(".jar")
                        && !n.endsWith("-glue.jar")
                        && !n.endsWith("-tests.jar");
                  })
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          module + " is packaged before these tests (mvn verify builds it first)"));
    }
    var cmd = new ArrayList<String>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions.stream().filter(o -> !o.isBlank()).toList());
    cmd.add("-cp");
    cmd.add(jar + File.pathSeparator + Files.readString(target.resolve(cpFile)).trim());
    cmd.add(main);
    return cmd;
  }

  static void git(Path repo, String... args) throws Exception {
    Files.createDirectories(repo);
    var cmd = new ArrayList<String>(List.of("git"));
    cmd.addAll(List.of(args));
    run(repo, cmd.toArray(String[]::new));
  }

  static void write(Path repo, String path, String text) throws IOException {
    Path f = repo.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  static void commit(Path repo, String name, String email, String when, String message)
      throws Exception {
    run(repo, "git", "add", "-A");
    var pb =
        new ProcessBuilder(
                "git",
                "-c",
                "user.name=" + name,
                "-c",
                "user.email=" + email,
                "commit",
                "-q",
                "-m",
                message)
            .directory(repo.toFile())
            .redirectErrorStream(true);
    pb.environment()
        .putAll(
            Map.of(
                "GIT_AUTHOR_DATE", when,
                "GIT_COMMITTER_DATE", when,
                "GIT_AUTHOR_NAME", name,
                "GIT_AUTHOR_EMAIL", email,
                "GIT_COMMITTER_NAME", name,
                "GIT_COMMITTER_EMAIL", email));
    finish(pb.start(), "git commit");
  }

  private static String run(Path dir, String... cmd) throws Exception {
    var pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    return finish(pb.start(), String.join(" ", cmd));
  }

  private static String finish(Process p, String what) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(what + " failed:\n" + out);
    }
    return out;
  }

  /** Copies the tree at {@code from} to {@code to} (which must not hold its files yet). */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
