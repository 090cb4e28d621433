package dev.commitstats.ingest.cli;

import static dev.commitstats.ingest.LakeQueries.count;
import static dev.commitstats.ingest.LakeQueries.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.GitCli;
import dev.commitstats.ingest.TokenGitServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https-style clones with a token against jgit's smart-HTTP server, through the real command line:
 * the right token clones and later fetches, a wrong one is a clean 401 status, a forbidden one a
 * 403; and the token appears in no log line, no lake file and no cached clone's config.
 */
class AuthenticatedCloneTest {
  private static final String TOKEN = "ghp_MARKERtoken5f2a9c1e7b3d";
  private static final String FORBIDDEN = "ghp_FORBIDDENtoken0a1b2c3d";

  @TempDir static Path tmp;
  static TokenGitServer server;
  static GitCli upstream;

  @BeforeAll
  static void start() throws Exception {
    Path repos = Files.createDirectories(tmp.resolve("served"));
    upstream = FastImport.generate(repos.resolve("team-repo.git"), 40, 7);
    server = new TokenGitServer(repos, TOKEN, FORBIDDEN);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static ChildIngest.Outcome ingest(Path lake, String token, String... repoArgs)
      throws IOException {
    var args =
        new ArrayList<>(
            List.of(
                "ingest",
                "--lake",
                lake.toString(),
                "--cache-dir",
                tmp.resolve("cache").toString(),
                "--progress",
                "never"));
    args.addAll(List.of(repoArgs));
    Map<String, String> env = token == null ? Map.of() : Map.of("TEAM_TOKEN", token);
    return ChildIngest.run(
        Files.createTempFile(tmp, "ingest", ".log"), env, args.toArray(String[]::new));
  }

  @Test
  void theRightTokenClonesThenFetchesNewCommits() throws Exception {
    Path lake = tmp.resolve("lake-ok");
    String url = server.url("team-repo.git");
    var first = ingest(lake, TOKEN, "--repo", url, "--token-env", "TEAM_TOKEN");
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(count(lake, "SELECT count(*) FROM raw_commits")).isEqualTo(40);
    assertThat(text(lake, "SELECT repo_url FROM raw_repos"))
        .isEqualTo(url.substring(0, url.length() - ".git".length()));

    upstream.write("late.txt", "late\n").commitAll("a commit after the first clone");
    var second = ingest(lake, TOKEN, "--repo", url, "--token-env", "TEAM_TOKEN");
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).contains("new commits: 1");
    assertThat(count(lake, "SELECT count(*) FROM raw_commits")).isEqualTo(41);
    assertNoToken(lake, first.output() + second.output());
  }

  @Test
  void aTokenInTheUrlIsUsedAndNeverStored() throws Exception {
    Path lake = tmp.resolve("lake-userinfo");
    String url =
        server.url("team-repo.git").replace("http://", "http://x-access-token:" + TOKEN + "@");
    var run = ingest(lake, null, "--repo", url);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(text(lake, "SELECT repo_url FROM raw_repos")).doesNotContain("@");
    assertNoToken(lake, run.output());
  }

  @Test
  void aWrongTokenIsACleanAuthenticationError() throws Exception {
    Path lake = tmp.resolve("lake-401");
    Path healthy = FastImport.generate(tmp.resolve("local-healthy"), 5, 8).dir();
    var run =
        ingest(
            lake,
            "ghp_WRONGtoken",
            "--repo",
            server.url("team-repo.git"),
            "--token-env",
            "TEAM_TOKEN",
            "--repo",
            healthy.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("FAILED").contains("authentication failed (401)");
    assertThat(text(lake, "SELECT error_message FROM raw_repos WHERE collect_status = 'error'"))
        .contains("authentication failed (401)")
        .contains("token");
    assertThat(count(lake, "SELECT count(*) FROM raw_commits")).isEqualTo(5);
    assertThat(run.output()).doesNotContain("ghp_WRONGtoken");
  }

  @Test
  void aForbiddenTokenIsAnAccessError() throws Exception {
    Path lake = tmp.resolve("lake-403");
    var run =
        ingest(lake, FORBIDDEN, "--repo", server.url("team-repo.git"), "--token-env", "TEAM_TOKEN");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(text(lake, "SELECT error_message FROM raw_repos")).contains("403");
    assertThat(run.output()).doesNotContain(FORBIDDEN);
  }

  /** The marker token is in no output line, no lake file and no file of the clone cache. */
  private static void assertNoToken(Path lake, String output) throws IOException {
    assertThat(output).doesNotContain(TOKEN);
    for (Path root : List.of(lake, tmp.resolve("cache"))) {
      try (var files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String content =
              new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
          assertThat(content).as("token in " + f).doesNotContain(TOKEN);
        }
      }
    }
  }
}
