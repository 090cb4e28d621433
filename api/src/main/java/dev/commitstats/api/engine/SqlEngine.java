package dev.commitstats.api.engine;

import java.util.List;

/**
 * The one JDBC query path of the API: embedded DuckDB over the Delta tables, or Athena. Queries are
 * plain SQL in the subset both accept, with bound parameters.
 */
public interface SqlEngine extends AutoCloseable {

  /** Reads one result row into a value. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultRow row) throws java.sql.SQLException;
  }

  /** A short name for logs and the status page: {@code duckdb} or {@code athena}. */
  String name();

  /**
   * The current version of every table the engine can read (cheap: refreshed in the background,
   * never on the request path).
   */
  TableVersions versions();

  /** Tables that exist but cannot be read now, with the reason (for logs; names for status). */
  default java.util.Map<String, String> tableErrors() {
    return java.util.Map.of();
  }

  /**
   * Why the engine cannot answer now (its service is down or unreachable), or null when it can: the
   * API then answers 503 "engine unavailable", not "no table yet".
   */
  default String unavailable() {
    return null;
  }

  /**
   * Runs a query with bound parameters.
   *
   * @throws EngineException when the engine cannot answer (the API answers 503)
   */
  <T> List<T> query(String sql, List<?> params, RowReader<T> reader);

  @Override
  void close();
}
