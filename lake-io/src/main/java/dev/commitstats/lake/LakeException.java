package dev.commitstats.lake;

import dev.commitstats.runtime.Secrets;

/**
 * The one unchecked exception family of the lake module (storage and SQL). Built only by {@link
 * LakeErrors}; messages say what went wrong, why, and how to fix it, and never hold a credential.
 */
public class LakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LakeException(String message, Throwable cause) {
    super(Secrets.redact(message), cause);
  }
}
