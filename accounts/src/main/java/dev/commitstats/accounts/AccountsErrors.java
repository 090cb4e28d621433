package dev.commitstats.accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Every user-facing message of account discovery, worded once: what the host answered, why, and
 * what to do. URLs are given without their query; no message holds a token.
 */
final class AccountsErrors {
  private AccountsErrors() {}

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** {@code needs} names the scope the call needs, or is null. */
  static TokenRejectedException unauthorized(String url, String needs) {
    return new TokenRejectedException(
        401, "the host answered 401 Unauthorized at " + url + needsText(needs));
  }

  static TokenRejectedException forbidden(String url, String needs) {
    return new TokenRejectedException(
        403,
        "the host answered 403 Forbidden at "
            + url
            + ": the token lacks a scope this needs"
            + needsText(needs));
  }

  /** Azure DevOps answers a token it does not accept with a sign-in page, not 401. */
  static TokenRejectedException signInPage(String url, int status, String needs) {
    return new TokenRejectedException(
        status,
        "the host answered "
            + status
            + " with a sign-in page instead of JSON at "
            + url
            + ": it did not accept the token"
            + needsText(needs));
  }

  /** {@code body}: the host's answer, kept (its first 1,000 characters) for callers to read. */
  static HostAnswerException status(String url, int status, String body) {
    String detail = body == null ? "" : body.substring(0, Math.min(body.length(), 1000));
    return new HostAnswerException(status, "the host answered " + status + " at " + url, detail);
  }

  static HostAnswerException notJson(String url, int status) {
    return new HostAnswerException(status, "the host's answer at " + url + " is not JSON");
  }

  /** No usable answer at all (the connection failed, or an answer HTTP cannot follow): status 0. */
  static HostAnswerException noAnswer(String url, int attempts, String lastError) {
    return new HostAnswerException(
        0,
        "the host did not answer after "
            + attempts
            + " attempts at "
            + url
            + (lastError != null ? ": " + lastError : ""));
  }

  /** A listing that never ends (a host, or something in front of it, answering in a loop). */
  static HostAnswerException endlessPages(String url) {
    return new HostAnswerException(200, "more than 1000 pages at " + url + ": stopping");
  }

  static RateLimitedException rateLimited(String url, int status, Duration wait) {
    Instant resume = Instant.now().plus(wait);
    return new RateLimitedException(
        status,
        resume,
        "the host's rate limit for this token is exhausted until "
            + WHEN.format(resume)
            + " (at "
            + url
            + "): discovery of this source stops for this run and resumes with the first run"
            + " after that; its repositories found before are kept");
  }

  private static String needsText(String needs) {
    return needs == null ? "" : " (this call needs " + needs + ")";
  }
}
