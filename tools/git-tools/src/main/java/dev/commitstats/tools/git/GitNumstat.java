package dev.commitstats.tools.git;

import dev.commitstats.ingest.IngestErrors;
import dev.commitstats.ingest.git.FileChangeRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * The numbers of the real git CLI: {@code git log --numstat -M --diff-algorithm=histogram -z},
 * parsed per commit. The reference that ingest is held to, in tests, the parity command and the
 * benchmark.
 */
public final class GitNumstat {
  private GitNumstat() {}

  /** One numstat row; counts are null for binary files. */
  public record Row(String path, String oldPath, Long added, Long deleted) {
    /** Our row in git's terms: old path only for renames and copies. */
    public static Row of(FileChangeRow r) {
      boolean moved =
          r.changeType() == dev.commitstats.model.ChangeType.RENAME
              || r.changeType() == dev.commitstats.model.ChangeType.COPY;
      return new Row(r.path(), moved ? r.oldPath() : null, r.linesAdded(), r.linesDeleted());
    }

    @Override
    public String toString() {
      return (added == null ? "-" : added)
          + "\t"
          + (deleted == null ? "-" : deleted)
          + "\t"
          + (oldPath == null ? path : oldPath + " => " + path);
    }
  }

  /** The command line, for messages and the benchmark. */
  public static List<String> command(Path repo, String rev) {
    return List.of(
        "git",
        "-C",
        repo.toString(),
        "-c",
        "core.quotePath=false",
        "-c",
        "diff.renameLimit=1000",
        "log",
        "--numstat",
        "-M",
        "--diff-algorithm=histogram",
        "--no-textconv",
        "--no-ext-diff",
        "-z",
        "--format=%x01%H",
        rev);
  }

  /** Runs git on {@code rev} and returns every commit's rows, in git's order. */
  public static Map<String, List<Row>> run(Path repo, String rev) throws IOException {
    var out = new LinkedHashMap<String, List<Row>>();
    stream(repo, rev, (sha, rows) -> out.put(sha, rows));
    return out;
  }

  /** Runs git and hands each commit's rows to {@code sink} as they arrive. */
  public static void stream(Path repo, String rev, CommitSink sink) throws IOException {
    var pb = new ProcessBuilder(command(repo, rev)).redirectErrorStream(false);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try (InputStream in = p.getInputStream()) {
      parse(in, sink);
    }
    try {
      int rc = p.waitFor();
      if (rc != 0) {
        throw IngestErrors.gitFailed(repo, rc);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for git", e);
    }
  }

  /** Receives the rows of one commit. */
  @FunctionalInterface
  public interface CommitSink {
    void accept(String sha, List<Row> rows);
  }

  static void parse(InputStream in, CommitSink sink) throws IOException {
    var buf = new ByteArrayOutputStream(1 << 16);
    // Records start with \x01; commits are separated there, fields by NUL.
    byte[] chunk = new byte[1 << 16];
    int n;
    while ((n = in.read(chunk)) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == 1) {
          buf.write(chunk, start, i - start);
          emit(buf.toByteArray(), sink);
          buf.reset();
          start = i + 1;
        }
      }
      buf.write(chunk, start, n - start);
    }
    emit(buf.toByteArray(), sink);
  }

  private static void emit(byte[] record, CommitSink sink) {
    if (record.length == 0) {
      return;
    }
    var tokens = split(record);
    if (tokens.isEmpty()) {
      return;
    }
    String sha = ascii(tokens.get(0)).trim();
    var rows = new ArrayList<Row>();
    for (int i = 1; i < tokens.size(); i++) {
      byte[] t = tokens.get(i);
      int from = 0;
      while (from < t.length && t[from] == '\n') {
        from++;
      }
      if (from == t.length) {
        continue;
      }
      byte[] field = Arrays.copyOfRange(t, from, t.length);
      int tab1 = indexOf(field, (byte) '\t', 0);
      int tab2 = indexOf(field, (byte) '\t', tab1 + 1);
      String added = ascii(Arrays.copyOfRange(field, 0, tab1));
      String deleted = ascii(Arrays.copyOfRange(field, tab1 + 1, tab2));
      byte[] pathBytes = Arrays.copyOfRange(field, tab2 + 1, field.length);
      String path;
      String oldPath = null;
      if (pathBytes.length == 0) {
        oldPath = RawParseUtils.decode(tokens.get(++i));
        path = RawParseUtils.decode(tokens.get(++i));
      } else {
        path = RawParseUtils.decode(pathBytes);
      }
      rows.add(new Row(path, oldPath, count(added), count(deleted)));
    }
    sink.accept(sha, rows);
  }

  private static Long count(String s) {
    return s.equals("-") ? null : Long.parseLong(s);
  }

  private static List<byte[]> split(byte[] record) {
    var out = new ArrayList<byte[]>();
    int start = 0;
    for (int i = 0; i < record.length; i++) {
      if (record[i] == 0) {
        out.add(Arrays.copyOfRange(record, start, i));
        start = i + 1;
      }
    }
    if (start < record.length) {
      out.add(Arrays.copyOfRange(record, start, record.length));
    }
    return out;
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    throw new IllegalArgumentException("unexpected numstat field: " + ascii(a));
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
