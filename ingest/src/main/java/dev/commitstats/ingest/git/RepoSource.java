package dev.commitstats.ingest.git;

import dev.commitstats.model.Provider;
import dev.commitstats.model.RepoUrls;
import dev.commitstats.model.Visibility;
import java.util.Objects;
import java.util.Optional;

/**
 * One repository to ingest: where it is, how it is named in the lake, and what to walk. The
 * location never holds credentials; those travel separately, in memory.
 */
public record RepoSource(
    String location,
    String repoUrl,
    String repoId,
    String provider,
    String owner,
    String name,
    Visibility visibility,
    boolean fork,
    String upstreamUrl,
    boolean active,
    boolean extra,
    BranchSelection branches,
    String branch,
    Optional<Credentials> credentials) {

  /** Which branches to walk: the default branch, or every branch (each change once). */
  public enum BranchSelection {
    DEFAULT,
    ALL
  }

  public RepoSource {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(repoUrl, "repoUrl");
    Objects.requireNonNull(branches, "branches");
    Objects.requireNonNull(credentials, "credentials");
  }

  /**
   * A source for a path or URL as the user typed it. A {@code user:token@} part of an https URL is
   * taken out of the location and kept as credentials; {@code fallback} credentials apply to remote
   * URLs that carry none.
   */
  public static RepoSource of(
      String typed,
      Visibility visibility,
      BranchSelection branches,
      String branch,
      Optional<Credentials> fallback) {
    String text = typed.trim();
    Optional<Credentials> credentials = Optional.empty();
    var m = java.util.regex.Pattern.compile("(?i)^(https?://)([^/@]*)@(.*)$").matcher(text);
    if (m.matches()) {
      String userInfo = m.group(2);
      int colon = userInfo.indexOf(':');
      String user = colon >= 0 ? userInfo.substring(0, colon) : "x-access-token";
      String token = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
      if (!token.isEmpty()) {
        credentials = Optional.of(new Credentials(decode(user), decode(token)));
      }
      text = m.group(1) + m.group(3);
    }
    boolean remote = RepoUrls.isRemote(text);
    if (credentials.isEmpty() && remote) {
      credentials = fallback;
    }
    String url = RepoUrls.normalize(text);
    String name = RepoUrls.name(url);
    return new RepoSource(
        text,
        url,
        RepoUrls.repoId(url),
        Provider.GIT.value(),
        RepoUrls.owner(url),
        name,
        visibility,
        false,
        null,
        true,
        false,
        branches,
        branch,
        credentials);
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The same source with what its host reports: provider, owner, name, fork and upstream. */
  public RepoSource withHost(
      String provider, String owner, String name, boolean fork, String upstreamUrl) {
    return with(provider, owner, name, fork, upstreamUrl, active, extra);
  }

  /** The same source selected ({@code active}) or not, and added as an extra or not. */
  public RepoSource withSelection(boolean active, boolean extra) {
    return with(provider, owner, name, fork, upstreamUrl, active, extra);
  }

  private RepoSource with(
      String provider,
      String owner,
      String name,
      boolean fork,
      String upstreamUrl,
      boolean active,
      boolean extra) {
    return new RepoSource(
        location,
        repoUrl,
        repoId,
        provider,
        owner,
        name,
        visibility,
        fork,
        upstreamUrl,
        active,
        extra,
        branches,
        branch,
        credentials);
  }

  public boolean remote() {
    return RepoUrls.isRemote(location);
  }

  /** The same source with other credentials (none: {@code Optional.empty()}). */
  public RepoSource withCredentials(Optional<Credentials> credentials) {
    return spec().source(credentials);
  }

  /** Everything but the credentials, as a value that can be shipped to another process. */
  public Spec spec() {
    return new Spec(
        location,
        repoUrl,
        repoId,
        provider,
        owner,
        name,
        visibility,
        fork,
        upstreamUrl,
        active,
        extra,
        branches,
        branch);
  }

  /** A source without its credentials: what a distributed ingest ships in its tasks. */
  public record Spec(
      String location,
      String repoUrl,
      String repoId,
      String provider,
      String owner,
      String name,
      Visibility visibility,
      boolean fork,
      String upstreamUrl,
      boolean active,
      boolean extra,
      BranchSelection branches,
      String branch)
      implements java.io.Serializable {

    public RepoSource source(Optional<Credentials> credentials) {
      return new RepoSource(
          location,
          repoUrl,
          repoId,
          provider,
          owner,
          name,
          visibility,
          fork,
          upstreamUrl,
          active,
          extra,
          branches,
          branch,
          credentials);
    }
  }
}
