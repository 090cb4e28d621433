package dev.commitstats.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.git.Credentials;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.model.Visibility;
import dev.commitstats.runtime.Secrets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void aTokenInAUrlIsTakenOutAndRedactedEverywhere() {
    var source =
        RepoSource.of(
            "https://bot:glpat-SECRETvalue42@gitlab.example.com/group/proj.git",
            Visibility.PRIVATE,
            RepoSource.BranchSelection.DEFAULT,
            null,
            Optional.empty());
    assertThat(source.location()).isEqualTo("https://gitlab.example.com/group/proj.git");
    assertThat(source.repoUrl()).isEqualTo("https://gitlab.example.com/group/proj");
    assertThat(source.credentials()).isPresent();
    assertThat(source.toString()).doesNotContain("glpat-SECRETvalue42");
    assertThat(Secrets.redact("error: token glpat-SECRETvalue42 rejected"))
        .isEqualTo("error: token *** rejected");
    assertThat(new IngestException("failed with glpat-SECRETvalue42").getMessage())
        .doesNotContain("SECRET");
  }

  @Test
  void aFallbackTokenAppliesToRemoteUrlsOnly() {
    var token = Optional.of(new Credentials("x-access-token", "ghp_fallbackTOKEN"));
    var remote =
        RepoSource.of(
            "https://github.com/o/r",
            Visibility.PUBLIC,
            RepoSource.BranchSelection.DEFAULT,
            null,
            token);
    var local =
        RepoSource.of("/tmp/r", Visibility.PUBLIC, RepoSource.BranchSelection.DEFAULT, null, token);
    assertThat(remote.credentials()).isPresent();
    assertThat(local.credentials()).isEmpty();
    assertThat(token.get().toString()).isEqualTo("Credentials[***]");
  }

  @Test
  void describeJoinsCausesOnOneRedactedLine() {
    Secrets.register("ghp_describeTOKEN");
    var e =
        new RuntimeException(
            "outer https://u:ghp_describeTOKEN@h/x", new IllegalStateException("inner\nline"));
    assertThat(Secrets.describe(e))
        .isEqualTo("outer https://h/x <- inner line")
        .doesNotContain("ghp_describeTOKEN");
  }
}
