package dev.commitstats.model.config;

/** A configuration file that cannot be used; the message says where, what and how to fix it. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
