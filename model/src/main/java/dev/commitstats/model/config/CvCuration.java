package dev.commitstats.model.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a user shapes their public CV ({@code users[].cv} in the config). It changes what the API and
 * pages show, never the tables: hiding is not deleting (a hidden repository's work still counts in
 * the totals; to leave it out, leave it out of the sources).
 *
 * @param displayName the name the CV shows (instead of the configured or newest author name)
 * @param headline one line under the name ("Data engineer, payments")
 * @param bio a short paragraph
 * @param links homepage, GitHub and LinkedIn URLs (http or https)
 * @param hideLanguages languages not shown (linguist's names, any case)
 * @param countAsLanguages languages linguist types as data or prose (SQL, …) shown among the
 *     programming languages, their lines with the language lines
 * @param hideRepositories repositories (as in the sources: URL or path) never named or listed
 * @param repositoryAliases a public name for a private repository (URL or path → name): the only
 *     way a private repository's work gets a name; its real name, URL and paths still never appear
 * @param pinOss open-source repositories (URLs) listed first, in this order
 * @param hidePackages packages not shown: {@code name} or {@code ecosystem:name}
 */
public record CvCuration(
    String displayName,
    String headline,
    String bio,
    CvLinks links,
    List<String> hideLanguages,
    List<String> countAsLanguages,
    List<String> hideRepositories,
    Map<String, String> repositoryAliases,
    List<String> pinOss,
    List<String> hidePackages) {

  /** The CV's links. */
  public record CvLinks(String homepage, String github, String linkedin) {
    public CvLinks {
      url("homepage", homepage);
      url("github", github);
      url("linkedin", linkedin);
    }

    private static void url(String key, String value) {
      if (value != null && !URL.matcher(value).matches()) {
        throw new ConfigException(
            "cv.links."
                + key
                + ": '"
                + value
                + "' is not an http(s) URL, e.g. https://example.org");
      }
    }
  }

  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+");

  public static final int MAX_HEADLINE = 120;
  public static final int MAX_BIO = 600;
  public static final int MAX_ALIAS = 100;

  public CvCuration {
    displayName = text("display_name", displayName, MAX_ALIAS);
    headline = text("headline", headline, MAX_HEADLINE);
    bio = text("bio", bio, MAX_BIO);
    hideLanguages = list(hideLanguages);
    countAsLanguages = list(countAsLanguages);
    hideRepositories = list(hideRepositories);
    pinOss = list(pinOss);
    hidePackages = list(hidePackages);
    var aliases = new LinkedHashMap<String, String>();
    if (repositoryAliases != null) {
      repositoryAliases.forEach(
          (repo, alias) -> {
            if (alias == null || alias.isBlank()) {
              throw new ConfigException(
                  "cv.repository_aliases: the alias of '" + repo + "' is empty: give a name");
            }
            aliases.put(repo, text("repository_aliases", alias, MAX_ALIAS));
          });
    }
    repositoryAliases = java.util.Collections.unmodifiableMap(aliases);
  }

  /** No curation: the CV as the tables hold it. */
  public static CvCuration none() {
    return new CvCuration(null, null, null, null, null, null, null, null, null, null);
  }

  public boolean hidesLanguage(String language) {
    return language != null && containsIgnoreCase(hideLanguages, language);
  }

  public boolean countsAsLanguage(String language) {
    return language != null && containsIgnoreCase(countAsLanguages, language);
  }

  /**
   * Hidden: {@code name} or {@code ecosystem:name} is listed (names as the ecosystem writes them).
   */
  public boolean hidesPackage(String ecosystem, String name) {
    return hidePackages.contains(name) || hidePackages.contains(ecosystem + ":" + name);
  }

  private static boolean containsIgnoreCase(List<String> list, String s) {
    String l = s.toLowerCase(Locale.ROOT);
    return list.stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).equals(l));
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l.stream().map(String::strip).toList();
  }

  private static String text(String key, String value, int max) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.length() > max) {
      throw new ConfigException(
          "cv." + key + " is " + v.length() + " characters: keep it to " + max + " or fewer");
    }
    return v.isEmpty() ? null : v;
  }
}
