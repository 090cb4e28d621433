package dev.commitstats.ingest.classify;

/**
 * Decides the language and category of a changed file. The seam for linguist-grade rules
 * (.gitattributes at the commit, shebangs); {@link ExtensionClassifier} is the first table.
 */
public interface FileClassifier {
  Classification classify(String path);
}
