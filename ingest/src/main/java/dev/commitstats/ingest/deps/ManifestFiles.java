package dev.commitstats.ingest.deps;

/**
 * The files of one side of a change (the commit's tree, or its parent's), for a manifest that
 * refers to others: {@link #read} gives a file's bytes by its path from the repository root, or
 * null when there is no such file (or it cannot be read).
 */
@FunctionalInterface
public interface ManifestFiles {
  ManifestFiles NONE = path -> null;

  byte[] read(String path);
}
