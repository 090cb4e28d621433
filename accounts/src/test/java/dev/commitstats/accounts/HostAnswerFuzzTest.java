package dev.commitstats.accounts;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.commitstats.accounts.HostApiServer.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The REST clients read what the hosts answer, and a host (or a proxy in front of it) can answer
 * anything: fuzzed JSON of every shape (the fields the clients read, with values of any type),
 * truncated JSON and plain garbage, with any status, discovery on GitHub, GitLab and Azure DevOps
 * (its organizations, projects and repositories, at dev.azure.com and vssps) either finishes or
 * fails with a {@link HostAnswerException} (the documented failure), within a time bound.
 */
class HostAnswerFuzzTest {
  static final String TOKEN = "ghp_FUZZtoken0000";
  static HostApiServer server;
  static volatile Answer current = Answer.json("{}");

  @BeforeContainer
  static void start() throws Exception {
    server =
        new HostApiServer(ex -> true)
            .when(
                p -> p.contains("page=") && !p.contains("page=1") && !p.endsWith("page=1"),
                (ex, p) -> Answer.json("[]"))
            .when(p -> true, (ex, p) -> current);
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  static final List<String> KEYS =
      List.of(
          "login",
          "id",
          "name",
          "full_name",
          "private",
          "fork",
          "html_url",
          "clone_url",
          "owner",
          "email",
          "verified",
          "primary",
          "parent",
          "source",
          "visibility",
          "path_with_namespace",
          "http_url_to_repo",
          "web_url",
          "forked_from_project",
          "namespace",
          "username",
          "archived",
          "default_branch",
          "message",
          "value",
          "count",
          // Azure DevOps
          "accountName",
          "accountId",
          "isDisabled",
          "isInMaintenance",
          "isFork",
          "parentRepository",
          "remoteUrl",
          "defaultBranch",
          "publicAlias",
          "emailAddress",
          "displayName",
          "project");

  @Provide
  Arbitrary<String> json() {
    return Arbitraries.recursive(
        () ->
            Arbitraries.oneOf(
                Arbitraries.of(
                    "null", "true", "false", "0", "-1", "1e400", "\"\"", "\"x\"", "{}", "[]"),
                Arbitraries.strings()
                    .ofMaxLength(20)
                    .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")),
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]"),
                Arbitraries.maps(Arbitraries.of(KEYS), inner)
                    .ofMaxSize(6)
                    .map(
                        m -> {
                          var sb = new StringBuilder("{");
                          m.forEach(
                              (k, v) ->
                                  sb.append(sb.length() > 1 ? "," : "")
                                      .append('"')
                                      .append(k)
                                      .append("\":")
                                      .append(v));
                          return sb.append('}').toString();
                        })),
        4);
  }

  @Provide
  Arbitrary<Answer> answers() {
    Arbitrary<String> bodies =
        Arbitraries.oneOf(
            json(),
            json().map(j -> j.substring(0, j.length() / 2)), // cut off
            Arbitraries.strings().all().ofMaxLength(200));
    Arbitrary<Integer> statuses =
        Arbitraries.of(
            200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503);
    return net.jqwik.api.Combinators.combine(statuses, bodies)
        .as((status, body) -> new Answer(status, Map.of("Content-Type", "application/json"), body));
  }

  static void discovers(RepositoryHost host) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          try {
            host.discover(wait -> {}, TOKEN);
          } catch (HostAnswerException documented) {
            // the host's answer was no result: reported per source, the others go on
          } catch (RuntimeException e) {
            fail("discovery threw " + e + " for " + current, e);
          }
        });
  }

  @Property(tries = 150)
  void gitHubReadsAnyAnswerOrSaysItIsNoResult(@ForAll("answers") Answer answer) {
    current = answer;
    discovers(new GitHub(server.base()));
  }

  @Property(tries = 150)
  void gitLabReadsAnyAnswerOrSaysItIsNoResult(@ForAll("answers") Answer answer) {
    current = answer;
    discovers(new GitLab(server.base()));
  }

  @Property(tries = 150)
  void azureDevOpsReadsAnyAnswerOrSaysItIsNoResult(@ForAll("answers") Answer answer) {
    current = answer;
    discovers(new AzureDevOps(server.base(), server.base()));
  }
}
