package dev.commitstats.ingest.deps;

import java.util.Map;

/** Reads the declared packages of one manifest: package name to version spec (null: none given). */
interface ManifestParser {
  Map<String, String> parse(String text) throws MalformedManifestException;

  /**
   * The same, for a manifest at {@code path} whose other files on the same side of the change
   * {@code files} reads (a Maven POM takes properties from its parent POMs there).
   */
  default Map<String, String> parse(String text, String path, ManifestFiles files)
      throws MalformedManifestException {
    return parse(text);
  }

  /** Whether {@link #parse(String, String, ManifestFiles)} reads other files than the manifest. */
  default boolean readsOtherFiles() {
    return false;
  }
}
