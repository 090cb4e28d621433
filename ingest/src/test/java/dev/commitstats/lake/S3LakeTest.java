package dev.commitstats.lake;

import static dev.commitstats.ingest.LakeQueries.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.GitCli;
import java.nio.charset.StandardCharsets;
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
 * The same ingest into a local folder and into S3 (S3Proxy, in this JVM, spoken to over HTTP by a
 * real ingest process) gives the same tables; an upload stopped dead halfway leaves no file.
 */
class S3LakeTest {
  @TempDir static Path tmp;
  static S3TestServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer("lake");
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static final List<String> TABLES =
      List.of(
          "SELECT repo_id, sha, parent_shas, author_email, author_time, subject, co_authors,"
              + " files_changed, lines_added, lines_deleted FROM raw_commits ORDER BY ALL",
          "SELECT repo_id, sha, path, old_path, change_type, lines_added, lines_deleted, is_binary,"
              + " language, category FROM raw_file_changes ORDER BY ALL",
          "SELECT repo_id, sha, manifest_path, package, version_before, version_after, change_type"
              + " FROM raw_dependency_changes ORDER BY ALL",
          "SELECT repo_id, repo_url, collect_status, new_commits, last_commit_sha FROM raw_repos"
              + " WHERE new_commits > 0 ORDER BY ALL");

  @Test
  void anS3LakeHoldsTheSameTablesAsALocalOne() throws Exception {
    GitCli git = FastImport.generate(tmp.resolve("repo"), 400, 31);
    git.write("package.json", "{\"dependencies\": {\"react\": \"^18.2.0\"}}\n").commitAll("deps");
    Path local = tmp.resolve("local-lake");
    String remote = "s3://lake/team/prod";
    var env = new HashMap<>(s3.environment());
    for (String lake : List.of(local.toString(), remote)) {
      var run =
          ChildIngest.run(
              Files.createTempFile(tmp, "ingest", ".log"),
              env,
              "ingest",
              "--lake",
              lake,
              "--repo",
              git.dir().toString(),
              "--batch-commits",
              "150");
      assertThat(run.exitCode()).as(run.output()).isZero();
    }
    // an incremental rerun against S3 reads its state back and walks nothing
    var rerun =
        ChildIngest.run(
            Files.createTempFile(tmp, "ingest", ".log"),
            env,
            "ingest",
            "--lake",
            remote,
            "--repo",
            git.dir().toString());
    assertThat(rerun.output()).contains("walked no commit");
    assertThat(s3.store.list("lake").size()).isPositive();

    try (Lake l = Lake.open(local.toString());
        Lake r = s3Lake(remote)) {
      assertThat(r.list("raw/commits"))
          .isNotEmpty()
          .allMatch(p -> p.startsWith("raw/commits/repo_id="));
      assertThat(
              r.read(
                  "state/repos/" + r.list("state/repos").get(0).substring("state/repos/".length())))
          .isPresent();
      for (String q : TABLES) {
        var expected = rows(l, q);
        assertThat(expected).isNotEmpty();
        assertThat(rows(r, q)).as(q).isEqualTo(expected);
      }
    }
  }

  @Test
  void anUploadStoppedHalfwayLeavesNoFile() throws Exception {
    var env = new HashMap<>(s3.environment());
    env.put("COMMITSTATS_S3_MULTIPART_BYTES", String.valueOf(5 << 20));
    env.put("COMMITSTATS_CRASH_AT", "s3-part:1");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                HalfUploadMain.class.getName(),
                "s3://lake/half",
                "raw/file_changes/repo_id=x/big.parquet")
            .redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isEqualTo(137);
    try (Lake r = s3Lake("s3://lake/half")) {
      assertThat(r.list("raw")).as("a reader sees no half file").isEmpty();
      assertThat(r.read("raw/file_changes/repo_id=x/big.parquet")).isEmpty();
    }
  }

  private static Lake s3Lake(String location) {
    Map<String, String> env = s3.environment();
    var client =
        software.amazon.awssdk.services.s3.S3Client.builder()
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .endpointOverride(java.net.URI.create(env.get("COMMITSTATS_S3_ENDPOINT")))
            .forcePathStyle(true)
            .requestChecksumCalculation(
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        S3TestServer.KEY, S3TestServer.SECRET)))
            .build();
    String rest = location.substring("s3://".length());
    int slash = rest.indexOf('/');
    try {
      return new S3Lake(
          client,
          slash < 0 ? rest : rest.substring(0, slash),
          slash < 0 ? "" : rest.substring(slash + 1),
          Files.createTempDirectory(tmp, "mirror"),
          S3Lake.DEFAULT_MULTIPART_BYTES);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
