package dev.commitstats.model.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where repositories come from. {@code provider: git} names one repository by {@code url} (a path,
 * file:// or https URL); hosted providers (github, gitlab, azure) discover repositories with the
 * token named by {@code token_env}, grouped by {@code owners}.
 */
public record SourceConfig(
    String provider,
    String tokenEnv,
    Map<String, String> owners,
    String url,
    String visibility,
    String branches,
    String branch,
    Boolean extra,
    Boolean active,
    String baseUrl,
    List<String> repos) {

  public static final Set<String> PROVIDERS = Set.of("github", "gitlab", "azure", "git");

  public SourceConfig {
    if (provider == null || !PROVIDERS.contains(provider.toLowerCase(Locale.ROOT))) {
      throw new ConfigException(
          "sources: provider '"
              + provider
              + "' is not known: use one of github, gitlab, azure, git");
    }
    provider = provider.toLowerCase(Locale.ROOT);
    owners = owners == null ? Map.of() : Map.copyOf(owners);
    repos = repos == null ? List.of() : List.copyOf(repos);
    if (provider.equals("git") && (url == null || url.isBlank())) {
      throw new ConfigException(
          "sources: a 'git' source needs a url (a local path, file:// or https URL)");
    }
    if (visibility != null && !visibility.equals("public") && !visibility.equals("private")) {
      throw new ConfigException(
          "sources: visibility '" + visibility + "' is not known: use public or private");
    }
    if (branches != null && !branches.equals("default") && !branches.equals("all")) {
      throw new ConfigException(
          "sources: branches '" + branches + "' is not known: use default or all");
    }
    for (var e : owners.entrySet()) {
      if (!e.getValue().equals("active") && !e.getValue().equals("inactive")) {
        throw new ConfigException(
            "sources: owner '"
                + e.getKey()
                + "' is '"
                + e.getValue()
                + "': use active or inactive");
      }
    }
  }

  public boolean isExtra() {
    return Boolean.TRUE.equals(extra);
  }

  public boolean isActive() {
    return active == null || active;
  }
}
