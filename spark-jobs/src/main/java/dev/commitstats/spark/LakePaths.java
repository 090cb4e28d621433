package dev.commitstats.spark;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.LakeLayout;
import dev.commitstats.model.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Where a lake's tables live, for Hadoop's file systems: a local folder ({@code file:}) or, on
 * Glue, {@code s3://bucket/prefix} (EMRFS). Raw files are named relative to the lake root, so a
 * watermark stays valid when a lake is copied or its URL scheme changes.
 */
public final class LakePaths {
  private final String root;
  private final FileSystem fs;

  public LakePaths(String lake, Configuration hadoop) {
    this.root = rootUri(lake);
    try {
      this.fs = FileSystem.get(URI.create(root), hadoop);
    } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
      throw new IllegalArgumentException(
          "lake "
              + lake
              + " needs a Hadoop file system for '"
              + URI.create(root).getScheme()
              + "' that this classpath lacks: run the transform of an S3 lake on AWS Glue, or copy"
              + " the lake to a local folder",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("lake " + lake + " cannot be opened: " + e.getMessage(), e);
    }
  }

  static String rootUri(String lake) {
    if (lake == null || lake.isBlank()) {
      throw new IllegalArgumentException("--lake is empty: give a folder or s3://bucket/prefix");
    }
    String s = lake.trim();
    if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
    return Path.of(s).toAbsolutePath().normalize().toUri().toString().replaceAll("/$", "");
  }

  public String delta(String table) {
    return root + "/" + DeltaTables.path(table);
  }

  public String resolve(String relative) {
    return root + "/" + relative;
  }

  /** Whether the lake has the Delta table (its log). */
  public boolean deltaExists(String table) {
    try {
      return fs.exists(new org.apache.hadoop.fs.Path(delta(table) + "/_delta_log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean rawExists() {
    try {
      return fs.exists(new org.apache.hadoop.fs.Path(root + "/" + LakeLayout.RAW));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Published Parquet files of a raw table, relative to the root, sorted (staging files skipped).
   */
  public List<String> rawFiles(TableSchema table) {
    var out = new ArrayList<String>();
    var dir = new org.apache.hadoop.fs.Path(root + "/" + LakeLayout.rawTable(table));
    try {
      if (!fs.exists(dir)) {
        return out;
      }
      String prefix = fs.makeQualified(new org.apache.hadoop.fs.Path(root)).toUri().getPath();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        String name = f.getPath().getName();
        if (!f.isFile()
            || !name.endsWith(".parquet")
            || name.startsWith(".")
            || name.startsWith("_")) {
          continue;
        }
        String full = f.getPath().toUri().getPath();
        String rel = full.startsWith(prefix) ? full.substring(prefix.length()) : full;
        out.add(rel.startsWith("/") ? rel.substring(1) : rel);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  /**
   * Why a raw Parquet file cannot be read (too short, no Parquet magic, a footer that does not
   * parse: a half-finished copy, a bad disk), or null when its footer reads. Reads the footer only:
   * cheap next to the rows a run reads anyway.
   */
  public String unreadable(String relative) {
    var path = new org.apache.hadoop.fs.Path(resolve(relative));
    try (var reader =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(path, fs.getConf()))) {
      reader.getFooter();
      return null;
    } catch (java.io.FileNotFoundException e) {
      return null; // swept since it was listed: not this run's business
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      int nl = m.indexOf('\n');
      return nl < 0 ? m : m.substring(0, nl);
    }
  }

  /**
   * Why a raw file is left out of a run, as the run log notes it (the reason, its size and time: a
   * file cut the same way again is noted again), or null when it reads.
   */
  public String quarantineDetail(String relative) {
    String why = unreadable(relative);
    if (why == null) {
      return null;
    }
    long[] st = sizeAndTime(relative);
    return st == null
        ? why
        : why + " (" + st[0] + " bytes, modified " + java.time.Instant.ofEpochMilli(st[1]) + ")";
  }

  /** A file's size in bytes and modification time (epoch ms), or null when it is gone. */
  public long[] sizeAndTime(String relative) {
    try {
      var st = fs.getFileStatus(new org.apache.hadoop.fs.Path(resolve(relative)));
      return new long[] {st.getLen(), st.getModificationTime()};
    } catch (IOException e) {
      return null;
    }
  }
}
