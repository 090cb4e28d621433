package dev.commitstats.accounts;

import com.sun.net.httpserver.HttpExchange;
import dev.commitstats.accounts.HostApiServer.Answer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins that answer as the real hosts do in the cases discovery must handle. Each
 * behaviour names the documented source it follows, so that the next person can check it:
 *
 * <ul>
 *   <li>GitHub: the REST API's OpenAPI description, {@code github/rest-api-description},
 *       api.github.com, version 2022-11-28 (responses per operation), and GitHub's docs "Scopes for
 *       OAuth apps" and "Rate limits for the REST API".
 *   <li>GitLab: REST API docs, "Users API" ({@code GET /user}), "Emails API" ({@code GET
 *       /user/emails}), "Projects API" and "REST API: Pagination" (offset and keyset), and the
 *       instance limit "Max offset allowed by the REST API for offset-based pagination" (50,000).
 *   <li>Azure DevOps: {@code MicrosoftDocs/vsts-rest-api-specs} 7.1 (profile, accounts, core
 *       projects, git repositories), "Authenticate with personal access tokens" (scopes), "REST API
 *       versioning"; the 203 sign-in page for a token it does not take is reported in
 *       vsts-rest-api-specs issues #97 and #574.
 * </ul>
 */
final class FaithfulHosts {
  private FaithfulHosts() {}

  // ---------------------------------------------------------------------------------------------
  // GitHub

  static final String GITHUB_TOKEN = "ghp_FAITHFULclassic0042";

  /**
   * GitHub for a classic token with {@code scopes} (a classic token's scopes decide what each call
   * may read).
   */
  static HostApiServer github(Set<String> scopes) throws Exception {
    var s =
        new HostApiServer(
            // 401 {"message":"Bad credentials"} for a token GitHub does not know.
            ex ->
                ("Bearer " + GITHUB_TOKEN)
                    .equals(ex.getRequestHeaders().getFirst("Authorization")));
    s.on("/user", Answer.json("{\"login\":\"alice\",\"id\":1}"))
        // GET /user/emails: responses 200, 304, 401, 403, 404 (OpenAPI 2022-11-28,
        // users/list-emails-for-authenticated-user). A classic token without user:email gets 404
        // ("Scopes for OAuth apps": user:email grants read access to a user's email addresses).
        .when(
            t -> t.startsWith("/user/emails"),
            (ex, t) ->
                scopes.contains("user:email") || scopes.contains("user")
                    ? Answer.json(
                        "[{\"email\":\"alice@example.com\",\"verified\":true,\"primary\":true}]")
                    : new Answer(
                        404,
                        Map.of(),
                        "{\"message\":\"Not Found\",\"documentation_url\":"
                            + "\"https://docs.github.com/rest/users/emails\",\"status\":\"404\"}"))
        // GET /user/repos lists "repository" objects without "parent": a fork's parent comes
        // from GET /repos/{owner}/{repo}.
        .on(
            "/user/repos?per_page=100&affiliation=owner,collaborator,organization_member",
            Answer.json(
                "["
                    + githubRepo("app", false)
                    + ","
                    + githubRepo("moved", true)
                    + ","
                    + githubRepo("sso", true)
                    + ","
                    + githubRepo("gone", true)
                    + "]"))
        // GET /repos/{owner}/{repo}: responses 200, 301, 403, 404 (repos/get). 301: the repository
        // moved (renamed or transferred); the body's url and the Location name where.
        .on(
            "/repos/alice/moved",
            new Answer(
                301,
                Map.of("Location", "{base}/repositories/42"),
                "{\"message\":\"Moved Permanently\",\"url\":\"{base}/repositories/42\","
                    + "\"documentation_url\":\"https://docs.github.com/rest/repos/repos#get-a-repository\"}"))
        .on(
            "/repositories/42",
            Answer.json(
                "{\"name\":\"moved\",\"fork\":true,\"parent\":{\"full_name\":\"up/moved\","
                    + "\"clone_url\":\"https://github.com/up/moved.git\"}}"))
        // 403 for an organization with SAML SSO the token is not authorized for.
        .on(
            "/repos/alice/sso",
            new Answer(
                403,
                Map.of(),
                "{\"message\":\"Resource protected by organization SAML enforcement. You must"
                    + " grant your Personal Access token access to this organization.\","
                    + "\"documentation_url\":\"https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/\"}"))
        // 404 for a repository deleted (or made unreadable) since it was listed.
        .on(
            "/repos/alice/gone",
            new Answer(
                404,
                Map.of(),
                "{\"message\":\"Not Found\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest/repos/repos#get-a-repository\"}"));
    return s;
  }

  private static String githubRepo(String name, boolean fork) {
    return ("{\"name\":\"%1$s\",\"full_name\":\"alice/%1$s\",\"owner\":{\"login\":\"alice\"},"
            + "\"private\":false,\"fork\":%2$s,\"clone_url\":\"{base}/git/alice/%1$s.git\","
            + "\"default_branch\":\"main\",\"url\":\"{base}/repos/alice/%1$s\"}")
        .formatted(name, fork);
  }

  /**
   * "Rate limits for the REST API": when x-ratelimit-remaining is 0, do not retry before
   * x-ratelimit-reset (epoch seconds); the primary limit answers 403 or 429.
   */
  static Answer githubPrimaryLimit(long resetEpochSeconds) {
    return new Answer(
        403,
        Map.of(
            "x-ratelimit-limit",
            "5000",
            "x-ratelimit-remaining",
            "0",
            "x-ratelimit-reset",
            String.valueOf(resetEpochSeconds)),
        "{\"message\":\"API rate limit exceeded for user ID 1.\",\"documentation_url\":"
            + "\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}");
  }

  /**
   * A secondary limit without retry-after or x-ratelimit-* hints: "wait for at least one minute
   * before retrying ... increasing exponentially" ("Rate limits for the REST API").
   */
  static Answer githubSecondaryLimit() {
    return new Answer(
        403,
        Map.of(),
        "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before"
            + " you try again.\"}");
  }

  // ---------------------------------------------------------------------------------------------
  // GitLab

  static final String GITLAB_TOKEN = "glpat-FAITHFULgitlab0042";

  /** Offset pagination of projects stops here (instance limit, default 50,000). */
  static final int MAX_OFFSET = 50_000;

  private static final Pattern PARAM = Pattern.compile("([a-z_]+)=([^&]*)");

  /**
   * GitLab with {@code projects} projects of ids 1..n. {@code GET /user} has the account's {@code
   * email} and {@code commit_email} (Users API, for the current user); {@code /user/emails} is
   * answered 403 {@code insufficient_scope} when {@code emailsForbidden}, else it lists only a
   * secondary email, as older self-managed versions did (the primary email is not in it).
   */
  static HostApiServer gitlab(int projects, boolean emailsForbidden) throws Exception {
    var s =
        new HostApiServer(
            ex -> GITLAB_TOKEN.equals(ex.getRequestHeaders().getFirst("PRIVATE-TOKEN")));
    s.on(
            "/api/v4/user",
            Answer.json(
                "{\"id\":7,\"username\":\"alice\",\"email\":\"alice@corp.example\","
                    + "\"commit_email\":\"alice.commits@corp.example\"}"))
        .when(
            t -> t.startsWith("/api/v4/user/emails"),
            (ex, t) ->
                emailsForbidden
                    // Status 403 with {"error":"insufficient_scope"}: the token's scopes do not
                    // cover the call ("REST API: status codes"; "Personal access token scopes").
                    ? new Answer(
                        403,
                        Map.of(),
                        "{\"error\":\"insufficient_scope\",\"error_description\":\"The request"
                            + " requires higher privileges than provided by the access token.\","
                            + "\"scope\":\"api read_api read_user\"}")
                    : Answer.json(
                        "[{\"id\":2,\"email\":\"alice@home.example\","
                            + "\"confirmed_at\":\"2024-01-01T00:00:00Z\"}]"))
        .when(t -> t.startsWith("/api/v4/projects?"), (ex, t) -> projectsPage(t, projects));
    return s;
  }

  /**
   * "REST API: Pagination": offset pages ({@code page}, {@code per_page}) up to the maximum offset,
   * past which the answer is 400 naming keyset pagination; keyset pages ({@code pagination=keyset},
   * {@code order_by=id}, {@code sort=asc}, {@code id_after}). The {@code Link} header's next URL
   * keeps every query parameter of the request and changes only the page or the cursor.
   */
  private static Answer projectsPage(String target, int total) {
    var params = new TreeMap<String, String>();
    Matcher m = PARAM.matcher(target.substring(target.indexOf('?') + 1));
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    int perPage = Integer.parseInt(params.getOrDefault("per_page", "20"));
    boolean keyset = "keyset".equals(params.get("pagination"));
    int first;
    if (keyset) {
      if (!"id".equals(params.get("order_by"))) {
        return new Answer(
            405,
            Map.of(),
            "{\"error\":\"Keyset pagination is not yet available for this type of request\"}");
      }
      first = Integer.parseInt(params.getOrDefault("id_after", "0")) + 1;
    } else {
      int page = Integer.parseInt(params.getOrDefault("page", "1"));
      int offset = (page - 1) * perPage;
      if (offset + perPage > MAX_OFFSET) {
        return new Answer(
            400,
            Map.of(),
            "{\"error\":\"Offset pagination has a maximum allowed offset of 50000 for requests"
                + " that return objects of type Project. Remaining records can be retrieved"
                + " using keyset pagination.\"}");
      }
      first = offset + 1;
    }
    int last = Math.min(total, first + perPage - 1);
    var body = new StringBuilder("[");
    for (int id = first; id <= last; id++) {
      if (id > first) {
        body.append(',');
      }
      body.append(
          ("{\"id\":%1$d,\"path\":\"p%1$d\",\"path_with_namespace\":\"team/p%1$d\","
                  + "\"namespace\":{\"full_path\":\"team\"},\"visibility\":\"private\","
                  + "\"http_url_to_repo\":\"{base}/team/p%1$d.git\",\"default_branch\":\"main\"}")
              .formatted(id));
    }
    body.append(']');
    var headers = new LinkedHashMap<String, String>();
    if (last < total) {
      var next = new TreeMap<>(params);
      if (keyset) {
        next.put("id_after", String.valueOf(last));
      } else {
        next.put("page", String.valueOf(Integer.parseInt(params.getOrDefault("page", "1")) + 1));
      }
      var query = new StringBuilder();
      next.forEach(
          (k, v) -> query.append(query.length() == 0 ? "" : "&").append(k).append('=').append(v));
      headers.put("Link", "<{base}/api/v4/projects?" + query + ">; rel=\"next\"");
    }
    return new Answer(200, headers, body.toString());
  }

  // ---------------------------------------------------------------------------------------------
  // Azure DevOps

  static final String AZURE_PAT = "adoFAITHFULpat0042";

  static String basic(String pat) {
    return "Basic "
        + Base64.getEncoder().encodeToString((":" + pat).getBytes(StandardCharsets.UTF_8));
  }

  /** The scopes of a PAT ("Authenticate with personal access tokens": scopes). */
  enum Scope {
    USER_PROFILE_READ,
    PROJECT_AND_TEAM_READ,
    CODE_READ
  }

  /**
   * A PAT the host does not take (revoked, expired, or sent wrongly) is answered with 203 and the
   * HTML sign-in page, not 401 (vsts-rest-api-specs #97, #574), or with {@code 302} to the sign-in
   * host when {@code redirect}.
   */
  private static Answer signIn(boolean redirect) {
    return redirect
        ? new Answer(
            302,
            Map.of(
                "Location",
                "https://spsprodweu5.vssps.visualstudio.com/_signin?realm=dev.azure.com"),
            "")
        : new Answer(
            203,
            Map.of("Content-Type", "text/html; charset=utf-8"),
            "<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head>"
                + "<body>Sign in to your account</body></html>");
  }

  /** A PAT without the scope a call needs: 401 with TF400813. */
  private static Answer missingScope() {
    return new Answer(
        401,
        Map.of(),
        "{\"$id\":\"1\",\"message\":\"TF400813: The user 'alice' is not authorized to access this"
            + " resource.\",\"typeKey\":\"UnauthorizedRequestException\"}");
  }

  /**
   * {@code app.vssps.visualstudio.com}: the profile ({@code /_apis/profile/profiles/me}) and the
   * accounts (organizations) of a member, both needing User Profile (Read).
   */
  static HostApiServer azureVssps(Set<Scope> scopes, boolean acceptsToken, boolean redirect)
      throws Exception {
    var s = new HostApiServer(ex -> true);
    s.when(
        t -> true,
        (ex, t) -> {
          if (!acceptsToken || !basic(AZURE_PAT).equals(auth(ex))) {
            return signIn(redirect);
          }
          if (!scopes.contains(Scope.USER_PROFILE_READ)) {
            return missingScope();
          }
          if (t.equals("/_apis/profile/profiles/me?api-version=7.1")) {
            return Answer.json(
                "{\"id\":\"u-1\",\"displayName\":\"Alice\",\"emailAddress\":\"alice@corp.example\"}");
          }
          if (t.equals("/_apis/accounts?memberId=u-1&api-version=7.1")) {
            return Answer.json("{\"count\":1,\"value\":[{\"accountName\":\"contoso\"}]}");
          }
          return new Answer(404, Map.of(), "{\"message\":\"not found\"}");
        });
    return s;
  }

  /**
   * {@code dev.azure.com} (or one Azure DevOps Server collection at {@code /tfs/DefaultCollection}
   * when {@code serverVersion} is set, answering newer api-versions with 400
   * VssVersionOutOfRangeException): projects need Project and Team (Read), repositories Code
   * (Read). One repository is in maintenance ({@code isInMaintenance}), one disabled: neither can
   * be cloned.
   */
  static HostApiServer azureDev(Set<Scope> scopes, String serverVersion) throws Exception {
    var s = new HostApiServer(ex -> true);
    String org = serverVersion == null ? "/contoso" : "/tfs/DefaultCollection";
    String v = serverVersion == null ? "7.1" : serverVersion;
    s.when(
        t -> true,
        (ex, t) -> {
          if (!basic(AZURE_PAT).equals(auth(ex))) {
            return signIn(false);
          }
          if (serverVersion != null
              && t.contains("api-version=")
              && !t.contains("api-version=" + v)) {
            return new Answer(
                400,
                Map.of(),
                "{\"$id\":\"1\",\"message\":\"VS800075: The requested REST API version of 7.1 is"
                    + " out of range for this server. The latest REST API version for this server"
                    + " is "
                    + v
                    + ".\",\"typeKey\":\"VssVersionOutOfRangeException\"}");
          }
          if (t.startsWith(org + "/_apis/projects?")) {
            return scopes.contains(Scope.PROJECT_AND_TEAM_READ)
                ? Answer.json(
                    "{\"count\":1,\"value\":[{\"name\":\"Web\",\"visibility\":\"private\"}]}")
                : missingScope();
          }
          if (t.equals(org + "/Web/_apis/git/repositories?api-version=" + v)) {
            return scopes.contains(Scope.CODE_READ)
                ? Answer.json(
                    "{\"count\":3,\"value\":["
                        + "{\"name\":\"portal\",\"defaultBranch\":\"refs/heads/main\","
                        + "\"remoteUrl\":\"https://contoso@dev.azure.com/contoso/Web/_git/portal\"},"
                        + "{\"name\":\"migrating\",\"isInMaintenance\":true,"
                        + "\"remoteUrl\":\"https://contoso@dev.azure.com/contoso/Web/_git/migrating\"},"
                        + "{\"name\":\"old\",\"isDisabled\":true,"
                        + "\"remoteUrl\":\"https://contoso@dev.azure.com/contoso/Web/_git/old\"}]}")
                : missingScope();
          }
          return new Answer(404, Map.of(), "{\"message\":\"not found\"}");
        });
    return s;
  }

  private static String auth(HttpExchange ex) {
    return ex.getRequestHeaders().getFirst("Authorization");
  }
}
