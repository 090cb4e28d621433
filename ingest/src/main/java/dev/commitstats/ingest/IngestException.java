package dev.commitstats.ingest;

import dev.commitstats.runtime.Secrets;

/**
 * The one unchecked exception family of ingest. Messages say what went wrong, why, and how to fix
 * it, in that order, and never contain a credential.
 */
public class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IngestException(String message) {
    super(Secrets.redact(message));
  }

  public IngestException(String message, Throwable cause) {
    super(Secrets.redact(message), cause);
  }

  /** "what: why. fix" */
  public static IngestException of(String what, String why, String fix) {
    return new IngestException(what + ": " + why + ". " + fix);
  }

  public static IngestException of(String what, String why, String fix, Throwable cause) {
    return new IngestException(what + ": " + why + ". " + fix, cause);
  }
}
