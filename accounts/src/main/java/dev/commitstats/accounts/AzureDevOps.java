package dev.commitstats.accounts;

import static dev.commitstats.accounts.RepositoryHost.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commitstats.model.Provider;
import dev.commitstats.model.Visibility;
import dev.commitstats.runtime.Secrets;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Azure DevOps: the token user's organizations, their projects, each project's git repositories
 * (visibility is the project's). Pages by the {@code x-ms-continuationtoken} header. Least
 * privilege: a PAT with Code (Read) for all accessible organizations (listing organizations needs
 * the token to be valid for all of them).
 */
final class AzureDevOps implements RepositoryHost {
  static final String DEV = "https://dev.azure.com";
  static final String VSSPS = "https://app.vssps.visualstudio.com";
  static final String VERSION = "api-version=7.1";

  private final String dev;
  private final String vssps;

  AzureDevOps(String dev, String vssps) {
    this.dev = RepositoryHost.trimSlash(dev);
    this.vssps = RepositoryHost.trimSlash(vssps);
  }

  /** {@code base_url} (Azure DevOps Server, or a test host) serves both APIs; else the cloud. */
  static AzureDevOps forBase(String base) {
    return base == null ? new AzureDevOps(DEV, VSSPS) : new AzureDevOps(base, base);
  }

  @Override
  public String apiBase() {
    return dev;
  }

  @Override
  public Discovery discover(RestClient.Sleeper sleeper, String token) {
    String basic =
        Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8));
    Secrets.register(basic);
    var client = new RestClient(Map.of("Authorization", "Basic " + basic), sleeper);
    JsonNode me = client.get(vssps + "/_apis/profile/profiles/me?" + VERSION).body();
    String login = text(me, "emailAddress");
    var emails = new ArrayList<String>();
    if (text(me, "emailAddress") != null) {
      emails.add(text(me, "emailAddress"));
    }
    var repos = new ArrayList<DiscoveredRepo>();
    JsonNode accounts =
        client
            .get(vssps + "/_apis/accounts?memberId=" + enc(text(me, "id")) + "&" + VERSION)
            .body();
    for (JsonNode account : accounts.path("value")) {
      String org = text(account, "accountName");
      for (JsonNode project : pages(client, dev + "/" + enc(org) + "/_apis/projects?" + VERSION)) {
        String projectName = text(project, "name");
        String visibility =
            Visibility.ofPrivate(!Visibility.isPublic(text(project, "visibility"))).value();
        for (JsonNode r :
            client
                .get(
                    dev
                        + "/"
                        + enc(org)
                        + "/"
                        + enc(projectName)
                        + "/_apis/git/repositories?"
                        + VERSION)
                .body()
                .path("value")) {
          if (r.path("isDisabled").asBoolean(false)) {
            continue;
          }
          JsonNode parent = r.path("parentRepository");
          boolean fork = r.path("isFork").asBoolean(false);
          String branch = text(r, "defaultBranch");
          repos.add(
              new DiscoveredRepo(
                  Provider.AZURE.value(),
                  org + "/" + projectName,
                  text(r, "name"),
                  org + "/" + projectName + "/" + text(r, "name"),
                  withoutUserInfo(text(r, "remoteUrl")),
                  visibility,
                  fork,
                  fork && !parent.isMissingNode()
                      ? withoutUserInfo(text(parent, "remoteUrl"))
                      : null,
                  branch != null && branch.startsWith("refs/heads/")
                      ? branch.substring("refs/heads/".length())
                      : branch));
        }
      }
    }
    return new Discovery(login, emails, repos);
  }

  /** Every item of a list that pages by continuation token. */
  private static List<JsonNode> pages(RestClient client, String url) {
    var items = new ArrayList<JsonNode>();
    String token = null;
    int pages = 0;
    do {
      if (++pages > 1000) {
        throw new IllegalStateException("more than 1000 pages at " + url + ": stopping");
      }
      RestClient.Page page =
          client.get(token == null ? url : url + "&continuationToken=" + enc(token));
      page.body().path("value").forEach(items::add);
      token = page.header("x-ms-continuationtoken").orElse(null);
    } while (token != null && !token.isBlank());
    return items;
  }

  /** Azure's remote URLs carry {@code org@}: the stored URL names no user. */
  static String withoutUserInfo(String url) {
    if (url == null) {
      return null;
    }
    return url.replaceFirst("^(https?://)[^/@]+@", "$1");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
