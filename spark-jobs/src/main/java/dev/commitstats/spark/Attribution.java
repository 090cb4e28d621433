package dev.commitstats.spark;

import dev.commitstats.model.config.UserConfig;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who an author email belongs to.
 *
 * <p>With users configured, an email belongs to a user when it equals (ignoring case) one of the
 * user's {@code emails}, one of the emails in the user's {@code aliases} (plain emails or .mailmap
 * lines such as {@code Name <proper@x> <old@y>}), or a GitHub noreply form of the user's {@code
 * github} login ({@code login@users.noreply.github.com}, {@code
 * ID+login@users.noreply.github.com}); any other email belongs to nobody. Without users, every
 * distinct email is a user of its own, whose id is derived from the email ({@link #derivedId}).
 */
public final class Attribution implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern NOREPLY =
      Pattern.compile(
          "^(?:\\d+\\+)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)@users\\.noreply\\.github\\.com$");
  private static final Pattern ANGLE_EMAIL = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>");

  private final Map<String, String> byEmail = new HashMap<>();
  private final Map<String, String> byGithubLogin = new HashMap<>();
  private final boolean everyEmailIsAUser;

  public Attribution(List<UserConfig> users) {
    this.everyEmailIsAUser = users.isEmpty();
    for (UserConfig u : users) {
      for (String e : u.emails()) {
        claim(byEmail, normalize(e), u.id(), "email " + e);
      }
      for (String alias : u.aliases()) {
        Matcher m = ANGLE_EMAIL.matcher(alias);
        boolean any = false;
        while (m.find()) {
          claim(byEmail, normalize(m.group(1)), u.id(), "alias " + alias);
          any = true;
        }
        if (!any) {
          claim(byEmail, normalize(alias), u.id(), "alias " + alias);
        }
      }
      if (u.github() != null && !u.github().isBlank()) {
        claim(byGithubLogin, normalize(u.github()), u.id(), "github login " + u.github());
      }
    }
  }

  private static void claim(Map<String, String> map, String key, String userId, String what) {
    String previous = map.putIfAbsent(key, userId);
    if (previous != null && !previous.equals(userId)) {
      throw new IllegalArgumentException(
          "users: "
              + what
              + " belongs to both '"
              + previous
              + "' and '"
              + userId
              + "': give each email or login to one user");
    }
  }

  /** The user id of an author email, or null when it belongs to nobody. */
  public String userFor(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    String e = normalize(email);
    String id = byEmail.get(e);
    if (id != null) {
      return id;
    }
    Matcher noreply = NOREPLY.matcher(e);
    if (noreply.matches()) {
      id = byGithubLogin.get(noreply.group(1));
      if (id != null) {
        return id;
      }
    }
    return everyEmailIsAUser ? derivedId(e) : null;
  }

  /** The GitHub login a noreply email names, or null. */
  public static String githubLoginOf(String email) {
    if (email == null) {
      return null;
    }
    Matcher noreply = NOREPLY.matcher(normalize(email));
    return noreply.matches() ? noreply.group(1) : null;
  }

  /**
   * The id of a user known only by an email: a readable slug of the email's name part (or of the
   * GitHub login of a noreply email), then six hex digits of the email's SHA-256, so that two
   * emails never share an id. Always matches {@link UserConfig#ID}.
   */
  public static String derivedId(String email) {
    String e = normalize(email);
    String login = githubLoginOf(e);
    String name = login != null ? login : e.contains("@") ? e.substring(0, e.indexOf('@')) : e;
    String slug = name.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > 30) {
      slug = slug.substring(0, 30).replaceAll("-+$", "");
    }
    if (slug.isEmpty()) {
      slug = "user";
    }
    return slug + "-" + sha256Hex(e).substring(0, 6);
  }

  static String normalize(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
