package dev.commitstats.model;

import java.util.Locale;

/**
 * A language's kind as GitHub's linguist types it. GitHub's language bar, and the CV's languages,
 * shares and top languages, count {@link #PROGRAMMING} and {@link #MARKUP} only; {@link #DATA}
 * (configuration and data: JSON, YAML, TOML, INI, SQL, XML, POM) and {@link #PROSE} (documentation:
 * Markdown, Text) are totals of their own; {@link #UNKNOWN} is what no rule recognised (the
 * language {@code Unknown}, or a name linguist does not know).
 */
public enum LanguageType {
  PROGRAMMING,
  MARKUP,
  DATA,
  PROSE,
  UNKNOWN;

  /** The lake value, lower case: {@code programming}, {@code markup}, … */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Counted among the CV's languages (as on GitHub's language bar). */
  public boolean isLanguage() {
    return this == PROGRAMMING || this == MARKUP;
  }

  /** The type of a lake value, {@link #UNKNOWN} for null or anything else. */
  public static LanguageType of(String value) {
    if (value != null) {
      for (LanguageType t : values()) {
        if (t.value().equals(value)) {
          return t;
        }
      }
    }
    return UNKNOWN;
  }
}
