package dev.commitstats.ingest.git;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where bare clones are kept when the local cache folder does not outlive the process (AWS Lambda's
 * {@code /tmp}): a clone missing locally is restored from it before anything is fetched from the
 * host, and what a run opened is saved back.
 */
public interface CloneCache {
  /** Restores the clone of {@code repoId} into {@code target}; false when the cache has none. */
  boolean restore(String repoId, Path target) throws IOException;
}
