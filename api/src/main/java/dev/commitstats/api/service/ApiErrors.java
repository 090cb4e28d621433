package dev.commitstats.api.service;

/**
 * Every error the API answers with, worded once: its status, stable code and a message saying what
 * is wrong and what is allowed.
 */
public final class ApiErrors {
  private ApiErrors() {}

  /** A table the answer needs has not been written yet. */
  public static ApiException notReady(String table) {
    return ApiException.unavailable(
        "not_ready",
        "the lake has no table '"
            + table
            + "' yet: run ./commitstats transform (answers follow within seconds)",
        30);
  }

  public static ApiException engineUnavailable() {
    return ApiException.unavailable(
        "engine_unavailable", "the query engine could not answer; retry in a few seconds", 5);
  }

  public static ApiException fromAfterTo(Object from, Object to) {
    return ApiException.badRequest(
        "bad_date_range", "from (" + from + ") is after to (" + to + ")");
  }

  public static ApiException rangeTooLong(int maxWeeks) {
    return ApiException.badRequest(
        "bad_date_range",
        "the range covers more than " + maxWeeks + " weeks: ask for a shorter one");
  }

  public static ApiException unknownUser(String id) {
    return ApiException.notFound(
        "no user '" + id + "' in this lake (user ids come from the users config)");
  }

  public static ApiException badUserId() {
    return ApiException.badRequest(
        "bad_user_id",
        "a user id is 1 to 39 characters: lowercase letters, digits and '-', starting with a"
            + " letter or digit");
  }

  /** A date parameter that is no ISO date. */
  public static ApiException badDate(String name) {
    return ApiException.badRequest(
        "bad_date", name + " must be a date as YYYY-MM-DD (ISO 8601), e.g. 2025-01-06");
  }
}
