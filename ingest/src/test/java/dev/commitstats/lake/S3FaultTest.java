package dev.commitstats.lake;

import static dev.commitstats.ingest.LakeQueries.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest into S3 through {@link FaultProxy}: S3 answering 503 SlowDown and 500, connections cut in
 * the middle of uploads and of responses (listings, downloads), connections that stall. At the
 * rates a bad hour of S3 has, the run retries its way to exactly the lake of a run without faults;
 * at rates no retry survives, it stops with one clear line and no stack trace, and the next run
 * without faults ends with that same lake: never a half-published file or a lost commit.
 */
class S3FaultTest {
  @TempDir static Path tmp;
  static S3TestServer s3;
  static GitCli git;
  static Path reference;

  static final List<String> TABLES =
      List.of(
          "SELECT * EXCLUDE (ingest_run_id) FROM raw_commits ORDER BY ALL",
          "SELECT * EXCLUDE (ingest_run_id) FROM raw_file_changes ORDER BY ALL",
          "SELECT * EXCLUDE (ingest_run_id) FROM raw_dependency_changes ORDER BY ALL");

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer("lake");
    git = FastImport.generate(tmp.resolve("repo"), 300, 41);
    git.write("package.json", "{\"dependencies\": {\"react\": \"^18.2.0\"}}\n").commitAll("deps");
    reference = tmp.resolve("reference");
    var run = ingest(reference.toString(), Map.of());
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  static ChildIngest.Outcome ingest(String lake, Map<String, String> extra) throws Exception {
    var env = new HashMap<>(s3.environment());
    env.putAll(extra);
    return ChildIngest.run(
        Files.createTempFile(tmp, "ingest", ".log"),
        env,
        "ingest",
        "--lake",
        lake,
        "--repo",
        git.dir().toString(),
        "--batch-commits",
        // many small files: more requests for the faults to meet
        "10",
        "--progress",
        "never");
  }

  static Map<String, String> through(FaultProxy proxy, int attempts) {
    return Map.of(
        "COMMITSTATS_S3_ENDPOINT",
        proxy.endpoint(),
        "COMMITSTATS_S3_MAX_ATTEMPTS",
        String.valueOf(attempts),
        "COMMITSTATS_S3_ATTEMPT_TIMEOUT_SECONDS",
        "2");
  }

  static void assertSameTables(String location) throws Exception {
    try (Lake l = Lake.open(reference.toString());
        Lake r = S3Lake.fromEnvironment(location, s3.environment()::get)) {
      for (String q : TABLES) {
        assertThat(rows(r, q)).as(q).isEqualTo(rows(l, q));
      }
    }
  }

  @Test
  void retriesOfEveryKindOfFaultEndInTheLakeOfARunWithout() throws Exception {
    // about one request in five fails: SlowDown, 500, cut uploads and responses, 3 s stalls
    var rates = new FaultProxy.Rates(0.07, 0.04, 0.03, 0.04, 0.02, 3_000);
    try (var proxy = new FaultProxy(s3.endpoint(), rates, 20261201L)) {
      var run = ingest("s3://lake/faulty", through(proxy, 10));
      assertThat(run.exitCode()).as(run.output() + "\n" + proxy.summary()).isZero();
      assertThat(proxy.injected()).as(proxy.summary()).isGreaterThanOrEqualTo(10);
      for (var f : FaultProxy.Fault.values()) {
        assertThat(proxy.count(f)).as(f + " in " + proxy.summary()).isPositive();
      }
      // an incremental rerun through the same faults reads its state back and walks nothing
      var rerun = ingest("s3://lake/faulty", through(proxy, 10));
      assertThat(rerun.exitCode()).as(rerun.output()).isZero();
      assertThat(rerun.output()).contains("0 new commits");
      System.out.println("fault-proxy, retried runs: " + proxy.summary());
    }
    assertSameTables("s3://lake/faulty");
  }

  @Test
  void theApisMirrorOfTheTablesIsCompleteOrKeepsItsOldVersions() throws Exception {
    String location = "s3://lake/tables";
    var files = new java.util.TreeMap<String, byte[]>();
    var rnd = new java.util.Random(3);
    for (String table : List.of("delta/user_cv_summary", "delta/user_languages")) {
      for (int i = 0; i < 30; i++) {
        byte[] b = new byte[1_000 + rnd.nextInt(20_000)];
        rnd.nextBytes(b);
        files.put(table + "/part-" + i + ".parquet", b);
      }
      for (int v = 0; v < 8; v++) {
        files.put(
            table + String.format("/_delta_log/%020d.json", v),
            ("{\"commitInfo\":{\"version\":" + v + "}}\n").getBytes());
      }
    }
    try (Lake direct = S3Lake.fromEnvironment(location, s3.environment()::get)) {
      for (var e : files.entrySet()) {
        direct.write(e.getKey(), e.getValue());
      }
    }
    var tables = List.of("delta/user_cv_summary", "delta/user_languages");
    // hopeless: the sync fails, and the copy holds no log (no version) whose files it lacks
    try (var proxy =
            new FaultProxy(s3.endpoint(), new FaultProxy.Rates(0.4, 0.2, 0, 0.2, 0, 0), 5);
        Lake remote = S3Lake.fromEnvironment(location, env(through(proxy, 1))::get)) {
      var mirror = new LakeMirror(remote, tables);
      boolean failed = false;
      try {
        mirror.sync();
      } catch (IOException | RuntimeException e) {
        failed = true;
      }
      assertThat(failed).as(proxy.summary()).isTrue();
      try (var walk = Files.walk(mirror.root())) {
        assertThat(walk.filter(p -> p.toString().contains("_delta_log") && Files.isRegularFile(p)))
            .isEmpty();
      }
      // a bad hour: retried to a complete copy, byte for byte
      proxy.rates(new FaultProxy.Rates(0.07, 0.04, 0.03, 0.05, 0.02, 3_000));
      try (Lake retried = S3Lake.fromEnvironment(location, env(through(proxy, 10))::get)) {
        var ok = new LakeMirror(retried, tables);
        var sync = ok.sync();
        assertThat(sync.files()).isEqualTo(files.size());
        for (var e : files.entrySet()) {
          assertThat(Files.readAllBytes(ok.root().resolve(e.getKey()))).isEqualTo(e.getValue());
        }
        System.out.println("fault-proxy, mirror: " + proxy.summary());
      }
    }
  }

  static Map<String, String> env(Map<String, String> extra) {
    var env = new HashMap<>(s3.environment());
    env.putAll(extra);
    return env;
  }

  @Test
  void faultsNoRetrySurvivesStopTheRunCleanlyAndTheNextRunRepairsIt() throws Exception {
    var rates = new FaultProxy.Rates(0.35, 0.15, 0.1, 0.1, 0.0, 0);
    int failed = 0;
    try (var proxy = new FaultProxy(s3.endpoint(), rates, 7L)) {
      // a few runs at rates where one request in seven survives two attempts at best
      for (int i = 0; i < 3; i++) {
        var run = ingest("s3://lake/broken", through(proxy, 2));
        if (run.exitCode() != 0) {
          failed++;
          assertThat(run.output()).as("no stack trace").doesNotContain("\tat ");
          assertThat(run.output()).containsPattern("(?m)^(error|FAILED)");
        }
      }
    }
    System.out.println("fault-proxy, hopeless rates: " + failed + " of 3 runs failed cleanly");
    assertThat(failed).as("runs that failed at these rates").isPositive();
    var clean = ingest("s3://lake/broken", Map.of());
    assertThat(clean.exitCode()).as(clean.output()).isZero();
    assertSameTables("s3://lake/broken");
  }
}
