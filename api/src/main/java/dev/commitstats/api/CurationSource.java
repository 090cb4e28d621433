package dev.commitstats.api;

import dev.commitstats.api.service.Curation;
import dev.commitstats.model.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users' CV curation from the config, re-read when the config changes: a local file when its
 * modification time moved (checked at most every {@code every}), an S3 object every {@code every}
 * (the API Lambda's snapshot must not keep the curation of the day it was taken). A config that
 * became unreadable or invalid keeps the last good curation, and says why in the log.
 */
final class CurationSource implements Supplier<Curation> {
  private static final Logger LOG = LoggerFactory.getLogger(CurationSource.class);

  private final String location;
  private final long everyNanos;
  private final LongSupplier nanos;
  private volatile Curation current;
  private volatile long checkedAt;
  private volatile long modified;

  CurationSource(String location, Curation first, Duration every, LongSupplier nanos) {
    this.location = location;
    this.current = first;
    this.everyNanos = every.toNanos();
    this.nanos = nanos;
    this.checkedAt = nanos.getAsLong();
    this.modified = modified();
  }

  @Override
  public Curation get() {
    long now = nanos.getAsLong();
    if (now - checkedAt >= everyNanos) {
      synchronized (this) {
        if (now - checkedAt >= everyNanos) {
          checkedAt = now;
          reload();
        }
      }
    }
    return current;
  }

  private void reload() {
    long m = modified();
    if (m != Long.MIN_VALUE && m == modified) {
      return;
    }
    try {
      current = new Curation(Main.loadConfig(location).users());
      modified = m;
    } catch (ConfigException | java.io.UncheckedIOException e) {
      LOG.warn(
          "the config {} cannot be read, keeping the CV curation read before: {}",
          location,
          e.getMessage());
    }
  }

  /** A local file's modification time; MIN_VALUE for S3 (always read). */
  private long modified() {
    if (location.startsWith("s3://")) {
      return Long.MIN_VALUE;
    }
    try {
      return Files.getLastModifiedTime(Path.of(location)).toMillis();
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
