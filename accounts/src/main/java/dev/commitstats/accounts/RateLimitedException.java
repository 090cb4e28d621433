package dev.commitstats.accounts;

import java.time.Instant;

/**
 * The host's rate limit for the token is exhausted for longer than discovery waits: the source
 * stops for this run and resumes at {@link #resumeAt()} (the next run after it).
 */
public final class RateLimitedException extends HostAnswerException {
  private static final long serialVersionUID = 1L;
  private final Instant resumeAt;

  RateLimitedException(int status, Instant resumeAt, String message) {
    super(status, message);
    this.resumeAt = resumeAt;
  }

  public Instant resumeAt() {
    return resumeAt;
  }
}
