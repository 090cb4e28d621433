package dev.commitstats.ingest.classify;

/**
 * Decides the language and category of a changed file from its path, its content (for a shebang)
 * and what the repository's {@code .gitattributes} say about it at that commit.
 */
public interface FileClassifier {
  /**
   * @param content the file's content, or null when not read (binary, missing)
   */
  Classification classify(String path, byte[] content, LinguistOverrides overrides);

  /** By path alone. */
  default Classification classify(String path) {
    return classify(path, null, LinguistOverrides.NONE);
  }
}
