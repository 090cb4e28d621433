package dev.commitstats.model.config;

import dev.commitstats.model.Provider;
import dev.commitstats.model.Visibility;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where repositories come from. {@code provider: git} names one repository by {@code url} (a path,
 * file:// or https URL); hosted providers (github, gitlab, azure) discover repositories with the
 * token named by {@code token_env}. Every discovered repository is active unless its owner is set
 * {@code inactive} in {@code owners} or it is set in {@code repos} (by {@code owner/name}, which
 * wins over its owner).
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
    Map<String, String> repos) {

  public static final Set<String> PROVIDERS =
      Arrays.stream(Provider.values()).map(Provider::value).collect(Collectors.toSet());

  public SourceConfig {
    if (provider == null || !PROVIDERS.contains(provider.toLowerCase(Locale.ROOT))) {
      throw new ConfigException(
          "sources: provider '"
              + provider
              + "' is not known: use one of github, gitlab, azure, git");
    }
    provider = provider.toLowerCase(Locale.ROOT);
    owners = owners == null ? Map.of() : Map.copyOf(owners);
    repos = repos == null ? Map.of() : Map.copyOf(repos);
    if (Provider.parse(provider) == Provider.GIT && (url == null || url.isBlank())) {
      throw new ConfigException(
          "sources: a 'git' source needs a url (a local path, file:// or https URL)");
    }
    if (visibility != null
        && !visibility.equals(Visibility.PUBLIC.value())
        && !visibility.equals(Visibility.PRIVATE.value())) {
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
    for (var e : repos.entrySet()) {
      if (!e.getValue().equals("active") && !e.getValue().equals("inactive")) {
        throw new ConfigException(
            "sources: repository '"
                + e.getKey()
                + "' is '"
                + e.getValue()
                + "': use active or inactive");
      }
    }
  }

  /** The provider as the enum. */
  public Provider kind() {
    return Provider.parse(provider);
  }

  public boolean isExtra() {
    return Boolean.TRUE.equals(extra);
  }

  public boolean isActive() {
    return active == null || active;
  }

  /** Whether a discovered repository counts: its own setting, else its owner's, else active. */
  public boolean selects(String owner, String fullName) {
    String own = repos.get(fullName);
    if (own != null) {
      return own.equals("active");
    }
    return !"inactive".equals(owners.get(owner));
  }

  /** The key that names this source in the accounts state: provider and token variable. */
  public String key() {
    return provider
        + ":"
        + (tokenEnv == null ? "" : tokenEnv)
        + (baseUrl == null ? "" : "@" + baseUrl);
  }
}
