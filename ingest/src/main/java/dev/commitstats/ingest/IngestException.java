package dev.commitstats.ingest;

import dev.commitstats.runtime.Secrets;

/**
 * The one unchecked exception family of ingest, built by {@link IngestErrors}. Messages say what
 * went wrong, why, and how to fix it, in that order, and never contain a credential.
 */
public class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IngestException(String message) {
    super(Secrets.redact(message));
  }

  public IngestException(String message, Throwable cause) {
    super(Secrets.redact(message), cause);
  }
}
