package dev.commitstats.runtime;

import java.util.Locale;

/** Telling a full disk (ENOSPC) apart from other failures, for ingest and transform alike. */
public final class DiskFull {
  private DiskFull() {}

  /**
   * Whether {@code t} or one of its causes is a write that failed because its disk is full, in
   * Java's, Hadoop's or DuckDB's words ("No space left on device").
   */
  public static boolean isCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.toLowerCase(Locale.ROOT).contains("no space left on device")) {
        return true;
      }
    }
    return false;
  }
}
