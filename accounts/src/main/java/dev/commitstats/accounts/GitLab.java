package dev.commitstats.accounts;

import static dev.commitstats.accounts.RepositoryHost.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commitstats.model.Provider;
import dev.commitstats.model.Visibility;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    JsonNode user = client.get(api + "/user", API_SCOPE).body();
    String login = text(user, "username");
    // Older self-managed GitLab leaves the primary email out of /user/emails: /user has it (and
    // the commit email), both confirmed addresses of the account.
    var emails = new LinkedHashSet<String>();
    for (String field : List.of("email", "commit_email")) {
      String e = text(user, field);
      if (e != null && !e.isBlank()) {
        emails.add(e);
      }
    }
    var notes = new ArrayList<String>();
    try {
      for (JsonNode e : client.getAllLinked(api + "/user/emails?per_page=100", API_SCOPE)) {
        if (text(e, "email") != null
            && (e.path("confirmed_at").isMissingNode() || !e.path("confirmed_at").isNull())) {
          emails.add(text(e, "email"));
        }
      }
    } catch (HostAnswerException e) {
      if (e.status() != 403) {
        throw e;
      }
      notes.add(
          "GitLab did not list the account's emails (GET /user/emails answered 403): attribution"
              + " uses the config's emails and the account's primary email; to take every"
              + " confirmed email from GitLab, give the token "
              + API_SCOPE);
    }
    var repos = new ArrayList<DiscoveredRepo>();
    // Keyset pagination: offset pagination stops at 50,000 projects (GitLab's limit for offset
    // pages of projects); the Link header's next page keeps every parameter.
    for (JsonNode p :
        client.getAllLinked(
            api + "/projects?membership=true&per_page=100&pagination=keyset&order_by=id&sort=asc",
            API_SCOPE)) {
      JsonNode parent = p.path("forked_from_project");
      // A fork whose upstream the token cannot read has no forked_from_project: it looks like a
      // project of its own (the API gives no other sign).
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
    return new Discovery(login, List.copyOf(emails), repos, notes);
  }

  /** The scope that lists projects and emails. */
  static final String API_SCOPE = "the read_api scope";
}
