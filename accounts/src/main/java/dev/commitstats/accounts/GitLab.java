package dev.commitstats.accounts;

import static dev.commitstats.accounts.RepositoryHost.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commitstats.model.Provider;
import dev.commitstats.model.Visibility;
import java.util.ArrayList;
import java.util.Map;

/**
 * GitLab (gitlab.com or a self-hosted base URL): projects the token's user is a member of, their
 * visibility and {@code forked_from_project}, the login and the emails. Least privilege: {@code
 * read_repository} to clone, {@code read_api} to list projects and emails.
 */
final class GitLab implements RepositoryHost {
  static final String DEFAULT_BASE = "https://gitlab.com";
  private final String base;

  GitLab(String base) {
    this.base = RepositoryHost.trimSlash(base);
  }

  @Override
  public String apiBase() {
    return base + "/api/v4";
  }

  @Override
  public Discovery discover(RestClient.Sleeper sleeper, String token) {
    var client = new RestClient(Map.of("PRIVATE-TOKEN", token), sleeper);
    String api = apiBase();
    String login = text(client.get(api + "/user").body(), "username");
    var emails = new ArrayList<String>();
    for (JsonNode e : client.getAllLinked(api + "/user/emails?per_page=100")) {
      if (text(e, "email") != null
          && (e.path("confirmed_at").isMissingNode() || !e.path("confirmed_at").isNull())) {
        emails.add(text(e, "email"));
      }
    }
    var repos = new ArrayList<DiscoveredRepo>();
    for (JsonNode p :
        client.getAllLinked(api + "/projects?membership=true&per_page=100&order_by=id&sort=asc")) {
      JsonNode parent = p.path("forked_from_project");
      boolean fork = !parent.isMissingNode() && !parent.isNull();
      repos.add(
          new DiscoveredRepo(
              Provider.GITLAB.value(),
              text(p.path("namespace"), "full_path"),
              text(p, "path"),
              text(p, "path_with_namespace"),
              text(p, "http_url_to_repo"),
              Visibility.ofPrivate(!Visibility.isPublic(text(p, "visibility"))).value(),
              fork,
              fork ? text(parent, "http_url_to_repo") : null,
              text(p, "default_branch")));
    }
    return new Discovery(login, emails, repos);
  }
}
