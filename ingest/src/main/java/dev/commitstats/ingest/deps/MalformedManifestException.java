package dev.commitstats.ingest.deps;

/** A manifest that cannot be read; its change gives no events. */
public final class MalformedManifestException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedManifestException(String message, Throwable cause) {
    super(message, cause);
  }

  MalformedManifestException(String message) {
    super(message);
  }
}
