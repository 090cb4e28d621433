package dev.commitstats.model;

import java.util.Locale;

/** Whether a repository may be named in public responses. */
public enum Visibility {
  PUBLIC,
  PRIVATE;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code public} or {@code private}: whether a host's flag says the repository is private. */
  public static Visibility ofPrivate(boolean isPrivate) {
    return isPrivate ? PRIVATE : PUBLIC;
  }

  /** Whether a stored value ({@code public}, {@code private}, null) is public; null is not. */
  public static boolean isPublic(String value) {
    return PUBLIC.value().equalsIgnoreCase(value);
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
