package dev.commitstats.ingest.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The content of one side of a file change, judged text or binary by git's own rules (not jgit's):
 * binary when a NUL byte occurs in the first 8,000 bytes, or when the blob is larger than git's
 * {@code core.bigFileThreshold} (512 MiB). A submodule (gitlink) reads as git shows it: one line
 * {@code Subproject commit <id>}.
 */
record BlobContent(byte[] bytes, boolean binary, boolean missing) {

  /** git's FIRST_FEW_BYTES in xdiff-interface.c. */
  static final int BINARY_PROBE_BYTES = 8000;

  /** git's default core.bigFileThreshold. */
  static final long BIG_FILE_THRESHOLD = 512L * 1024 * 1024;

  static final BlobContent EMPTY = new BlobContent(new byte[0], false, false);
  static final BlobContent MISSING = new BlobContent(null, false, true);
  private static final BlobContent HUGE = new BlobContent(null, true, false);

  static BlobContent read(ObjectReader reader, AnyObjectId id, FileMode mode) throws IOException {
    if (mode == FileMode.GITLINK) {
      return new BlobContent(
          ("Subproject commit " + id.name() + "\n").getBytes(StandardCharsets.US_ASCII),
          false,
          false);
    }
    try {
      var loader = reader.open(id, Constants.OBJ_BLOB);
      if (loader.getSize() > BIG_FILE_THRESHOLD) {
        return HUGE;
      }
      byte[] bytes = loader.getCachedBytes(Integer.MAX_VALUE);
      return new BlobContent(bytes, isBinary(bytes), false);
    } catch (MissingObjectException e) {
      return MISSING;
    }
  }

  /** Whether the first {@link #BINARY_PROBE_BYTES} hold a NUL (git's test), eight bytes a step. */
  static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, BINARY_PROBE_BYTES);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      if (Words.zeroByte((long) Words.LONGS.get(bytes, i)) != 0) {
        return true;
      }
    }
    for (; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** Lines as git counts them: newlines, plus one for a last line without a newline. */
  long lineCount() {
    return countLines(bytes);
  }

  static long countLines(byte[] b) {
    long n = 0;
    for (byte x : b) {
      if (x == '\n') {
        n++;
      }
    }
    if (b.length > 0 && b[b.length - 1] != '\n') {
      n++;
    }
    return n;
  }
}
