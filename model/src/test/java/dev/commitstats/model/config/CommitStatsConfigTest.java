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

  @Test
  void mistakesAreAnsweredInTheConfigsWordsWithTheKeyPath() {
    assertThatThrownBy(
            () -> CommitStatsConfig.parse("users:\n  - id: espen\n    emails: x\n", "c.yaml"))
        .hasMessageContaining("c.yaml line 3")
        .hasMessageContaining("users[0].emails: found the text 'x', expected a list")
        .hasMessageContaining("e.g. emails: [first, second]")
        .hasMessageNotContaining("ArrayList")
        .hasMessageNotContaining("Creator");
    assertThatThrownBy(
            () -> CommitStatsConfig.parse("users:\n  - id: espen\n    emials: [a@b.c]\n", "c.yaml"))
        .hasMessageContaining("unknown key 'users[0].emials': did you mean 'emails'?")
        .hasMessageContaining("The keys allowed there: ")
        .hasMessageContaining("emails");
    assertThatThrownBy(
            () -> CommitStatsConfig.parse("transform:\n  bulk_commit_lines: many\n", "c.yaml"))
        .hasMessageContaining("transform.bulk_commit_lines: found 'many', expected a whole number")
        .hasMessageContaining("e.g. bulk_commit_lines: 1000");
    assertThatThrownBy(() -> CommitStatsConfig.parse("userz: []\n", "c.yaml"))
        .hasMessageContaining("unknown key 'userz': did you mean 'users'?");
    assertThatThrownBy(() -> CommitStatsConfig.parse("users: {id: x}\n", "c.yaml"))
        .hasMessageContaining("users: found a mapping (key: value lines), expected a list");
  }

  @Test
  void aCvCurationParsesAndItsMistakesAreNamed() {
    var cfg =
        CommitStatsConfig.parse(
            """
            users:
              - id: espen
                emails: [espen@example.com]
                cv:
                  display_name: Espen A.
                  headline: Data engineer
                  links: {homepage: "https://espen.example.org"}
                  hide_languages: [Shell]
                  count_as_languages: [SQL]
                  hide_repositories: [https://github.com/espen/toy]
                  repository_aliases: {"https://gitlab.com/acme/ledger": "Payments platform, Acme"}
                  pin_oss: [https://github.com/pydantic/pydantic]
                  hide_packages: [npm:left-pad, lodash]
            """,
            "c.yaml");
    var cv = cfg.users().get(0).cv();
    assertThat(cv.hidesLanguage("shell")).isTrue();
    assertThat(cv.countsAsLanguage("sql")).isTrue();
    assertThat(cv.hidesPackage("npm", "left-pad")).isTrue();
    assertThat(cv.hidesPackage("npm", "lodash")).isTrue();
    assertThat(cv.hidesPackage("pypi", "left-pad")).isFalse();
    assertThat(cv.repositoryAliases()).containsValue("Payments platform, Acme");
    // the curation is not the attribution: the transform's fingerprint does not see it
    assertThat(cfg.users().get(0).attribution()).doesNotContain("Shell", "Espen A.");

    assertThatThrownBy(
            () ->
                CommitStatsConfig.parse(
                    "users:\n  - id: espen\n    emails: [a@b]\n    cv:\n      hide_langauges: [Go]\n",
                    "c.yaml"))
        .hasMessageContaining("c.yaml line 5")
        .hasMessageContaining("unknown key 'users[0].cv.hide_langauges'")
        .hasMessageContaining("did you mean 'hide_languages'?");
    assertThatThrownBy(
            () ->
                CommitStatsConfig.parse(
                    "users:\n  - id: espen\n    emails: [a@b]\n    cv:\n      links: {github: github.com/e}\n",
                    "c.yaml"))
        .hasMessageContaining("cv.links.github: 'github.com/e' is not an http(s) URL");
    assertThatThrownBy(
            () ->
                CommitStatsConfig.parse(
                    "users:\n  - id: espen\n    emails: [a@b]\n    cv:\n      headline: '"
                        + "x".repeat(121)
                        + "'\n",
                    "c.yaml"))
        .hasMessageContaining("cv.headline is 121 characters: keep it to 120 or fewer");
  }
}
