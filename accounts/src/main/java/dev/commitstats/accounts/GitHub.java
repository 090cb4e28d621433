package dev.commitstats.accounts;

import static dev.commitstats.accounts.RepositoryHost.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commitstats.model.Provider;
import dev.commitstats.model.Visibility;
import java.util.ArrayList;
import java.util.Map;

/**
 * GitHub (github.com or Enterprise Server's {@code /api/v3}): the authenticated user's repositories
 * as owner, collaborator and organization member, each fork's parent, the login and the verified
 * emails. Least privilege: a fine-grained token with read-only Contents and Metadata (or a classic
 * token with {@code repo} for private repositories of organizations that require it); {@code
 * user:email} / Email addresses read for the emails.
 */
final class GitHub implements RepositoryHost {
  static final String DEFAULT_API = "https://api.github.com";
  private final String api;

  GitHub(String api) {
    this.api = RepositoryHost.trimSlash(api);
  }

  @Override
  public String apiBase() {
    return api;
  }

  @Override
  public Discovery discover(RestClient.Sleeper sleeper, String token) {
    var client =
        new RestClient(
            Map.of("Authorization", "Bearer " + token, "X-GitHub-Api-Version", "2022-11-28"),
            sleeper);
    String login = text(client.get(api + "/user").body(), "login");
    var emails = new ArrayList<String>();
    try {
      for (JsonNode e : client.getAllLinked(api + "/user/emails?per_page=100")) {
        if (e.path("verified").asBoolean(false) && text(e, "email") != null) {
          emails.add(text(e, "email"));
        }
      }
    } catch (TokenRejectedException noEmailScope) {
      // The emails need their own permission; attribution then uses the config's emails.
    }
    var repos = new ArrayList<DiscoveredRepo>();
    for (JsonNode r :
        client.getAllLinked(
            api + "/user/repos?per_page=100&affiliation=owner,collaborator,organization_member")) {
      boolean fork = r.path("fork").asBoolean(false);
      String upstream = null;
      if (fork) {
        JsonNode parent = r.path("parent");
        if (parent.isMissingNode() && text(r, "url") != null) {
          parent = client.get(text(r, "url")).body().path("parent");
        }
        upstream = text(parent, "clone_url");
      }
      repos.add(
          new DiscoveredRepo(
              Provider.GITHUB.value(),
              text(r.path("owner"), "login"),
              text(r, "name"),
              text(r, "full_name"),
              text(r, "clone_url"),
              Visibility.ofPrivate(r.path("private").asBoolean(true)).value(),
              fork,
              upstream,
              text(r, "default_branch")));
    }
    return new Discovery(login, emails, repos);
  }
}
