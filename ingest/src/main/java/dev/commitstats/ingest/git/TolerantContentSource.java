package dev.commitstats.ingest.git;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.diff.ContentSource;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Blob content for rename detection that reads a missing blob (a partial or damaged clone) as empty
 * instead of failing the whole commit, and counts how often it did.
 */
final class TolerantContentSource extends ContentSource {
  private final ContentSource delegate;
  private final AtomicInteger missing = new AtomicInteger();

  TolerantContentSource(ObjectReader reader) {
    this.delegate = ContentSource.create(reader);
  }

  int missingCount() {
    return missing.get();
  }

  @Override
  public long size(String path, ObjectId id) throws IOException {
    try {
      return delegate.size(path, id);
    } catch (MissingObjectException e) {
      missing.incrementAndGet();
      return 0;
    }
  }

  @Override
  public ObjectLoader open(String path, ObjectId id) throws IOException {
    try {
      return delegate.open(path, id);
    } catch (MissingObjectException e) {
      missing.incrementAndGet();
      return new ObjectLoader.SmallObject(Constants.OBJ_BLOB, new byte[0]);
    }
  }
}
