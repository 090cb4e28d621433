package dev.commitstats.api.service;

/**
 * A request the API answers with an error: the status, a stable machine-readable code and a message
 * for people that says what is wrong and what is allowed. Never carries SQL, paths or stack traces.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Integer retryAfterSeconds;

  public ApiException(int status, String code, String message, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message, null);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null);
  }

  public static ApiException tooManyRequests(long retryAfterSeconds) {
    return new ApiException(
        429,
        "too_many_requests",
        "too many requests from this client: retry after " + retryAfterSeconds + " s",
        (int) Math.min(Integer.MAX_VALUE, retryAfterSeconds));
  }

  public static ApiException unavailable(String code, String message, int retryAfterSeconds) {
    return new ApiException(503, code, message, retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Seconds a client should wait before trying again (503 only). */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
