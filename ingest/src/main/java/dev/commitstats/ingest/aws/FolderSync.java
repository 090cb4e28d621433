package dev.commitstats.ingest.aws;

import dev.commitstats.lake.Lake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A local folder kept in an object store prefix (the Lambda's clone cache and token store, which
 * {@code /tmp} loses at every cold start). Git's objects and packs never change once written, so an
 * upload sends only those the store lacks, and refs and config (small) always.
 */
public final class FolderSync {
  /** What a copy moved. */
  public record Counts(int files, long bytes) {}

  private FolderSync() {}

  /** Copies every file of the store into {@code dir}; private: readable by this user only. */
  public static Counts download(Lake store, Path dir, boolean secret) throws IOException {
    return download(store, "", dir, secret);
  }

  /** Copies the files under {@code prefix} of the store into {@code dir}. */
  static Counts download(Lake store, String prefix, Path dir, boolean secret) throws IOException {
    Files.createDirectories(dir);
    if (secret) {
      Files.setPosixFilePermissions(
          dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
    int files = 0;
    long bytes = 0;
    String base = prefix.isEmpty() ? "" : prefix + "/";
    for (String key : store.list(prefix)) {
      String rel = key.substring(base.length());
      Path target = dir.resolve(rel).normalize();
      if (!target.startsWith(dir) || rel.endsWith(Lake.STAGING_SUFFIX)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      Files.copy(store.localPath(key), target, StandardCopyOption.REPLACE_EXISTING);
      if (secret) {
        Files.setPosixFilePermissions(
            target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      }
      files++;
      bytes += Files.size(target);
    }
    return new Counts(files, bytes);
  }

  /**
   * Sends what changed in {@code dir} to {@code prefix} of the store; removes what {@code dir} no
   * longer has.
   */
  static Counts upload(Path dir, Lake store, String prefix) throws IOException {
    String base = prefix.isEmpty() ? "" : prefix + "/";
    Set<String> remote = new HashSet<>();
    for (String key : store.list(prefix)) {
      remote.add(key.substring(base.length()));
    }
    Set<String> local = new HashSet<>();
    int files = 0;
    long bytes = 0;
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.filter(Files::isRegularFile).toList();
    }
    for (Path p : all) {
      String rel = dir.relativize(p).toString().replace('\\', '/');
      if (rel.endsWith(".lock") || rel.contains(".partial-")) {
        continue; // a git lock, a clone still being made
      }
      local.add(rel);
      String path = base + rel;
      boolean immutable = path.contains(".git/objects/") && !path.contains("/objects/info/");
      if (immutable && remote.contains(rel)) {
        continue;
      }
      Path staged = store.stagingFile(path);
      Files.copy(p, staged, StandardCopyOption.REPLACE_EXISTING);
      store.publish(staged, path);
      files++;
      bytes += Files.size(p);
    }
    for (String rel : remote) {
      if (!local.contains(rel) && !rel.endsWith(Lake.STAGING_SUFFIX)) {
        store.delete(base + rel);
      }
    }
    return new Counts(files, bytes);
  }
}
