package dev.commitstats.spark;

/**
 * Every user-facing error of the transform, worded once: what went wrong, why, how to fix it. They
 * are argument errors (exit status 2 on the command line), as a wrong lake or config is.
 */
final class TransformErrors {
  private TransformErrors() {}

  /** The one exception family of the Spark jobs' own checks. */
  static final class TransformException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TransformException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static TransformException noRawLayer(String lake) {
    return new TransformException(
        "lake " + lake + " has no raw layer: run ./commitstats ingest --lake " + lake + " first",
        null);
  }

  static TransformException badPeriod(String text) {
    return new TransformException(
        "--every "
            + text
            + " is not a period: write a positive number and s, m or h, e.g. --every 15m",
        null);
  }

  static TransformException runsWithoutEvery(int runs) {
    return new TransformException(
        "--runs " + runs + " needs --every and a count of at least 1, e.g. --every 15m --runs 4",
        null);
  }

  static TransformException configMissing(String location, Throwable cause) {
    return new TransformException(
        "config file " + location + " does not exist: check the --config path", cause);
  }

  /**
   * A run that failed on a damaged Delta table (its log or checkpoint cut, garbled or missing): the
   * table and the repair, in one line; or null when the failure is not that.
   */
  static String damagedTable(Throwable e, String lake) {
    String table = null;
    boolean delta = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()) + " " + t.getClass().getName();
      if (m.contains("_delta_log")
          || m.contains("checkpoint")
          || m.contains("DeltaLog")
          || m.contains("io.delta")
          || m.contains("DELTA_")) {
        delta = true;
      }
      if (table == null) {
        for (String name : dev.commitstats.model.DeltaTables.ALL) {
          if (m.contains("/" + dev.commitstats.model.DeltaTables.path(name) + "/")
              || m.contains("/" + dev.commitstats.model.DeltaTables.path(name) + "`")
              || m.endsWith("/" + dev.commitstats.model.DeltaTables.path(name))) {
            table = name;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (!delta || table == null) {
      return null;
    }
    return "the Delta table "
        + dev.commitstats.model.DeltaTables.path(table)
        + " of lake "
        + lake
        + " cannot be read: its log or checkpoint is damaged ("
        + firstLine(e)
        + "). Repair: restore its _delta_log from a backup (S3 versioning keeps old versions), or"
        + " delete "
        + dev.commitstats.model.DeltaTables.path(table)
        + " and run ./commitstats transform --full, which rebuilds every table from the raw layer";
  }

  /**
   * A run that stopped because a disk is full: the lake's folder, or Spark's local folder for its
   * shuffle and spill files (java.io.tmpdir unless spark.local.dir says otherwise). Delta commits
   * are atomic, so every table is at a version it committed; the next run resumes this one.
   */
  static String diskFull(String lake) {
    return "the run stopped: no space left on device, on the disk of the lake "
        + lake
        + " or of Spark's local folder "
        + System.getProperty("java.io.tmpdir")
        + ". Every table keeps its last committed version (files a stopped write left are not part"
        + " of any table). Free some space there, then run ./commitstats transform again; it resumes"
        + " this run";
  }

  /**
   * A run the object store stopped: S3 failed one request more often than the retries allow (s3a
   * and Glue's file system retry 500s, 503 SlowDown, timeouts and cut connections with backoff).
   * Names the lake and the store's answer; Delta commits are atomic, so every table is at a version
   * it committed and the next run resumes this one.
   */
  static String objectStore(String lake, Throwable storeError) {
    return "the run stopped: the lake "
        + lake
        + " could not be read or written after retries ("
        + oneLine(storeError)
        + "). Every table keeps its last committed version. Run ./commitstats transform again once"
        + " the store answers (it resumes this run); if it persists, check the bucket, its"
        + " permissions and the network";
  }

  /**
   * The failure of the object store's client in {@code e}'s causes (s3a's, Glue's EMRFS, the AWS
   * SDKs'), or null.
   */
  static Throwable objectStoreCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String name = t.getClass().getName();
      if (name.startsWith("org.apache.hadoop.fs.s3a.")
          || name.startsWith("com.amazonaws.")
          || name.startsWith("com.amazon.ws.emr.hadoop.fs.")
          || name.startsWith("software.amazon.awssdk.")) {
        return t;
      }
    }
    return null;
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }

  /** The first line of the innermost message. */
  static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return oneLine(root);
  }

  /** Writes the full trace of a failure to a log file (never the terminal); its path. */
  static java.nio.file.Path traceFile(Throwable e) {
    try {
      java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
      java.nio.file.Path f =
          java.nio.file.Files.createTempFile(dir, "commitstats-transform-failure-", ".log");
      var sw = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(sw));
      java.nio.file.Files.writeString(f, sw.toString());
      return f;
    } catch (java.io.IOException io) {
      return null;
    }
  }
}
