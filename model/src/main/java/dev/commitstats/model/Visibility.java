package dev.commitstats.model;

import java.util.Locale;

/** Whether a repository may be named in public responses. */
public enum Visibility {
  PUBLIC,
  PRIVATE;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Visibility parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "visibility must be 'public' or 'private', got '" + text + "'", e);
    }
  }
}
