package dev.commitstats.model;

import java.util.Locale;

/** What kind of file a change touches; only {@link #CODE} counts as lines written by default. */
public enum FileCategory {
  CODE,
  VENDORED,
  GENERATED,
  DOCUMENTATION,
  DATA,
  LOCKFILE;

  /** The lake value, lower case. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
