package dev.commitstats.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a repository comes from: a host whose API lists an account's repositories, or {@code git}
 * (any git URL or local path). {@link #value()} is the spelling of the config and the lake.
 */
public enum Provider {
  GITHUB,
  GITLAB,
  AZURE,
  GIT;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the host's API discovers repositories (every provider but {@code git}). */
  public boolean hosted() {
    return this != GIT;
  }

  /** The provider a config or lake value names (any case). */
  public static Provider parse(String text) {
    for (Provider p : values()) {
      if (p.value().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "provider must be one of "
            + Arrays.stream(values()).map(Provider::value).collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }
}
