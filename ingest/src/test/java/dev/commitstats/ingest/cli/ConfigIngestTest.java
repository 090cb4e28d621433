package dev.commitstats.ingest.cli;

import static dev.commitstats.ingest.LakeQueries.count;
import static dev.commitstats.ingest.LakeQueries.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.FastImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest driven by a YAML config, with sources that cannot be collected beside ones that can. */
class ConfigIngestTest {
  @TempDir Path tmp;

  @Test
  void everyConfiguredSourceGetsAStatusRow() throws Exception {
    Path repo = FastImport.generate(tmp.resolve("lib"), 12, 21).dir();
    Path skipped = FastImport.generate(tmp.resolve("skipped"), 3, 22).dir();
    Path config = tmp.resolve("commitstats.yaml");
    Files.writeString(
        config,
        """
        users:
          - id: alice
            emails: [alice@example.com]
        sources:
          - provider: git
            url: %s
            visibility: public
          - provider: git
            url: %s
            active: false
          - provider: git
            url: https://git.example.com/team/private.git
            token_env: COMMITSTATS_TEST_TOKEN_THAT_IS_NOT_SET
          - provider: github
            token_env: COMMITSTATS_TEST_GITHUB_TOKEN_NOT_SET
            owners: {alice: active}
        """
            .formatted(repo, skipped));
    Path lake = tmp.resolve("lake");
    int rc =
        Main.run(
            "ingest",
            "--lake",
            lake.toString(),
            "--config",
            config.toString(),
            "--progress",
            "never");
    assertThat(rc).isEqualTo(1);
    assertThat(count(lake, "SELECT count(*) FROM raw_commits")).isEqualTo(12);
    assertThat(
            rows(
                lake,
                "SELECT name, visibility, collect_status FROM raw_repos ORDER BY collect_status, name"))
        .containsExactly(
            List.of("github:COMMITSTATS_TEST_GITHUB_TOKEN_NOT_SET", "private", "error"),
            List.of("private", "private", "error"),
            List.of("lib", "public", "up_to_date"));
    assertThat(
            rows(
                lake,
                "SELECT error_message FROM raw_repos WHERE collect_status = 'error' ORDER BY name"))
        .satisfiesExactly(
            r ->
                assertThat(r.get(0).toString())
                    .contains(
                        "missing: no token COMMITSTATS_TEST_GITHUB_TOKEN_NOT_SET",
                        "accounts token set"),
            r ->
                assertThat(r.get(0).toString())
                    .contains(
                        "COMMITSTATS_TEST_TOKEN_THAT_IS_NOT_SET (named by token_env) is not set"));
  }

  @Test
  void aBrokenConfigIsAUsageErrorThatSaysWhere() throws Exception {
    Path config = tmp.resolve("bad.yaml");
    Files.writeString(config, "sources:\n  - provider: svn\n");
    int rc =
        Main.run("ingest", "--lake", tmp.resolve("lake").toString(), "--config", config.toString());
    assertThat(rc).isEqualTo(2);
    assertThat(Files.exists(tmp.resolve("lake"))).isFalse();
  }
}
