package dev.commitstats.accounts;

import static dev.commitstats.accounts.RepositoryHost.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commitstats.model.Provider;
import dev.commitstats.model.Visibility;
import java.util.ArrayList;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub (github.com or Enterprise Server's {@code /api/v3}): the authenticated user's repositories
 * as owner, collaborator and organization member, each fork's parent, the login and the verified
 * emails. Least privilege: a fine-grained token with read-only Contents and Metadata (or a classic
 * token with {@code repo} for private repositories of organizations that require it); {@code
 * user:email} / Email addresses read for the emails, without which discovery goes on with the
 * config's emails.
 */
final class GitHub implements RepositoryHost {
  private static final Logger LOG = LoggerFactory.getLogger(GitHub.class);
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
    var notes = new ArrayList<String>();
    try {
      for (JsonNode e : client.getAllLinked(api + "/user/emails?per_page=100", EMAIL_SCOPE)) {
        if (e.path("verified").asBoolean(false) && text(e, "email") != null) {
          emails.add(text(e, "email"));
        }
      }
    } catch (HostAnswerException e) {
      // GET /user/emails answers 404 (classic token without user:email) or 403 (fine-grained
      // token without Email addresses): the token is fine, only the emails are missing.
      if (e.status() != 403 && e.status() != 404) {
        throw e;
      }
      notes.add(
          "GitHub did not list the account's emails (GET /user/emails answered "
              + e.status()
              + "): attribution uses the config's emails; to take the verified emails from"
              + " GitHub, give the token "
              + EMAIL_SCOPE);
    }
    var repos = new ArrayList<DiscoveredRepo>();
    for (JsonNode r :
        client.getAllLinked(
            api + "/user/repos?per_page=100&affiliation=owner,collaborator,organization_member")) {
      boolean fork = r.path("fork").asBoolean(false);
      repos.add(
          new DiscoveredRepo(
              Provider.GITHUB.value(),
              text(r.path("owner"), "login"),
              text(r, "name"),
              text(r, "full_name"),
              text(r, "clone_url"),
              Visibility.ofPrivate(r.path("private").asBoolean(true)).value(),
              fork,
              fork ? upstream(client, r) : null,
              text(r, "default_branch")));
    }
    return new Discovery(login, emails, repos, notes);
  }

  /** The permission that lists the account's emails. */
  static final String EMAIL_SCOPE =
      "the user:email scope (classic token) or Email addresses: read (fine-grained token)";

  /**
   * A fork's upstream clone URL: its {@code parent}, from the listing or the repository's own
   * answer ({@code GET /repos/{owner}/{repo}}; a moved parent answers 301, which the client
   * follows). A parent the token cannot see (404: renamed or deleted meanwhile; 403: SSO not
   * authorized for the organization) leaves the upstream unknown: the fork is kept.
   */
  private static String upstream(RestClient client, JsonNode r) {
    JsonNode parent = r.path("parent");
    if (parent.isMissingNode() && text(r, "url") != null) {
      try {
        parent = client.get(text(r, "url")).body().path("parent");
      } catch (HostAnswerException e) {
        if (e.status() != 403 && e.status() != 404) {
          throw e;
        }
        LOG.warn(
            "GitHub fork {}: its details answered {}; kept without its upstream ({})",
            text(r, "full_name"),
            e.status(),
            e.getMessage());
        return null;
      }
    }
    return text(parent, "clone_url");
  }
}
