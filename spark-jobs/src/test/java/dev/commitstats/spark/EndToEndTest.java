package dev.commitstats.spark;

import static dev.commitstats.spark.TransformRulesTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.config.CommitStatsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a git repository made here, through the real ingest process (the ingest module's jar, as the
 * launcher runs it) and the transform, to the gold tables.
 */
class EndToEndTest {
  static SparkSession spark;

  @TempDir Path repo;
  @TempDir Path lake;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  @Test
  void gitHistoryBecomesCvTables() throws Exception {
    git("init", "-q", "-b", "main");
    write("src/app.py", "a = 1\nb = 2\nprint(a + b)\n");
    write("package.json", "{\"dependencies\": {\"left-pad\": \"1.0.0\"}}\n");
    commit("Alice", "alice@example.com", "2024-03-04T10:00:00Z", "Add the app");
    write("src/app.py", "a = 1\nb = 3\nc = 4\nprint(a + b + c)\n");
    write("vendor/lib/x.js", "x;\n".repeat(100));
    commit("Bob", "bob@example.com", "2024-03-05T10:00:00Z", "Tune and vendor x");
    write("src/util.go", "package util\n".repeat(10));
    commit(
        "Alice",
        "alice@example.com",
        "2024-03-12T10:00:00Z",
        "Add util\n\nCo-authored-by: Bob <bob@example.com>");
    write("package.json", "{\"dependencies\": {\"left-pad\": \"1.3.0\"}}\n");
    commit("Alice", "alice@example.com", "2024-03-13T10:00:00Z", "Bump left-pad");

    String out =
        ingest(
            "ingest",
            "--lake",
            lake.toString(),
            "--repo",
            repo.toString(),
            "--visibility",
            "public");
    assertThat(out).contains("1 repositories, 4 new commits, 0 failed");

    var config =
        CommitStatsConfig.parse(
            """
        users:
          - id: alice
            emails: [alice@example.com]
          - id: bob
            emails: [bob@example.com]
        """,
            "e2e");
    TransformJob.Result r =
        TransformJob.run(spark, new TransformJob.Settings(lake.toString(), config, false));
    assertThat(r.commitRows()).isEqualTo(4);

    assertThat(
            rows(
                "SELECT user_id, language, commits, lines_added, lines_deleted FROM "
                    + table("user_language_stats")
                    + " WHERE language IN ('Python', 'Go', 'JavaScript')"
                    + " ORDER BY user_id, language"))
        .containsExactly(
            map(
                "user_id",
                "alice",
                "language",
                "Go",
                "commits",
                1L,
                "lines_added",
                5L,
                "lines_deleted",
                0L),
            map(
                "user_id",
                "alice",
                "language",
                "Python",
                "commits",
                1L,
                "lines_added",
                3L,
                "lines_deleted",
                0L),
            map(
                "user_id",
                "bob",
                "language",
                "Go",
                "commits",
                1L,
                "lines_added",
                5L,
                "lines_deleted",
                0L),
            map(
                "user_id",
                "bob",
                "language",
                "Python",
                "commits",
                1L,
                "lines_added",
                3L,
                "lines_deleted",
                2L));
    assertThat(
            rows(
                "SELECT user_id, package, first_used, last_used, commits, latest_version FROM "
                    + table("user_packages")))
        .containsExactly(
            map(
                "user_id",
                "alice",
                "package",
                "left-pad",
                "first_used",
                RawLake.ts("2024-03-04T10:00:00Z"),
                "last_used",
                RawLake.ts("2024-03-13T10:00:00Z"),
                "commits",
                2L,
                "latest_version",
                "1.3.0"));
    assertThat(
            rows(
                "SELECT week_start, sum(commits) AS commits FROM "
                    + table("user_weekly_activity")
                    + " WHERE user_id = 'alice'"
                    + " GROUP BY week_start ORDER BY week_start"))
        .containsExactly(
            map("week_start", java.sql.Date.valueOf("2024-03-04"), "commits", 2L),
            map("week_start", java.sql.Date.valueOf("2024-03-11"), "commits", 2L));
    assertThat(
            rows(
                "SELECT path, excluded_reason FROM "
                    + table("file_changes")
                    + " WHERE path LIKE 'vendor/%'"))
        .containsExactly(map("path", "vendor/lib/x.js", "excluded_reason", "vendored"));
    for (String history : List.of("commits", "file_changes", "dependency_changes")) {
      assertThat(codecsOfDataFiles(lake.resolve("delta").resolve(history)))
          .as("the codecs of %s's column chunks", history)
          .containsExactly("ZSTD");
    }
    for (String perUser : List.of("user_cv_summary", "user_weekly_activity", "user_digests")) {
      assertThat(codecsOfDataFiles(lake.resolve("delta").resolve(perUser)))
          .as("the codecs of %s's column chunks", perUser)
          .containsExactly("SNAPPY");
    }
  }

  /** The compression codecs of the column chunks of the Parquet data files under {@code dir}. */
  static java.util.Set<String> codecsOfDataFiles(Path dir) throws IOException {
    var codecs = new java.util.TreeSet<String>();
    var conf = new org.apache.hadoop.conf.Configuration();
    List<Path> files;
    try (var walk = Files.walk(dir)) {
      files =
          walk.filter(f -> f.toString().endsWith(".parquet"))
              .filter(f -> !f.toString().contains("_delta_log"))
              .toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      var input =
          org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
              new org.apache.hadoop.fs.Path(file.toUri()), conf);
      try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(input)) {
        for (var block : reader.getFooter().getBlocks()) {
          block.getColumns().forEach(column -> codecs.add(column.getCodec().name()));
        }
      }
    }
    return codecs;
  }

  List<Map<String, Object>> rows(String sql) {
    return spark.sql(sql).collectAsList().stream().map(RawLake::asMap).toList();
  }

  String table(String name) {
    return "delta.`" + lake.resolve("delta").resolve(name).toUri() + "`";
  }

  private void write(String path, String content) throws IOException {
    Path p = repo.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private void commit(String name, String email, String when, String message) throws Exception {
    git("add", "-A");
    run(
        repo,
        Map.of(
            "GIT_AUTHOR_NAME",
            name,
            "GIT_AUTHOR_EMAIL",
            email,
            "GIT_AUTHOR_DATE",
            when,
            "GIT_COMMITTER_NAME",
            name,
            "GIT_COMMITTER_EMAIL",
            email,
            "GIT_COMMITTER_DATE",
            when),
        "git",
        "commit",
        "-q",
        "-m",
        message);
  }

  private void git(String... args) throws Exception {
    var cmd = new ArrayList<String>(List.of("git"));
    cmd.addAll(List.of(args));
    run(repo, Map.of(), cmd.toArray(String[]::new));
  }

  /** The ingest stage as the launcher runs it: its jar and runtime classpath, its own JVM. */
  private String ingest(String... args) throws Exception {
    Path target = Path.of("..", "ingest", "target").toAbsolutePath().normalize();
    Path cpFile = target.resolve("runtime-classpath.txt");
    Path jar;
    try (var s = Files.list(target)) {
      jar =
          s.filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .matches("commitstats-ingest-[^-]+(-SNAPSHOT)?\\.jar"))
              .findFirst()
              .orElse(null);
    }
    assertThat(jar).as("the ingest module is packaged before these tests (mvn verify)").isNotNull();
    var cmd =
        new ArrayList<String>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Djava.io.tmpdir="
                    + Files.createDirectories(
                        lake.getParent().resolve(lake.getFileName() + "-tmp")),
                "-cp",
                jar + java.io.File.pathSeparator + Files.readString(cpFile).trim(),
                "dev.commitstats.ingest.cli.Main"));
    cmd.addAll(List.of(args));
    return run(repo, Map.of(), cmd.toArray(String[]::new));
  }

  private static String run(Path dir, Map<String, String> env, String... cmd) throws Exception {
    var pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
    return out;
  }
}
