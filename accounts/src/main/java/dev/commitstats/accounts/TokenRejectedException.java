package dev.commitstats.accounts;

/** The host refused the token (401: revoked or expired; 403: missing a scope). */
public final class TokenRejectedException extends RuntimeException {
  public TokenRejectedException(String message) {
    super(message);
  }
}
