package dev.commitstats.ingest.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * DuckDB's JDBC driver copies its 57 MB native library into the temp folder at every start and
 * deletes it only on a clean exit, so every killed process leaves one behind. This removes copies
 * older than ten minutes (a process loads its copy right after writing it, and on Linux a loaded
 * library stays mapped after its file is deleted).
 */
final class NativeLibrarySweep {
  private NativeLibrarySweep() {}

  static final Duration MIN_AGE = Duration.ofMinutes(10);

  static int sweep(Path tmpDir) {
    int removed = 0;
    Instant cutoff = Instant.now().minus(MIN_AGE);
    try (DirectoryStream<Path> s = Files.newDirectoryStream(tmpDir, "libduckdb_java*.so")) {
      for (Path p : s) {
        try {
          if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
            Files.deleteIfExists(p);
            removed++;
          }
        } catch (IOException e) {
          // another user's file, or already gone: not ours to worry about
        }
      }
    } catch (IOException e) {
      // no temp folder to sweep
    }
    return removed;
  }
}
