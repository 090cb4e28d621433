package dev.commitstats.accounts;

import static dev.commitstats.accounts.FaithfulHosts.AZURE_PAT;
import static dev.commitstats.accounts.FaithfulHosts.GITHUB_TOKEN;
import static dev.commitstats.accounts.FaithfulHosts.GITLAB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitstats.accounts.FaithfulHosts.Scope;
import dev.commitstats.lake.Lake;
import dev.commitstats.model.config.CommitStatsConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery against stand-ins that answer as GitHub, GitLab and Azure DevOps really do ({@link
 * FaithfulHosts}, with the documents each behaviour follows): a test per case the clients got wrong
 * before.
 */
class HostsAsTheyAreTest {
  final List<Duration> waits = new ArrayList<>();
  final RestClient.Sleeper sleeper = waits::add;

  @TempDir Path dir;

  /** The token row discovery leaves for a one-source config. */
  private AccountsState.TokenStatus discover(String yaml, Map<String, String> env)
      throws Exception {
    var config = CommitStatsConfig.parse(yaml, "test");
    var accounts = new Accounts(env::get, sleeper, Clock.systemUTC());
    try (var lake = Lake.open(dir.toString())) {
      return accounts.discoverAll(lake, config.sources()).tokens().get(0);
    }
  }

  private static String source(String provider, String tokenEnv, String base) {
    return """
        sources:
          - provider: %s
            token_env: %s
            base_url: %s
        """
        .formatted(provider, tokenEnv, base);
  }

  @Test
  void aClassicGitHubTokenWithRepoOnlyIsValidWithoutHostEmails() throws Exception {
    try (var gh = FaithfulHosts.github(Set.of("repo"))) {
      var token =
          discover(source("github", "GH_TOKEN", gh.base()), Map.of("GH_TOKEN", GITHUB_TOKEN));
      assertThat(token.status()).isEqualTo("valid");
      assertThat(token.login()).isEqualTo("alice");
      assertThat(token.emails()).isEmpty();
      assertThat(token.refreshMessage())
          .contains("GET /user/emails answered 404", "user:email", "config's emails")
          .doesNotContain(GITHUB_TOKEN);
    }
    try (var gh = FaithfulHosts.github(Set.of("repo", "user:email"))) {
      Discovery d = new GitHub(gh.base()).discover(sleeper, GITHUB_TOKEN);
      assertThat(d.emails()).containsExactly("alice@example.com");
      assertThat(d.notes()).isEmpty();
    }
  }

  @Test
  void aForkWhoseParentCannotBeReadIsKeptWithoutUpstream() throws Exception {
    try (var gh = FaithfulHosts.github(Set.of("repo", "user:email"))) {
      Discovery d = new GitHub(gh.base()).discover(sleeper, GITHUB_TOKEN);
      var upstreams = new java.util.LinkedHashMap<String, String>();
      d.repos().forEach(r -> upstreams.put(r.name(), r.upstreamUrl()));
      assertThat(upstreams.keySet()).containsExactly("app", "moved", "sso", "gone");
      // 301 followed to the moved repository; 403 (SSO) and 404 (deleted): kept, no upstream.
      assertThat(upstreams.get("moved")).isEqualTo("https://github.com/up/moved.git");
      assertThat(upstreams.get("sso")).isNull();
      assertThat(upstreams.get("gone")).isNull();
      assertThat(d.repos()).filteredOn(DiscoveredRepo::fork).hasSize(3);
    }
  }

  @Test
  void anExhaustedGitHubLimitStopsTheSourceWithWhenItResumes() throws Exception {
    try (var gh = FaithfulHosts.github(Set.of("repo", "user:email"))) {
      long reset = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
      gh.firstTimes(
          "/user/repos?per_page=100&affiliation=owner,collaborator,organization_member",
          FaithfulHosts.githubPrimaryLimit(reset));
      var token =
          discover(source("github", "GH_TOKEN", gh.base()), Map.of("GH_TOKEN", GITHUB_TOKEN));
      assertThat(token.status()).isEqualTo("error");
      assertThat(token.refreshMessage())
          .contains("rate limit", "exhausted until", "resumes with the first run after that");
      assertThat(waits).as("no wait, no retry while limited").isEmpty();
      assertThat(gh.requests)
          .filteredOn(r -> r.startsWith("/user/repos"))
          .as("asked once")
          .hasSize(1);
    }
  }

  @Test
  void aLimitWithoutHintsBacksOffExponentiallyInMinutes() throws Exception {
    try (var gh = FaithfulHosts.github(Set.of("repo", "user:email"))) {
      gh.firstTimes(
          "/user/repos?per_page=100&affiliation=owner,collaborator,organization_member",
          FaithfulHosts.githubSecondaryLimit(),
          FaithfulHosts.githubSecondaryLimit(),
          FaithfulHosts.githubSecondaryLimit());
      Discovery d = new GitHub(gh.base()).discover(sleeper, GITHUB_TOKEN);
      assertThat(d.repos()).hasSize(4);
      assertThat(waits)
          .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4));
    }
  }

  @Test
  void gitLabWithoutTheEmailsScopeIsValidAndTakesThePrimaryEmailFromUser() throws Exception {
    try (var gl = FaithfulHosts.gitlab(3, true)) {
      var token =
          discover(source("gitlab", "GL_TOKEN", gl.base()), Map.of("GL_TOKEN", GITLAB_TOKEN));
      assertThat(token.status()).isEqualTo("valid");
      assertThat(token.emails())
          .containsExactly("alice@corp.example", "alice.commits@corp.example");
      assertThat(token.refreshMessage()).contains("GET /user/emails answered 403", "read_api");
    }
    // Older self-managed GitLab: /user/emails leaves out the primary email.
    try (var gl = FaithfulHosts.gitlab(3, false)) {
      Discovery d = new GitLab(gl.base()).discover(sleeper, GITLAB_TOKEN);
      assertThat(d.emails())
          .containsExactly(
              "alice@corp.example", "alice.commits@corp.example", "alice@home.example");
      assertThat(d.repos()).hasSize(3);
    }
  }

  @Test
  void gitLabPagesPastFiftyThousandProjectsWithKeysetPagination() throws Exception {
    int projects = FaithfulHosts.MAX_OFFSET + 150;
    try (var gl = FaithfulHosts.gitlab(projects, false)) {
      Discovery d = new GitLab(gl.base()).discover(sleeper, GITLAB_TOKEN);
      assertThat(d.repos()).hasSize(projects);
      assertThat(d.repos().get(projects - 1).fullName()).isEqualTo("team/p" + projects);
      assertThat(gl.requests)
          .filteredOn(r -> r.startsWith("/api/v4/projects"))
          .allMatch(r -> r.contains("pagination=keyset") && r.contains("membership=true"));
    }
  }

  @Test
  void azureDevOpsNamesTheScopeEachCallNeeds() throws Exception {
    try (var vssps = FaithfulHosts.azureVssps(EnumSet.of(Scope.CODE_READ), true, false);
        var dev = FaithfulHosts.azureDev(EnumSet.of(Scope.CODE_READ), null)) {
      assertThatThrownBy(
              () -> new AzureDevOps(dev.base(), vssps.base()).discover(sleeper, AZURE_PAT))
          .isInstanceOf(TokenRejectedException.class)
          .hasMessageContaining("401")
          .hasMessageContaining("profile")
          .hasMessageContaining("User Profile (Read)");
    }
    try (var vssps =
            FaithfulHosts.azureVssps(
                EnumSet.of(Scope.USER_PROFILE_READ, Scope.CODE_READ), true, false);
        var dev =
            FaithfulHosts.azureDev(EnumSet.of(Scope.USER_PROFILE_READ, Scope.CODE_READ), null)) {
      assertThatThrownBy(
              () -> new AzureDevOps(dev.base(), vssps.base()).discover(sleeper, AZURE_PAT))
          .isInstanceOf(TokenRejectedException.class)
          .hasMessageContaining("projects")
          .hasMessageContaining("Project and Team (Read)");
    }
    EnumSet<Scope> all = EnumSet.allOf(Scope.class);
    try (var vssps = FaithfulHosts.azureVssps(all, true, false);
        var dev = FaithfulHosts.azureDev(all, null)) {
      Discovery d = new AzureDevOps(dev.base(), vssps.base()).discover(sleeper, AZURE_PAT);
      assertThat(d.emails()).containsExactly("alice@corp.example");
      // the repository in maintenance and the disabled one are skipped
      assertThat(d.repos())
          .extracting(DiscoveredRepo::fullName)
          .containsExactly("contoso/Web/portal");
    }
    assertThat(Accounts.scopes("azure"))
        .contains("User Profile (Read)", "Project and Team (Read)", "Code (Read)");
  }

  @Test
  void azureDevOpsSignInPagesAreARejectedToken() throws Exception {
    for (boolean redirect : List.of(false, true)) {
      try (var vssps = FaithfulHosts.azureVssps(EnumSet.allOf(Scope.class), false, redirect);
          var dev = FaithfulHosts.azureDev(EnumSet.allOf(Scope.class), null)) {
        assertThatThrownBy(
                () -> new AzureDevOps(dev.base(), vssps.base()).discover(sleeper, AZURE_PAT))
            .as(redirect ? "302 to the sign-in host" : "203 with the sign-in page")
            .isInstanceOf(TokenRejectedException.class)
            .hasMessageContaining(redirect ? "302" : "203")
            .hasMessageContaining("sign-in page")
            .hasMessageNotContaining(AZURE_PAT);
      }
    }
  }

  @Test
  void azureDevOpsServerIsOneCollectionAtTheVersionItSupports() throws Exception {
    try (var server = FaithfulHosts.azureDev(EnumSet.allOf(Scope.class), "7.0")) {
      var token =
          discover(
              source("azure", "ADO_TOKEN", server.base() + "/tfs/DefaultCollection"),
              Map.of("ADO_TOKEN", AZURE_PAT));
      assertThat(token.status()).isEqualTo("valid");
      assertThat(token.refreshMessage()).contains("Azure DevOps Server", "api-version 7.0");
      Discovery d =
          AzureDevOps.forBase(server.base() + "/tfs/DefaultCollection")
              .discover(sleeper, AZURE_PAT);
      assertThat(d.repos())
          .extracting(DiscoveredRepo::owner, DiscoveredRepo::name)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("DefaultCollection/Web", "portal"));
      assertThat(server.requests).noneMatch(r -> r.contains("/_apis/profile"));
    }
  }
}
