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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure DevOps. Services (dev.azure.com): the token user's profile and organizations (on {@code
 * app.vssps.visualstudio.com}), each organization's projects, each project's git repositories
 * (visibility is the project's). Server (on-premises, a {@code base_url} naming one collection,
 * e.g. {@code https://ado.example.com/tfs/DefaultCollection}): that collection's projects and
 * repositories, with the newest api-version the server supports (Server has no profile or
 * organization API). Lists page by the {@code x-ms-continuationtoken} header. A token the host does
 * not accept is answered with a sign-in page (203) or a redirect to one, not 401: either is a
 * refused token. Least privilege: a PAT with User Profile (Read) for the profile and organizations,
 * Project and Team (Read) for the projects, Code (Read) for the repositories and clones, for all
 * accessible organizations.
 */
final class AzureDevOps implements RepositoryHost {
  static final String DEV = "https://dev.azure.com";
  static final String VSSPS = "https://app.vssps.visualstudio.com";

  /** The api-version asked first; Azure DevOps Server 2022 answers that it supports 7.0. */
  static final String VERSION = "7.1";

  static final String PROFILE_SCOPE = "Azure DevOps scope User Profile (Read)";
  static final String PROJECT_SCOPE = "Azure DevOps scope Project and Team (Read)";
  static final String CODE_SCOPE = "Azure DevOps scope Code (Read)";

  private static final Pattern LATEST_VERSION =
      Pattern.compile("latest REST API version for this server is ([0-9]+\\.[0-9]+)");

  private final String dev;
  private final String vssps;
  private final boolean server;

  AzureDevOps(String dev, String vssps) {
    this(dev, vssps, false);
  }

  private AzureDevOps(String dev, String vssps, boolean server) {
    this.dev = RepositoryHost.trimSlash(dev);
    this.vssps = vssps == null ? null : RepositoryHost.trimSlash(vssps);
    this.server = server;
  }

  /** The cloud without a {@code base_url}; with one, that Azure DevOps Server collection. */
  static AzureDevOps forBase(String base) {
    return base == null ? new AzureDevOps(DEV, VSSPS) : new AzureDevOps(base, null, true);
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
    var client = new RestClient(Map.of("Authorization", "Basic " + basic), sleeper, true);
    return server ? discoverServer(client) : discoverServices(client);
  }

  private Discovery discoverServices(RestClient client) {
    JsonNode me =
        client.get(vssps + "/_apis/profile/profiles/me?" + v(VERSION), PROFILE_SCOPE).body();
    String login = text(me, "emailAddress");
    var emails = new ArrayList<String>();
    if (text(me, "emailAddress") != null) {
      emails.add(text(me, "emailAddress"));
    }
    var repos = new ArrayList<DiscoveredRepo>();
    JsonNode accounts =
        client
            .get(
                vssps + "/_apis/accounts?memberId=" + enc(text(me, "id")) + "&" + v(VERSION),
                PROFILE_SCOPE)
            .body();
    for (JsonNode account : accounts.path("value")) {
      String org = text(account, "accountName");
      collection(client, dev + "/" + enc(org), org, VERSION, repos);
    }
    return new Discovery(login, emails, repos, List.of());
  }

  private Discovery discoverServer(RestClient client) {
    String version = serverVersion(client);
    String collection = dev.substring(dev.lastIndexOf('/') + 1);
    var repos = new ArrayList<DiscoveredRepo>();
    collection(client, dev, collection, version, repos);
    return new Discovery(
        null,
        List.of(),
        repos,
        List.of(
            "Azure DevOps Server has no profile API: attribution uses the config's emails"
                + " (api-version "
                + version
                + ")"));
  }

  /**
   * The newest api-version this server accepts: {@link #VERSION}, or the one a server that is older
   * answers it supports ("The latest REST API version for this server is 7.0").
   */
  private String serverVersion(RestClient client) {
    try {
      client.get(dev + "/_apis/projects?$top=1&" + v(VERSION), PROJECT_SCOPE);
      return VERSION;
    } catch (HostAnswerException e) {
      Matcher m = LATEST_VERSION.matcher(e.detail());
      if (e.status() == 400 && m.find()) {
        return m.group(1);
      }
      throw e;
    }
  }

  /** The repositories of every project of one organization or collection at {@code base}. */
  private void collection(
      RestClient client, String base, String org, String version, List<DiscoveredRepo> repos) {
    for (JsonNode project : pages(client, base + "/_apis/projects?" + v(version), PROJECT_SCOPE)) {
      String projectName = text(project, "name");
      String visibility =
          Visibility.ofPrivate(!Visibility.isPublic(text(project, "visibility"))).value();
      for (JsonNode r :
          client
              .get(
                  base + "/" + enc(projectName) + "/_apis/git/repositories?" + v(version),
                  CODE_SCOPE)
              .body()
              .path("value")) {
        if (r.path("isDisabled").asBoolean(false) || r.path("isInMaintenance").asBoolean(false)) {
          continue; // neither can be cloned
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
                fork && !parent.isMissingNode() ? withoutUserInfo(text(parent, "remoteUrl")) : null,
                branch != null && branch.startsWith("refs/heads/")
                    ? branch.substring("refs/heads/".length())
                    : branch));
      }
    }
  }

  private static String v(String version) {
    return "api-version=" + version;
  }

  /** Every item of a list that pages by continuation token. */
  private static List<JsonNode> pages(RestClient client, String url, String needs) {
    var items = new ArrayList<JsonNode>();
    String token = null;
    int pages = 0;
    do {
      if (++pages > 1000) {
        throw AccountsErrors.endlessPages(url);
      }
      RestClient.Page page =
          client.get(token == null ? url : url + "&continuationToken=" + enc(token), needs);
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
