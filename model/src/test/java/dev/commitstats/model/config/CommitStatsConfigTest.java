package dev.commitstats.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitStatsConfigTest {

  @Test
  void theArchitectureExampleParses() {
    var cfg =
        CommitStatsConfig.parse(
            """
            users:
              - id: espen
                name: Espen Albert
                emails: [espen@example.com]
                github: EspenAlbert
            sources:
              - provider: github
                token_env: GITHUB_TOKEN
                owners: {EspenAlbert: active, pydantic: inactive}
              - provider: git
                url: ../some/local/repo
                visibility: private
            """,
            "test.yaml");
    assertThat(cfg.users()).hasSize(1);
    assertThat(cfg.users().get(0).emails()).containsExactly("espen@example.com");
    assertThat(cfg.sources().get(0).tokenEnv()).isEqualTo("GITHUB_TOKEN");
    assertThat(cfg.sources().get(0).owners())
        .isEqualTo(Map.of("EspenAlbert", "active", "pydantic", "inactive"));
    assertThat(cfg.sources().get(1).url()).isEqualTo("../some/local/repo");
    assertThat(cfg.sources().get(1).isActive()).isTrue();
  }

  @Test
  void badValuesSayWhatIsAllowed() {
    assertThatThrownBy(
            () -> CommitStatsConfig.parse("users: [{id: Espen!, emails: [a@b]}]", "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml")
        .hasMessageContaining("id 'Espen!' is not allowed")
        .hasMessageContaining("a-z, 0-9");
    assertThatThrownBy(() -> CommitStatsConfig.parse("sources: [{provider: svn}]", "c.yaml"))
        .hasMessageContaining("provider 'svn' is not known: use one of github, gitlab, azure, git");
    assertThatThrownBy(() -> CommitStatsConfig.parse("sources: [{provider: git}]", "c.yaml"))
        .hasMessageContaining("needs a url");
    assertThatThrownBy(
            () ->
                CommitStatsConfig.parse(
                    "sources: [{provider: git, url: x, visibility: secret}]", "c.yaml"))
        .hasMessageContaining("use public or private");
    assertThatThrownBy(() -> CommitStatsConfig.parse("sourcez: []", "c.yaml"))
        .hasMessageContaining("c.yaml line 1")
        .hasMessageContaining("sourcez");
    assertThatThrownBy(
            () ->
                CommitStatsConfig.parse(
                    "users: [{id: a, emails: [x@y]}, {id: a, emails: [z@y]}]", "c.yaml"))
        .hasMessageContaining("appears twice");
  }

  @Test
  void anEmptyFileIsAnEmptyConfig() {
    var cfg = CommitStatsConfig.parse("", "empty.yaml");
    assertThat(cfg.users()).isEmpty();
    assertThat(cfg.sources()).isEmpty();
  }
}
