package dev.commitstats.model;

import java.util.Locale;

/** Outcome of collecting one repository in one ingest run. */
public enum CollectStatus {
  /** Every reachable commit of the ingested branches is in the lake. */
  UP_TO_DATE,
  /** Ingested as far as it could be read: some objects are missing (see error_message). */
  PARTIAL,
  /** Nothing could be collected (see error_message). */
  ERROR;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
