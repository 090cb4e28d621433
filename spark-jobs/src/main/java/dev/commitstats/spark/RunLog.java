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
  record Quarantined(String table, String path, String detail) {
    /** The file and why, as results and the terminal name it. */
    String line() {
      return path + ": " + detail;
    }
  }

  /**
   * One row of the log as the plan reads it (with or without Spark): a run's event with its mode
   * and config fingerprint, and for planned files and quarantine notes the raw table and path; a
   * note's detail says why the file was left out.
   */
  record Entry(
      long seq,
      String event,
      String mode,
      String fingerprint,
      String rawTable,
      String path,
      String detail) {}

  /** The columns of {@link Entry}, in its order. */
  static final List<String> ENTRY_COLUMNS =
      List.of("run_seq", "event", "mode", "config_fingerprint", "raw_table", "path", "detail");

  /**
   * What the log makes of the next run: its plan (null when there is nothing to do), and a run
   * interrupted under another config, which the log must mark abandoned before the plan's run
   * starts (null: none).
   */
  record Next(Plan plan, Run abandon) {}

  /**
   * Notes the quarantined files in the log, each once per reason: a file still unreadable, the same
   * size and time as when it was noted, is not noted again.
   */
  void quarantined(
      long seq, String mode, String fingerprint, List<Quarantined> files, DeltaWrites writes) {
    var newest = quarantineNotes(cachedLog);
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

  /** The newest quarantine note of each raw file the log has noted, by path. */
  static Map<String, String> quarantineNotes(List<Entry> log) {
    var newest = new java.util.HashMap<String, String>();
    for (Entry e : log) {
      if (QUARANTINED.equals(e.event()) && e.path() != null) {
        newest.put(e.path(), e.detail());
      }
    }
    return newest;
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
    var log = new ArrayList<Entry>();
    for (Row r : runs().selectExpr(ENTRY_COLUMNS.toArray(String[]::new)).collectAsList()) {
      log.add(
          new Entry(
              r.getLong(0),
              r.getString(1),
              r.getString(2),
              r.getString(3),
              r.getString(4),
              r.getString(5),
              r.getString(6)));
    }
    this.cachedLog = log;
    Next next = next(log, fingerprint, forceFull, listed);
    Run abandon = next.abandon();
    if (abandon != null) {
      writes
          .withRun(abandon.seq())
          .append(
              DeltaTables.TRANSFORM_RUNS,
              ":abandoned",
              rows(
                  abandon.seq(),
                  "abandoned",
                  abandon.mode(),
                  abandon.fingerprint(),
                  Map.of(),
                  null));
    }
    return next.plan();
  }

  /**
   * The next run as the log's rows decide it: an interrupted run is resumed (under the same config)
   * or abandoned for a full run (under another); a config unlike the last finished run's, or {@code
   * forceFull}, is a full run; otherwise the listed files no finished run consumed, if any.
   */
  static Next next(
      List<Entry> log, String fingerprint, boolean forceFull, Map<String, List<String>> listed) {
    // Runs newest first, each with how it ended: "done", "abandoned", or null (interrupted).
    var runs = new java.util.TreeMap<Long, Run>(java.util.Comparator.reverseOrder());
    for (Entry r : log) {
      if (QUARANTINED.equals(r.event())) {
        continue; // a note about a raw file, not an event of a run
      }
      Run run = runs.computeIfAbsent(r.seq(), k -> new Run(k, r.mode(), r.fingerprint(), null));
      if (!"planned".equals(r.event()) && !"done".equals(run.end())) {
        runs.put(r.seq(), new Run(r.seq(), run.mode(), run.fingerprint(), r.event()));
      }
    }
    Run newest = runs.isEmpty() ? null : runs.firstEntry().getValue();
    long last = newest == null ? 0 : newest.seq();
    Run abandon = null;
    if (newest != null && newest.end() == null) {
      if (fingerprint.equals(newest.fingerprint()) && !forceFull) {
        return new Next(
            new Plan(last, newest.mode(), true, fingerprint, plannedFiles(log, last, listed)),
            null);
      }
      // Interrupted under another config: a full run replaces whatever it wrote.
      abandon = newest;
    }
    String lastDoneFingerprint =
        runs.values().stream()
            .filter(r -> "done".equals(r.end()))
            .map(Run::fingerprint)
            .findFirst()
            .orElse(null);
    if (forceFull || lastDoneFingerprint == null || !lastDoneFingerprint.equals(fingerprint)) {
      return new Next(new Plan(last + 1, FULL, false, fingerprint, listed), abandon);
    }
    Set<String> consumed = consumedFiles(log);
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
    return new Next(
        n == 0 ? null : new Plan(last + 1, INCREMENTAL, false, fingerprint, fresh), abandon);
  }

  /** One run of the log: its number, mode, config fingerprint and how it ended (null: open). */
  record Run(long seq, String mode, String fingerprint, String end) {}

  private List<Entry> cachedLog = List.of();

  private static Set<String> consumedFiles(List<Entry> log) {
    var done = new HashSet<Long>();
    for (Entry r : log) {
      if ("done".equals(r.event())) {
        done.add(r.seq());
      }
    }
    var set = new HashSet<String>();
    for (Entry r : log) {
      if ("planned".equals(r.event()) && r.path() != null && done.contains(r.seq())) {
        set.add(r.path());
      }
    }
    return set;
  }

  /** Files an interrupted run planned that are still there (a crashed ingest's may be swept). */
  private static Map<String, List<String>> plannedFiles(
      List<Entry> log, long seq, Map<String, List<String>> listed) {
    var present = new HashSet<String>();
    listed.values().forEach(present::addAll);
    var out = new java.util.LinkedHashMap<String, List<String>>();
    listed.keySet().forEach(k -> out.put(k, new ArrayList<>()));
    for (Entry r : log) {
      if (r.seq() == seq
          && "planned".equals(r.event())
          && r.path() != null
          && present.contains(r.path())) {
        out.computeIfAbsent(r.rawTable(), k -> new ArrayList<>()).add(r.path());
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
