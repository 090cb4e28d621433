package dev.commitstats.lake;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** A lake in a local folder. Files are staged beside their target and renamed into place. */
final class LocalLake implements Lake {
  private final Path root;

  LocalLake(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String location() {
    return root.toString();
  }

  private Path resolve(String relativePath) {
    Path p = root.resolve(relativePath).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("path leaves the lake: " + relativePath);
    }
    return p;
  }

  @Override
  public Path stagingFile(String relativePath) throws IOException {
    Path target = resolve(relativePath);
    Files.createDirectories(target.getParent());
    // Staging files end in .staging, so readers globbing *.parquet never see them.
    return target.resolveSibling(
        "." + target.getFileName() + "." + UUID.randomUUID() + STAGING_SUFFIX);
  }

  @Override
  public void publish(Path staged, String relativePath) throws IOException {
    Path target = resolve(relativePath);
    Files.createDirectories(target.getParent());
    try {
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Path near = target.resolveSibling("." + target.getFileName() + STAGING_SUFFIX);
      Files.copy(staged, near, StandardCopyOption.REPLACE_EXISTING);
      Files.move(near, target, StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(staged);
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    Path dir = resolve(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    var out = new ArrayList<String>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
    }
    out.sort(null);
    return out;
  }

  @Override
  public void delete(String relativePath) throws IOException {
    Files.deleteIfExists(resolve(relativePath));
  }

  @Override
  public Optional<byte[]> read(String relativePath) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(resolve(relativePath)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void write(String relativePath, byte[] content) throws IOException {
    Path staged = stagingFile(relativePath);
    Files.write(staged, content);
    publish(staged, relativePath);
  }

  @Override
  public AutoCloseable lock() throws IOException {
    Path file = resolve("state/ingest.lock");
    Files.createDirectories(file.getParent());
    var channel =
        java.nio.channels.FileChannel.open(
            file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
    java.nio.channels.FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw LakeErrors.busy(root.toString(), "is writing to it (it holds " + file + ")");
    }
    var held = lock;
    return () -> {
      held.release();
      channel.close();
    };
  }

  @Override
  public Path localRoot() {
    return root;
  }

  @Override
  public Path localPath(String relativePath) {
    return resolve(relativePath);
  }

  @Override
  public void close() {}
}
