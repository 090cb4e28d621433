package dev.commitstats.ingest.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.GitCli;
import dev.commitstats.ingest.LakeQueries;
import dev.commitstats.ingest.TokenGitServer;
import dev.commitstats.lake.Lake;
import dev.commitstats.lake.S3Lake;
import dev.commitstats.lake.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed ingest ({@code --spark-master local[2]}, a real command in its own JVM) against
 * the single-process one over the same dozen repositories: good ones of mixed sizes, one large
 * enough to be walked in ranges, one with dependency changes, an empty one, one with a missing
 * object, one served over HTTP with a token and one whose token the host refuses. Same raw rows,
 * row for row (run ids and timings aside), into a local folder and into S3; the same after a task
 * is killed mid-repository and retried by Spark; the token nowhere in the output, the event log or
 * the lake.
 */
class SparkIngestTest {
  @TempDir static Path tmp;
  static S3TestServer s3;
  static TokenGitServer server;
  static List<String> repos = new ArrayList<>();
  static Path single;

  /** Commits of the good repositories: 547 in the small ones, the large, deps, damaged, team. */
  static final int COMMITS = 547 + 1_300 + 22 + 3 + 80;

  static final String TOKEN = "marker-token-5f1c9e0b7a";
  static final String FORBIDDEN = "refused-token-c0ffee77";

  /** Every raw table, all columns but the run's id; raw/repos without its times. */
  static final List<String> TABLES =
      List.of(
          "SELECT * EXCLUDE (ingest_run_id) FROM raw_commits ORDER BY ALL",
          "SELECT * EXCLUDE (ingest_run_id) FROM raw_file_changes ORDER BY ALL",
          "SELECT * EXCLUDE (ingest_run_id) FROM raw_dependency_changes ORDER BY ALL",
          "SELECT * EXCLUDE (ingest_run_id, last_update, duration_ms) FROM raw_repos ORDER BY ALL");

  @BeforeAll
  static void setUp() throws Exception {
    s3 = new S3TestServer("lake");
    Path local = Files.createDirectories(tmp.resolve("repos"));
    int[] sizes = {5, 12, 30, 60, 90, 150, 200};
    for (int i = 0; i < sizes.length; i++) {
      repos.add(
          FastImport.generate(local.resolve("small-" + i), sizes[i], 100 + i).dir().toString());
    }
    repos.add(FastImport.generate(local.resolve("large"), 1_300, 7).dir().toString());
    GitCli deps = FastImport.generate(local.resolve("deps"), 20, 8);
    deps.write("package.json", "{\"dependencies\": {\"react\": \"^18.2.0\"}}\n").commitAll("deps");
    deps.write("package.json", "{\"dependencies\": {\"react\": \"^18.3.1\", \"vite\": \"5\"}}\n")
        .commitAll("bump");
    repos.add(deps.dir().toString());
    repos.add(GitCli.init(local.resolve("empty")).dir().toString());
    repos.add(missingObject(local.resolve("damaged")).dir().toString());
    Path served = Files.createDirectories(tmp.resolve("served"));
    FastImport.generate(served.resolve("team.git"), 80, 9);
    FastImport.generate(served.resolve("refused.git"), 10, 10);
    server = new TokenGitServer(served, TOKEN, FORBIDDEN);
    repos.add(server.url("team.git"));
    repos.add(server.url("refused.git").replace("://", "://x-access-token:" + FORBIDDEN + "@"));

    single = tmp.resolve("single-lake");
    var run = ingest(single.toString(), false, Map.of());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains(COMMITS + " new commits");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    s3.close();
  }

  /** A repository of loose objects, one blob of which is gone. */
  static GitCli missingObject(Path dir) throws IOException {
    GitCli git = GitCli.init(dir);
    git.write("a.py", "print(1)\n").commitAll("one");
    git.write("b.py", "x = 1\ny = 2\n").commitAll("two");
    git.write("a.py", "print(2)\nprint(3)\n").commitAll("three");
    String blob = git.run("rev-parse", "HEAD~1:b.py").trim();
    Files.delete(dir.resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2)));
    return git;
  }

  record Run(int exitCode, String output, Path eventLogs) {}

  static Run ingest(String lake, boolean spark, Map<String, String> extraEnv) throws Exception {
    Path log = Files.createTempFile(tmp, "ingest", ".log");
    Path events = Files.createTempDirectory(tmp, "events");
    Path jvmTmp = Files.createDirectories(tmp.resolve("jvm-tmp"));
    var cmd = new ArrayList<>(SparkChild.ingest(events, "-Xmx1g", "-Djava.io.tmpdir=" + jvmTmp));
    cmd.addAll(
        List.of(
            "--lake",
            lake,
            "--visibility",
            "public",
            "--token-env",
            "TEAM_TOKEN",
            "--batch-commits",
            "100",
            "--cache-dir",
            tmp.resolve(spark ? "cache-spark" : "cache-single").toString()));
    if (spark) {
      cmd.addAll(List.of("--spark-master", "local[2]", "--split-commits", "400"));
    }
    for (String r : repos) {
      cmd.add("--repo");
      cmd.add(r);
    }
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TEAM_TOKEN", TOKEN);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(s3.environment());
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("ingest did not finish in 5 minutes: " + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), events);
  }

  static List<List<List<Object>>> tables(Path lake) throws Exception {
    var out = new ArrayList<List<List<Object>>>();
    for (String q : TABLES) {
      out.add(LakeQueries.rows(lake, q));
    }
    return out;
  }

  static List<List<List<Object>>> tables(Lake lake) throws Exception {
    var out = new ArrayList<List<List<Object>>>();
    for (String q : TABLES) {
      out.add(LakeQueries.rows(lake, q));
    }
    return out;
  }

  @Test
  void sparkWritesTheSameRowsAsOneProcessIntoAFolderAndIntoS3() throws Exception {
    var expected = tables(single);
    assertThat(expected.get(0)).hasSize(COMMITS);
    Path folder = tmp.resolve("spark-lake");
    var run = ingest(folder.toString(), true, Map.of());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(tables(folder)).isEqualTo(expected);
    // the large repository was walked in ranges by several tasks, committed by one state write
    String state = largeState(folder);
    assertThat(state).contains("-r000-").contains("-r003-").doesNotContain("-r004-");
    assertNoSecrets(run, folder);

    String bucket = "s3://lake/spark";
    var s3run = ingest(bucket, true, Map.of());
    assertThat(s3run.exitCode()).as(s3run.output()).isEqualTo(1);
    try (Lake lake = S3Lake.fromEnvironment(bucket, s3.environment()::get)) {
      assertThat(tables(lake)).isEqualTo(expected);
    }

    // a rerun finds nothing new: every repository up to date, the failing ones failing again
    var again = ingest(folder.toString(), true, Map.of());
    assertThat(again.output()).contains("0 new commits");
    assertThat(tables(folder).subList(0, 3)).isEqualTo(expected.subList(0, 3));
  }

  @Test
  void aTaskKilledMidRepositoryIsRetriedAndTheLakeIsOneCleanRun() throws Exception {
    var expected = tables(single);
    for (String point : List.of("publish:4", "checkpoint:2")) {
      Path lake = tmp.resolve("killed-" + point.replace(':', '-'));
      var run =
          ingest(
              lake.toString(),
              true,
              Map.of("COMMITSTATS_CRASH_AT", point, "COMMITSTATS_CRASH_MODE", "throw"));
      assertThat(run.output()).contains("crash point " + point + " reached, throwing");
      // Spark saw the task fail and ran it again
      assertThat(run.output()).containsPattern("(?s)Lost task .*crash point");
      assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
      assertThat(tables(lake)).as(point).isEqualTo(expected);
    }
  }

  private static String largeState(Path lake) throws IOException {
    try (Stream<Path> files = Files.list(lake.resolve("state/repos"))) {
      for (Path f : files.toList()) {
        String text = Files.readString(f);
        if (text.contains("/large")) {
          return text;
        }
      }
    }
    throw new AssertionError("no state of the large repository in " + lake);
  }

  /** Neither token in what the process printed, in Spark's event log, or in any lake file. */
  private static void assertNoSecrets(Run run, Path lake) throws IOException {
    assertThat(run.output()).doesNotContain(TOKEN).doesNotContain(FORBIDDEN);
    var files = new ArrayList<Path>();
    try (Stream<Path> s = Files.walk(run.eventLogs())) {
      s.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).as("Spark wrote an event log").isNotEmpty();
    try (Stream<Path> s = Files.walk(lake)) {
      s.filter(Files::isRegularFile).forEach(files::add);
    }
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(text).as(f.toString()).doesNotContain(TOKEN).doesNotContain(FORBIDDEN);
    }
  }

  static Map<String, String> env() {
    return new HashMap<>(s3.environment());
  }
}
