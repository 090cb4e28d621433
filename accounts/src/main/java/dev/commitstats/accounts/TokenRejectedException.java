package dev.commitstats.accounts;

/**
 * The host refused the token: 401 (revoked, expired, or lacking the scope a call needs), 403
 * (lacking a scope), or a sign-in page instead of an answer (Azure DevOps).
 */
public final class TokenRejectedException extends HostAnswerException {
  private static final long serialVersionUID = 1L;

  TokenRejectedException(int status, String message) {
    super(status, message);
  }
}
