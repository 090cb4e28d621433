package dev.commitstats.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoUrlsTest {

  @ParameterizedTest
  @CsvSource({
    "https://github.com/Org/Repo.git, https://github.com/org/repo",
    "https://github.com/org/repo/, https://github.com/org/repo",
    "https://user:ghp_secret@github.com/org/repo.git, https://github.com/org/repo",
    "git@github.com:Org/Repo.git, https://github.com/org/repo",
    "ssh://git@github.com/org/repo.git, https://github.com/org/repo",
    "HTTPS://GitLab.Example.com:443/Group/Sub/Proj.git, https://gitlab.example.com/Group/Sub/Proj",
    "http://127.0.0.1:8080/team-repo.git, http://127.0.0.1:8080/team-repo",
    "https://dev.azure.com/Org/Proj/_git/Repo, https://dev.azure.com/org/proj/_git/repo"
  })
  void remoteUrlsNormalizeToOneFormWithoutCredentials(String input, String expected) {
    assertThat(RepoUrls.normalize(input)).isEqualTo(expected);
    assertThat(RepoUrls.isRemote(input)).isTrue();
  }

  @Test
  void localPathsBecomeAbsoluteFileUrls() {
    String abs = Path.of("some/repo").toAbsolutePath().normalize().toString();
    assertThat(RepoUrls.normalize("some/repo")).isEqualTo("file://" + abs);
    assertThat(RepoUrls.normalize("some/repo/")).isEqualTo("file://" + abs);
    assertThat(RepoUrls.normalize("some/repo/.git")).isEqualTo("file://" + abs);
    assertThat(RepoUrls.normalize("file://" + abs)).isEqualTo("file://" + abs);
    assertThat(RepoUrls.isRemote("some/repo")).isFalse();
    assertThat(RepoUrls.isRemote("file:///tmp/x")).isFalse();
  }

  @Test
  void theIdIsStableAndShort() {
    String a = RepoUrls.repoId(RepoUrls.normalize("https://github.com/org/repo.git"));
    String b = RepoUrls.repoId(RepoUrls.normalize("git@github.com:ORG/repo"));
    assertThat(a).isEqualTo(b).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(a).isEqualTo(RepoUrls.repoId("https://github.com/org/repo"));
    assertThat(a).isNotEqualTo(RepoUrls.repoId("https://github.com/org/other"));
  }

  @Test
  void nameAndOwnerComeFromThePath() {
    assertThat(RepoUrls.name("https://github.com/org/repo")).isEqualTo("repo");
    assertThat(RepoUrls.owner("https://github.com/org/repo")).isEqualTo("org");
    assertThat(RepoUrls.owner("file:///tmp/repo")).isNull();
  }

  @Test
  void credentialsAreRemovedFromMessages() {
    assertThat(RepoUrls.withoutUserInfo("failed: https://x:tok@host/a and http://tok2@h/b"))
        .isEqualTo("failed: https://host/a and http://h/b");
  }

  @Test
  void emptyOrHostlessLocationsAreRejectedWithAHint() {
    assertThatThrownBy(() -> RepoUrls.normalize(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("give a path or a URL");
    assertThatThrownBy(() -> RepoUrls.normalize("https:///nohost")).hasMessageContaining("no host");
  }
}
