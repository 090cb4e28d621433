package dev.commitstats.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalized repository URLs and the stable repository id derived from them.
 *
 * <p>The same repository reached as {@code https://github.com/Org/Repo.git}, {@code
 * git@github.com:org/repo} or {@code https://token@github.com/org/repo/} normalizes to one URL,
 * {@code https://github.com/org/repo}, and so to one {@code repo_id}. Local paths normalize to an
 * absolute {@code file://} URL. Credentials never survive normalization.
 */
public final class RepoUrls {
  private RepoUrls() {}

  private static final Pattern SCP_LIKE = Pattern.compile("^([^@/]+@)?([^:/]+):(?!//)(.+)$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

  /** Hosts whose repository paths are case-insensitive. */
  private static boolean caseInsensitiveHost(String host) {
    return host.equals("github.com") || host.equals("gitlab.com") || host.equals("dev.azure.com");
  }

  /** True when the text names a remote repository (a URL other than file://, or scp-like). */
  public static boolean isRemote(String location) {
    if (SCHEME.matcher(location).matches()) {
      return !location.regionMatches(true, 0, "file:", 0, 5);
    }
    return SCP_LIKE.matcher(location).matches() && !looksLikeWindowsPath(location);
  }

  private static boolean looksLikeWindowsPath(String location) {
    return location.length() > 2 && location.charAt(1) == ':' && location.charAt(2) == '\\';
  }

  /** The normalized URL of a local path or a remote URL, free of credentials. */
  public static String normalize(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("a repository location is empty: give a path or a URL");
    }
    String text = location.trim();
    if (!isRemote(text)) {
      return "file://" + localPath(text);
    }
    if (!SCHEME.matcher(text).matches()) {
      var m = SCP_LIKE.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a repository URL: " + text);
      }
      text = "ssh://" + m.group(2) + "/" + m.group(3);
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "not a valid repository URL (" + e.getReason() + "): " + withoutUserInfo(text), e);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("repository URL has no host: " + withoutUserInfo(text));
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("ssh") && port == 22);
    String path = uri.getPath() == null ? "" : uri.getPath();
    path = stripRepoSuffix(path);
    if (caseInsensitiveHost(host)) {
      path = path.toLowerCase(Locale.ROOT);
    }
    // ssh and git transports name the same repository as https on the well-known hosts
    String outScheme = scheme.equals("http") ? "http" : "https";
    return outScheme + "://" + host + (defaultPort ? "" : ":" + port) + path;
  }

  private static String localPath(String text) {
    Path p;
    if (text.regionMatches(true, 0, "file:", 0, 5)) {
      p = Path.of(URI.create(text));
    } else {
      p = Path.of(text);
    }
    String s = p.toAbsolutePath().normalize().toString().replace('\\', '/');
    if (s.endsWith("/.git")) {
      s = s.substring(0, s.length() - 5);
    }
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.startsWith("/") ? s : "/" + s;
  }

  private static String stripRepoSuffix(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.endsWith(".git")) {
      p = p.substring(0, p.length() - 4);
    }
    return p;
  }

  /** The URL text with any {@code user:password@} part removed, for messages. */
  public static String withoutUserInfo(String text) {
    return text.replaceAll("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]*@", "$1");
  }

  /** The stable id of a normalized URL: the first 16 hex digits of its SHA-256. */
  public static String repoId(String normalizedUrl) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(normalizedUrl.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The last path segment of a normalized URL: the repository's name. */
  public static String name(String normalizedUrl) {
    String p = normalizedUrl;
    int slash = p.lastIndexOf('/');
    return slash >= 0 ? p.substring(slash + 1) : p;
  }

  /** The path segment before the name (owner, group or project), or null for local paths. */
  public static String owner(String normalizedUrl) {
    if (normalizedUrl.startsWith("file://")) {
      return null;
    }
    URI uri = URI.create(normalizedUrl);
    String path = uri.getPath();
    String[] parts = path.split("/");
    return parts.length >= 3 ? parts[parts.length - 2] : null;
  }
}
