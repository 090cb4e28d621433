package dev.commitstats.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the lake lives. Ingest writes every file to a local staging file first and publishes it
 * atomically: readers never see half a file. A local folder is one adapter; S3 is another.
 */
public interface Lake extends AutoCloseable {

  /** How a file being written ends: readers globbing {@code *.parquet} never match it. */
  String STAGING_SUFFIX = ".staging";

  /** The lake's location as the user gave it (no credentials). */
  String location();

  /** A new local file to write, to be published at {@code relativePath}. */
  Path stagingFile(String relativePath) throws IOException;

  /** Makes a staged file visible at {@code relativePath}, atomically, replacing any old one. */
  void publish(Path staged, String relativePath) throws IOException;

  /** Relative paths of the files under {@code prefix}, recursively; empty if none. */
  List<String> list(String prefix) throws IOException;

  void delete(String relativePath) throws IOException;

  Optional<byte[]> read(String relativePath) throws IOException;

  /** Writes a small file atomically. */
  void write(String relativePath, byte[] content) throws IOException;

  /**
   * Takes the lake's ingest lock, so that two ingests never interleave their state; fails at once
   * when another ingest holds it.
   */
  AutoCloseable lock() throws IOException;

  /** The local folder {@link #localPath} resolves in: the lake itself, or a local mirror. */
  Path localRoot() throws IOException;

  /** A local path DuckDB can read for a published file. */
  Path localPath(String relativePath) throws IOException;

  @Override
  void close() throws IOException;

  static Lake open(String location) {
    if (location.startsWith("s3://") || location.startsWith("s3a://")) {
      return S3Lake.fromEnvironment(location);
    }
    return new LocalLake(Path.of(location));
  }
}
