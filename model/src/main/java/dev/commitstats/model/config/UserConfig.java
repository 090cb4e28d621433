package dev.commitstats.model.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A person whose CV is computed. Commits are attributed by {@code emails}, the GitHub noreply forms
 * of {@code github}, and {@code aliases} (.mailmap-style extra emails).
 */
public record UserConfig(
    String id,
    String name,
    List<String> emails,
    String github,
    List<String> aliases,
    CvCuration cv,
    String digestEmail) {
  /** A plausible mail address: something@domain.tld, no spaces or angle brackets. */
  private static final Pattern EMAIL =
      Pattern.compile("[^\\s@<>,;\"]+@[^\\s@<>,;\"]+\\.[^\\s@<>,;\"]+");

  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,38}");

  public UserConfig {
    if (id == null || !ID.matcher(id).matches()) {
      throw new ConfigException(
          "users: id '"
              + id
              + "' is not allowed: use 1-39 characters of a-z, 0-9 and '-', starting with a"
              + " letter or digit");
    }
    emails = emails == null ? List.of() : List.copyOf(emails);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    cv = cv == null ? CvCuration.none() : cv;
    if (digestEmail != null && !EMAIL.matcher(digestEmail.strip()).matches()) {
      throw new ConfigException(
          "users: digest_email of '"
              + id
              + "' is '"
              + digestEmail
              + "', not a mail address: e.g. digest_email: me@example.org");
    }
    digestEmail = digestEmail == null || digestEmail.isBlank() ? null : digestEmail.strip();
    if (emails.isEmpty() && github == null && aliases.isEmpty()) {
      throw new ConfigException(
          "users: user '" + id + "' has no emails, github login or aliases: add at least one");
    }
  }

  public UserConfig(
      String id, String name, List<String> emails, String github, List<String> aliases) {
    this(id, name, emails, github, aliases, null, null);
  }

  /**
   * What commits are attributed and named by (not the CV's curation, which changes no table): the
   * transform's config fingerprint.
   */
  public String attribution() {
    return "UserConfig[id="
        + id
        + ", name="
        + name
        + ", emails="
        + emails
        + ", github="
        + github
        + ", aliases="
        + aliases
        + "]";
  }
}
