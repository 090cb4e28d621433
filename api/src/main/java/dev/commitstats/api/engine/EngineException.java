package dev.commitstats.api.engine;

/**
 * The query engine could not answer (unreachable, a table missing or unreadable, a query failure).
 * Its message is for logs: it may hold SQL and paths, so no response shows it.
 */
public final class EngineException extends RuntimeException {
  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
