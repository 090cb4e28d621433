package dev.commitstats.spark;

import dev.commitstats.model.DeltaTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The transform's watermark, kept in the Delta table {@code _transform_runs}: before a run writes
 * anything it appends its plan (the raw files it consumes, its mode and config fingerprint); its
 * last write appends {@code done}. A run that has a plan but no {@code done} was interrupted, and
 * the next run repeats it with the same files and run number, so that idempotent writes skip what
 * already committed. Files of finished runs are never consumed again.
 */
final class RunLog {
  static final StructType SCHEMA =
      new StructType()
          .add("run_seq", DataTypes.LongType, false)
          .add("event", DataTypes.StringType, false)
          .add("mode", DataTypes.StringType, false)
          .add("config_fingerprint", DataTypes.StringType, false)
          .add("raw_table", DataTypes.StringType, true)
          .add("path", DataTypes.StringType, true)
          .add("transform_run_id", DataTypes.StringType, false)
          .add("at", DataTypes.TimestampType, false)
          .add("detail", DataTypes.StringType, true);

  static final String QUARANTINED = "quarantined";
  static final String FULL = "full";
  static final String INCREMENTAL = "incremental";

  /** What a run consumes: raw files by raw table name (relative to the lake root). */
  record Plan(
      long seq, String mode, boolean resumed, String fingerprint, Map<String, List<String>> files) {
    boolean full() {
      return FULL.equals(mode);
    }

    int fileCount() {
      return files.values().stream().mapToInt(List::size).sum();
    }
  }

  private final SparkSession spark;
  private final LakePaths lake;
  private final boolean exists;

  RunLog(SparkSession spark, LakePaths lake) {
    this.spark = spark;
    this.lake = lake;
    this.exists =
        io.delta.tables.DeltaTable.isDeltaTable(spark, lake.delta(DeltaTables.TRANSFORM_RUNS));
  }

  private Dataset<Row> runs() {
    Dataset<Row> d = spark.read().format("delta").load(lake.delta(DeltaTables.TRANSFORM_RUNS));
    // logs written before quarantines had no detail column
    return java.util.Arrays.asList(d.columns()).contains("detail")
        ? d
        : d.withColumn("detail", org.apache.spark.sql.functions.lit(null).cast("string"));
  }

  /** A raw file left out of a run because it cannot be read, and why. */
  record Quarantined(String table, String path, String detail) {}

  /**
   * Notes the quarantined files in the log, each once per reason: a file still unreadable, the same
   * size and time as when it was noted, is not noted again.
   */
  void quarantined(
      long seq, String mode, String fingerprint, List<Quarantined> files, DeltaWrites writes) {
    var newest = new java.util.HashMap<String, String>();
    for (Row r : cachedLog) {
      if (QUARANTINED.equals(r.getString(1)) && !r.isNullAt(5)) {
        newest.put(r.getString(5), r.isNullAt(6) ? null : r.getString(6));
      }
    }
    Timestamp now = Timestamp.from(Instant.now());
    var rows = new ArrayList<Row>();
    for (Quarantined q : files) {
      if (!q.detail().equals(newest.get(q.path()))) {
        rows.add(
            RowFactory.create(
                seq, QUARANTINED, mode, fingerprint, q.table(), q.path(), "-", now, q.detail()));
      }
    }
    if (!rows.isEmpty()) {
      // a run with nothing else to do keeps its number for the next: the step names the notes,
      // so Delta's once-per-(step, run) guard does not drop a later, different note
      String step =
          ":quarantined-"
              + Integer.toHexString(
                  files.stream().map(q -> q.path() + q.detail()).toList().hashCode());
      writes
          .withRun(seq)
          .append(DeltaTables.TRANSFORM_RUNS, step, spark.createDataFrame(rows, SCHEMA));
    }
  }

  /**
   * The next run's plan, or null when there is nothing to do (an incremental run without new raw
   * files).
   *
   * @param listed every published raw file now, by raw table
   */
  Plan plan(
      String fingerprint, boolean forceFull, Map<String, List<String>> listed, DeltaWrites writes) {
    if (!exists) {
      return new Plan(1, FULL, false, fingerprint, listed);
    }
    // The log is small (one row per consumed file): read it once, decide here.
    List<Row> log =
        runs()
            .select("run_seq", "event", "mode", "config_fingerprint", "raw_table", "path", "detail")
            .collectAsList();
    // Runs newest first, each with how it ended: "done", "abandoned", or null (interrupted).
    var runs = new java.util.TreeMap<Long, Run>(java.util.Comparator.reverseOrder());
    for (Row r : log) {
      long seq = r.getLong(0);
      if (QUARANTINED.equals(r.getString(1))) {
        continue; // a note about a raw file, not an event of a run
      }
      Run run = runs.computeIfAbsent(seq, k -> new Run(k, r.getString(2), r.getString(3), null));
      String event = r.getString(1);
      if (!"planned".equals(event) && !"done".equals(run.end())) {
        runs.put(seq, new Run(seq, run.mode(), run.fingerprint(), event));
      }
    }
    this.cachedLog = log;
    Run newest = runs.isEmpty() ? null : runs.firstEntry().getValue();
    long last = newest == null ? 0 : newest.seq();
    if (newest != null && newest.end() == null) {
      if (fingerprint.equals(newest.fingerprint()) && !forceFull) {
        return new Plan(last, newest.mode(), true, fingerprint, plannedFiles(last, listed));
      }
      // Interrupted under another config: a full run replaces whatever it wrote.
      writes
          .withRun(last)
          .append(
              DeltaTables.TRANSFORM_RUNS,
              ":abandoned",
              rows(last, "abandoned", newest.mode(), newest.fingerprint(), Map.of(), null));
    }
    String lastDoneFingerprint =
        runs.values().stream()
            .filter(r -> "done".equals(r.end()))
            .map(Run::fingerprint)
            .findFirst()
            .orElse(null);
    if (forceFull || lastDoneFingerprint == null || !lastDoneFingerprint.equals(fingerprint)) {
      return new Plan(last + 1, FULL, false, fingerprint, listed);
    }
    Set<String> consumed = consumedFiles();
    var fresh = new java.util.LinkedHashMap<String, List<String>>();
    int n = 0;
    for (var e : listed.entrySet()) {
      var kept = new ArrayList<String>();
      for (String f : e.getValue()) {
        if (!consumed.contains(f)) {
          kept.add(f);
        }
      }
      n += kept.size();
      fresh.put(e.getKey(), kept);
    }
    return n == 0 ? null : new Plan(last + 1, INCREMENTAL, false, fingerprint, fresh);
  }

  /** One run of the log: its number, mode, config fingerprint and how it ended (null: open). */
  private record Run(long seq, String mode, String fingerprint, String end) {}

  private List<Row> cachedLog = List.of();

  private Set<String> consumedFiles() {
    var done = new HashSet<Long>();
    for (Row r : cachedLog) {
      if ("done".equals(r.getString(1))) {
        done.add(r.getLong(0));
      }
    }
    var set = new HashSet<String>();
    for (Row r : cachedLog) {
      if ("planned".equals(r.getString(1)) && !r.isNullAt(5) && done.contains(r.getLong(0))) {
        set.add(r.getString(5));
      }
    }
    return set;
  }

  /** Files an interrupted run planned that are still there (a crashed ingest's may be swept). */
  private Map<String, List<String>> plannedFiles(long seq, Map<String, List<String>> listed) {
    var present = new HashSet<String>();
    listed.values().forEach(present::addAll);
    var out = new java.util.LinkedHashMap<String, List<String>>();
    listed.keySet().forEach(k -> out.put(k, new ArrayList<>()));
    for (Row r : cachedLog) {
      if (r.getLong(0) == seq
          && "planned".equals(r.getString(1))
          && !r.isNullAt(5)
          && present.contains(r.getString(5))) {
        out.computeIfAbsent(r.getString(4), k -> new ArrayList<>()).add(r.getString(5));
      }
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  void planned(Plan plan, String transformRunId, DeltaWrites writes) {
    writes.append(
        DeltaTables.TRANSFORM_RUNS,
        ":planned",
        rows(plan.seq(), "planned", plan.mode(), plan.fingerprint(), plan.files(), transformRunId));
  }

  void done(Plan plan, String transformRunId, DeltaWrites writes) {
    writes.append(
        DeltaTables.TRANSFORM_RUNS,
        ":done",
        rows(plan.seq(), "done", plan.mode(), plan.fingerprint(), Map.of(), transformRunId));
  }

  private Dataset<Row> rows(
      long seq,
      String event,
      String mode,
      String fingerprint,
      Map<String, List<String>> files,
      String transformRunId) {
    Timestamp now = Timestamp.from(Instant.now());
    String id = transformRunId == null ? "-" : transformRunId;
    var rows = new ArrayList<Row>();
    rows.add(RowFactory.create(seq, event, mode, fingerprint, null, null, id, now, null));
    files.forEach(
        (table, paths) ->
            paths.forEach(
                p ->
                    rows.add(
                        RowFactory.create(
                            seq, event, mode, fingerprint, table, p, id, now, null))));
    return spark.createDataFrame(rows, SCHEMA);
  }
}
