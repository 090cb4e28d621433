package dev.commitstats.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitstats.accounts.HostApiServer.Answer;
import dev.commitstats.lake.Lake;
import dev.commitstats.model.config.CommitStatsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery against local servers that speak GitHub's, GitLab's and Azure DevOps' REST APIs:
 * pagination, forks, visibility, emails, rate limits and refused tokens.
 */
class DiscoveryTest {
  static final String TOKEN = "ghp_DISCOVERYmarker7c1d";

  final List<Duration> waits = new ArrayList<>();
  final RestClient.Sleeper sleeper = waits::add; // records the waits the hosts asked for

  static HostApiServer github() throws Exception {
    var s =
        new HostApiServer(
            ex -> ("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization")));
    s.on("/user", Answer.json("{\"login\":\"alice\",\"id\":1}"))
        .on(
            "/user/emails?per_page=100",
            Answer.json(
                "[{\"email\":\"alice@example.com\",\"verified\":true,\"primary\":true},"
                    + "{\"email\":\"old@example.com\",\"verified\":false,\"primary\":false}]"))
        .on(
            "/user/repos?per_page=100&affiliation=owner,collaborator,organization_member",
            Answer.json(
                "[{\"name\":\"app\",\"full_name\":\"alice/app\",\"owner\":{\"login\":\"alice\"},"
                    + "\"private\":false,\"fork\":false,\"clone_url\":\"{base}/git/alice/app.git\","
                    + "\"default_branch\":\"main\",\"url\":\"{base}/repos/alice/app\"},"
                    + "{\"name\":\"lib\",\"full_name\":\"alice/lib\",\"owner\":{\"login\":\"alice\"},"
                    + "\"private\":false,\"fork\":true,\"clone_url\":\"{base}/git/alice/lib.git\","
                    + "\"default_branch\":\"main\",\"url\":\"{base}/repos/alice/lib\"}]",
                "Link",
                "<{base}/user/repos?per_page=100&page=2>; rel=\"next\", <{base}/user/repos?per_page=100&page=2>; rel=\"last\""))
        .on(
            "/repos/alice/lib",
            Answer.json(
                "{\"name\":\"lib\",\"fork\":true,\"parent\":{\"full_name\":\"upstream/lib\","
                    + "\"clone_url\":\"https://github.com/upstream/lib.git\"}}"))
        .on(
            "/user/repos?per_page=100&page=2",
            Answer.json(
                "[{\"name\":\"secret\",\"full_name\":\"acme/secret\",\"owner\":{\"login\":\"acme\"},"
                    + "\"private\":true,\"fork\":false,\"clone_url\":\"{base}/git/acme/secret.git\","
                    + "\"default_branch\":\"trunk\"}]",
                "Link",
                "<{base}/user/repos?per_page=100&page=1>; rel=\"prev\""));
    return s;
  }

  @Test
  void gitHubListsEveryPageWithForksVisibilityAndVerifiedEmails() throws Exception {
    try (var s = github()) {
      s.firstTimes(
          "/user/repos?per_page=100&page=2",
          new Answer(429, Map.of("Retry-After", "7"), "{\"message\":\"slow down\"}"),
          new Answer(
              403,
              Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "0"),
              "{\"message\":\"API rate limit exceeded\"}"),
          new Answer(502, Map.of(), "bad gateway"));
      Discovery d = new GitHub(s.base()).discover(sleeper, TOKEN);
      assertThat(d.login()).isEqualTo("alice");
      assertThat(d.emails()).containsExactly("alice@example.com");
      assertThat(d.repos())
          .containsExactly(
              new DiscoveredRepo(
                  "github",
                  "alice",
                  "app",
                  "alice/app",
                  s.base() + "/git/alice/app.git",
                  "public",
                  false,
                  null,
                  "main"),
              new DiscoveredRepo(
                  "github",
                  "alice",
                  "lib",
                  "alice/lib",
                  s.base() + "/git/alice/lib.git",
                  "public",
                  true,
                  "https://github.com/upstream/lib.git",
                  "main"),
              new DiscoveredRepo(
                  "github",
                  "acme",
                  "secret",
                  "acme/secret",
                  s.base() + "/git/acme/secret.git",
                  "private",
                  false,
                  null,
                  "trunk"));
      // Retry-After: 7 s; the exhausted limit's reset is past: no wait; the 502 on the third
      // attempt: 4 s backoff plus up to 50% jitter.
      assertThat(waits).hasSize(3);
      assertThat(waits.get(0)).isEqualTo(Duration.ofSeconds(7));
      assertThat(waits.get(1)).isEqualTo(Duration.ZERO);
      assertThat(waits.get(2)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
    }
  }

  @Test
  void aRefusedTokenIsInvalidWithARefreshMessageAndTheOtherSourcesGoOn(@TempDir Path dir)
      throws Exception {
    try (var gh = github();
        var gl = gitlab()) {
      assertThatThrownBy(() -> new GitHub(gh.base()).discover(sleeper, "ghp_wrong"))
          .isInstanceOf(TokenRejectedException.class)
          .hasMessageContaining("401");
      var config =
          CommitStatsConfig.parse(
              """
              sources:
                - provider: github
                  token_env: GH_TOKEN
                  base_url: %s
                - provider: gitlab
                  token_env: GL_TOKEN
                  base_url: %s
                - provider: azure
                  token_env: ADO_TOKEN
                  base_url: http://127.0.0.1:9
              """
                  .formatted(gh.base(), gl.base()),
              "test");
      var env = Map.of("GH_TOKEN", "ghp_revoked0001", "GL_TOKEN", GITLAB_TOKEN);
      var accounts = new Accounts(env::get, sleeper, Clock.systemUTC());
      try (var lake = Lake.open(dir.toString())) {
        AccountsState state = accounts.discoverAll(lake, config.sources());
        var byName = new java.util.HashMap<String, AccountsState.TokenStatus>();
        state.tokens().forEach(t -> byName.put(t.name(), t));
        assertThat(byName.get("GH_TOKEN").status()).isEqualTo("invalid");
        assertThat(byName.get("GH_TOKEN").refreshMessage())
            .contains("revoked, expired or lacks a scope", "GH_TOKEN", "read-only Contents");
        assertThat(byName.get("GL_TOKEN").status()).isEqualTo("valid");
        assertThat(byName.get("GL_TOKEN").login()).isEqualTo("alice");
        assertThat(byName.get("GL_TOKEN").emails()).containsExactly("alice@corp.example");
        assertThat(byName.get("ADO_TOKEN").status()).isEqualTo("missing");
        assertThat(state.repos()).hasSize(3).allMatch(f -> f.repo().provider().equals("gitlab"));
        // Saved in the lake; no token in it.
        String saved =
            new String(lake.read(AccountsState.PATH).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(saved).doesNotContain("ghp_revoked0001", GITLAB_TOKEN);
        assertThat(AccountsState.load(lake)).isEqualTo(state);
      }
    }
  }

  static final String GITLAB_TOKEN = "glpat-MARKERgitlab42";

  static HostApiServer gitlab() throws Exception {
    var s =
        new HostApiServer(
            ex -> GITLAB_TOKEN.equals(ex.getRequestHeaders().getFirst("PRIVATE-TOKEN")));
    s.on("/api/v4/user", Answer.json("{\"id\":7,\"username\":\"alice\"}"))
        .on(
            "/api/v4/user/emails?per_page=100",
            Answer.json(
                "[{\"id\":1,\"email\":\"alice@corp.example\",\"confirmed_at\":\"2024-01-01T00:00:00Z\"},"
                    + "{\"id\":2,\"email\":\"unconfirmed@corp.example\",\"confirmed_at\":null}]"))
        .on(
            // GitLab's Link keeps every query parameter of the request ("REST API: Pagination").
            "/api/v4/projects?membership=true&per_page=100&pagination=keyset&order_by=id&sort=asc",
            Answer.json(
                "[{\"id\":1,\"path\":\"tool\",\"path_with_namespace\":\"team/tool\","
                    + "\"namespace\":{\"full_path\":\"team\"},\"visibility\":\"internal\","
                    + "\"http_url_to_repo\":\"{base}/team/tool.git\",\"default_branch\":\"main\"},"
                    + "{\"id\":2,\"path\":\"site\",\"path_with_namespace\":\"alice/site\","
                    + "\"namespace\":{\"full_path\":\"alice\"},\"visibility\":\"public\","
                    + "\"http_url_to_repo\":\"{base}/alice/site.git\",\"default_branch\":\"pages\","
                    + "\"forked_from_project\":{\"id\":9,\"http_url_to_repo\":\"https://gitlab.com/up/site.git\"}}]",
                "Link",
                "<{base}/api/v4/projects?id_after=2&membership=true&order_by=id&pagination=keyset"
                    + "&per_page=100&sort=asc>; rel=\"next\""))
        .on(
            "/api/v4/projects?id_after=2&membership=true&order_by=id&pagination=keyset&per_page=100"
                + "&sort=asc",
            Answer.json(
                "[{\"id\":3,\"path\":\"deep\",\"path_with_namespace\":\"team/sub/deep\","
                    + "\"namespace\":{\"full_path\":\"team/sub\"},\"visibility\":\"private\","
                    + "\"http_url_to_repo\":\"{base}/team/sub/deep.git\",\"default_branch\":\"main\"}]"));
    return s;
  }

  @Test
  void gitLabListsMembershipProjectsWithForksAndConfirmedEmails() throws Exception {
    try (var s = gitlab()) {
      Discovery d = new GitLab(s.base()).discover(sleeper, GITLAB_TOKEN);
      assertThat(d.login()).isEqualTo("alice");
      assertThat(d.emails()).containsExactly("alice@corp.example");
      assertThat(d.repos())
          .extracting(
              DiscoveredRepo::owner,
              DiscoveredRepo::fullName,
              DiscoveredRepo::visibility,
              DiscoveredRepo::upstreamUrl)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("team", "team/tool", "private", null),
              org.assertj.core.groups.Tuple.tuple(
                  "alice", "alice/site", "public", "https://gitlab.com/up/site.git"),
              org.assertj.core.groups.Tuple.tuple("team/sub", "team/sub/deep", "private", null));
    }
  }

  @Test
  void aTokenWithoutTheScopeIsRefusedWithWhatItLacks() throws Exception {
    try (var s = gitlab()) {
      s.firstTimes("/api/v4/user", new Answer(403, Map.of(), "{\"error\":\"insufficient_scope\"}"));
      assertThatThrownBy(() -> new GitLab(s.base()).discover(sleeper, GITLAB_TOKEN))
          .isInstanceOf(TokenRejectedException.class)
          .hasMessageContaining("403")
          .hasMessageContaining("lacks a scope")
          .hasMessageNotContaining(GITLAB_TOKEN);
      assertThat(waits).isEmpty(); // a refusal is not retried
    }
  }

  @Test
  void azureDevOpsWalksOrganizationsProjectsAndRepositories() throws Exception {
    String token = "adoPATmarker99";
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8));
    try (var s =
        new HostApiServer(ex -> basic.equals(ex.getRequestHeaders().getFirst("Authorization")))) {
      s.on(
              "/_apis/profile/profiles/me?api-version=7.1",
              Answer.json(
                  "{\"id\":\"u-1\",\"displayName\":\"Alice\",\"emailAddress\":\"alice@corp.example\","
                      + "\"publicAlias\":\"u-1\"}"))
          .on(
              "/_apis/accounts?memberId=u-1&api-version=7.1",
              Answer.json("{\"count\":1,\"value\":[{\"accountName\":\"contoso\"}]}"))
          .on(
              "/contoso/_apis/projects?api-version=7.1",
              Answer.json(
                  "{\"count\":1,\"value\":[{\"name\":\"Web\",\"visibility\":\"private\"}]}",
                  "x-ms-continuationtoken",
                  "page2"))
          .on(
              "/contoso/_apis/projects?api-version=7.1&continuationToken=page2",
              Answer.json(
                  "{\"count\":1,\"value\":[{\"name\":\"Open Source\",\"visibility\":\"public\"}]}"))
          .on(
              "/contoso/Web/_apis/git/repositories?api-version=7.1",
              Answer.json(
                  "{\"count\":2,\"value\":[{\"name\":\"portal\",\"defaultBranch\":\"refs/heads/main\","
                      + "\"remoteUrl\":\"https://contoso@dev.azure.com/contoso/Web/_git/portal\","
                      + "\"isFork\":false},{\"name\":\"old\",\"isDisabled\":true,"
                      + "\"remoteUrl\":\"https://contoso@dev.azure.com/contoso/Web/_git/old\"}]}"))
          .on(
              "/contoso/Open%20Source/_apis/git/repositories?api-version=7.1",
              Answer.json(
                  "{\"count\":1,\"value\":[{\"name\":\"sdk\",\"defaultBranch\":\"refs/heads/dev\","
                      + "\"remoteUrl\":\"https://contoso@dev.azure.com/contoso/Open%20Source/_git/sdk\","
                      + "\"isFork\":true,\"parentRepository\":{\"remoteUrl\":"
                      + "\"https://other@dev.azure.com/other/P/_git/sdk\"}}]}"));
      Discovery d = new AzureDevOps(s.base(), s.base()).discover(sleeper, token);
      assertThat(d.emails()).containsExactly("alice@corp.example");
      assertThat(d.repos())
          .containsExactly(
              new DiscoveredRepo(
                  "azure",
                  "contoso/Web",
                  "portal",
                  "contoso/Web/portal",
                  "https://dev.azure.com/contoso/Web/_git/portal",
                  "private",
                  false,
                  null,
                  "main"),
              new DiscoveredRepo(
                  "azure",
                  "contoso/Open Source",
                  "sdk",
                  "contoso/Open Source/sdk",
                  "https://dev.azure.com/contoso/Open%20Source/_git/sdk",
                  "public",
                  true,
                  "https://dev.azure.com/other/P/_git/sdk",
                  "dev"));
    }
  }

  @Test
  void rateLimitHeadersAreRead() {
    assertThat(RestClient.parseRetryAfter("120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(RestClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNegative();
    assertThat(
            RestClient.nextLink(
                "<https://x/a?page=3>; rel=\"next\", <https://x/a?page=9>; rel=\"last\""))
        .isEqualTo("https://x/a?page=3");
    assertThat(RestClient.nextLink("<https://x/a?page=1>; rel=\"prev\"")).isNull();
  }
}
