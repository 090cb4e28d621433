package dev.commitstats.accounts;

import static dev.commitstats.ingest.LakeQueries.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.accounts.HostApiServer.Answer;
import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.TokenGitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow through the real command line: a GitHub source in the config, discovery against a
 * local server speaking GitHub's API, clones with the token from jgit's smart-HTTP server that
 * requires it, the status tables, a repository deactivated by command, and the marker token in no
 * output and no lake file.
 */
class AccountsFlowTest {
  static final String TOKEN = "ghp_FLOWmarkerToken8e2b6a";

  @TempDir static Path tmp;
  static TokenGitServer git;
  static HostApiServer github;

  @BeforeAll
  static void start() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    FastImport.generate(served.resolve("app.git"), 12, 3);
    FastImport.generate(served.resolve("secret.git"), 8, 5);
    git = new TokenGitServer(served, TOKEN, "ghp_forbidden000");
    github =
        new HostApiServer(
            ex -> ("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization")));
    github
        .on("/user", Answer.json("{\"login\":\"alice\"}"))
        .on("/user/emails?per_page=100", Answer.json("[]"))
        .on(
            "/user/repos?per_page=100&affiliation=owner,collaborator,organization_member",
            Answer.json(
                ("[{\"name\":\"app\",\"full_name\":\"alice/app\",\"owner\":{\"login\":\"alice\"},"
                        + "\"private\":false,\"fork\":false,\"clone_url\":\"%s\","
                        + "\"default_branch\":\"main\"},"
                        + "{\"name\":\"secret\",\"full_name\":\"acme/secret\","
                        + "\"owner\":{\"login\":\"acme\"},\"private\":true,\"fork\":false,"
                        + "\"clone_url\":\"%s\",\"default_branch\":\"main\"}]")
                    .formatted(git.url("app.git"), git.url("secret.git"))));
  }

  @AfterAll
  static void stop() throws Exception {
    github.close();
    git.close();
  }

  static ChildIngest.Outcome cli(String token, String... args) throws IOException {
    Map<String, String> env = token == null ? Map.of() : Map.of("GH_TOKEN", token);
    return ChildIngest.run(Files.createTempFile(tmp, "cli", ".log"), env, args);
  }

  static ChildIngest.Outcome ingest(Path lake, Path config) throws IOException {
    return cli(
        TOKEN,
        "ingest",
        "--lake",
        lake.toString(),
        "--config",
        config.toString(),
        "--cache-dir",
        tmp.resolve("cache").toString(),
        "--progress",
        "never");
  }

  @Test
  void discoverSelectIngestAndSeeBothTables() throws Exception {
    Path lake = tmp.resolve("lake");
    Path config = tmp.resolve("commitstats.yaml");
    Files.writeString(
        config,
        """
        sources:
          - provider: github
            token_env: GH_TOKEN
            base_url: %s
        """
            .formatted(github.base()));

    var discover =
        cli(
            TOKEN,
            "accounts",
            "discover",
            "--config",
            config.toString(),
            "--lake",
            lake.toString());
    assertThat(discover.exitCode()).as(discover.output()).isZero();
    assertThat(discover.output())
        .contains(
            "Repositories", "Tokens", git.url("app.git"), "not collected yet", "GH_TOKEN", "valid");

    var ingest = ingest(lake, config);
    assertThat(ingest.exitCode()).as(ingest.output()).isZero();
    assertThat(ingest.output()).contains("2 repositories, 20 new commits, 0 failed");
    assertThat(
            rows(
                lake,
                "SELECT name, provider, owner, visibility, collect_status FROM raw_repos"
                    + " ORDER BY name"))
        .containsExactly(
            List.of("app", "github", "alice", "public", "up_to_date"),
            List.of("secret", "github", "acme", "private", "up_to_date"));

    // Deactivate one repository by command: the config says so, the next run leaves it alone.
    var off =
        cli(
            null,
            "accounts",
            "deactivate",
            "--repo",
            "acme/secret",
            "--config",
            config.toString(),
            "--lake",
            lake.toString());
    assertThat(off.exitCode()).as(off.output()).isZero();
    assertThat(Files.readString(config)).contains("acme/secret: inactive");
    var list =
        cli(null, "accounts", "list", "--config", config.toString(), "--lake", lake.toString());
    assertThat(list.exitCode()).as(list.output()).isZero();
    String secretLine =
        list.output().lines().filter(l -> l.contains("secret.git")).findFirst().orElseThrow();
    assertThat(secretLine).contains("up_to_date", "false");
    var again = ingest(lake, config);
    assertThat(again.output()).contains("1 repositories, 0 new commits, 0 failed");

    // A revoked token: the token table says so with what to do; the ingest fails only that source.
    var revoked =
        cli(
            "ghp_revoked",
            "accounts",
            "discover",
            "--config",
            config.toString(),
            "--lake",
            lake.toString());
    assertThat(revoked.exitCode()).isEqualTo(1);
    assertThat(revoked.output()).contains("invalid", "revoked, expired or lacks a scope");

    for (String output :
        List.of(
            discover.output(), ingest.output(), list.output(), again.output(), revoked.output())) {
      assertThat(output).doesNotContain(TOKEN);
    }
    assertNoToken(lake);
    assertNoToken(tmp.resolve("cache"));
  }

  private static void assertNoToken(Path dir) throws IOException {
    var files = new ArrayList<Path>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(content).as("token in " + f).doesNotContain(TOKEN);
    }
  }
}
