package dev.commitstats.spark;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.TableSchema;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Whether a run would find nothing new, decided without Spark: the raw files listed, the run log
 * ({@code _transform_runs}) read with Delta Kernel, and the same plan {@link RunLog#next} makes of
 * them that the run itself would make. Most scheduled runs find nothing new, and a new process
 * answered that in 10-15 s of starting Spark and reading the log through it; this answers in well
 * under a second of its own.
 *
 * <p>It answers only when it is sure: no new raw file, no interrupted run, the same config as the
 * last finished run, and any file still in the plan one whose ingest batch waits because a file of
 * it is unreadable exactly as the log noted it (the same error, size and time). Anything else — new
 * files, a config change, a run to resume or abandon, a file to note — is the run's to do, and
 * {@link #check} returns null.
 */
final class NothingNew {
  private NothingNew() {}

  /**
   * The result of a run that finds nothing new (with the files still quarantined), or null when the
   * run has something to do or this cannot tell without Spark.
   */
  static TransformJob.Result check(TransformJob.Settings settings, Configuration hadoop) {
    if (settings.full()) {
      return null;
    }
    long start = System.nanoTime();
    LakePaths lake = new LakePaths(settings.lake(), hadoop);
    if (!lake.rawExists()) {
      return null; // the run says what is wrong
    }
    if (!lake.deltaExists(DeltaTables.TRANSFORM_RUNS)) {
      return null; // no run yet: a full run
    }
    List<RunLog.Entry> log = read(lake.delta(DeltaTables.TRANSFORM_RUNS), hadoop);
    RunLog.Next next =
        RunLog.next(
            log, TransformJob.fingerprint(settings.config()), false, Transform.listed(lake));
    if (next.abandon() != null || (next.plan() != null && next.plan().resumed())) {
      return null;
    }
    List<RunLog.Quarantined> waiting =
        next.plan() == null ? List.of() : stillQuarantined(lake, log, next.plan());
    if (waiting == null) {
      return null;
    }
    return TransformJob.Result.nothingNew((System.nanoTime() - start) / 1_000_000, waiting);
  }

  /**
   * The plan's files as the run would quarantine them when every file of the plan waits with its
   * batch for a file the log noted as unreadable, and that file is unreadable as noted; null when
   * the run has something to take or to note.
   */
  private static List<RunLog.Quarantined> stillQuarantined(
      LakePaths lake, List<RunLog.Entry> log, RunLog.Plan plan) {
    Map<String, String> notes = RunLog.quarantineNotes(log);
    var bad = new ArrayList<RunLog.Quarantined>();
    var badBatches = new HashSet<String>();
    for (TableSchema t : Transform.RAW_INPUTS) {
      for (String f : plan.files().getOrDefault(t.name(), List.of())) {
        String noted = notes.get(f);
        if (noted != null) {
          if (!noted.equals(lake.quarantineDetail(f))) {
            return null; // readable again, or unreadable in another way: the run sees to it
          }
          bad.add(new RunLog.Quarantined(t.name(), f, noted));
          badBatches.add(Transform.batch(t, f));
        }
      }
    }
    for (TableSchema t : Transform.RAW_INPUTS) {
      for (String f : plan.files().getOrDefault(t.name(), List.of())) {
        if (notes.containsKey(f)) {
          continue;
        }
        if (!badBatches.contains(Transform.batch(t, f)) || lake.quarantineDetail(f) != null) {
          return null; // a file to transform, or a newly unreadable one to note
        }
      }
    }
    return bad;
  }

  /** The run log's rows (the columns of {@link RunLog.Entry}), read with Delta Kernel. */
  static List<RunLog.Entry> read(String table, Configuration hadoop) {
    Engine engine = DefaultEngine.create(hadoop);
    Snapshot snapshot = Table.forPath(engine, table).getLatestSnapshot(engine);
    StructType schema = snapshot.getSchema(engine);
    StructType columns = new StructType();
    for (String c : RunLog.ENTRY_COLUMNS) {
      if (schema.fieldNames().contains(c)) { // logs written before quarantines had no detail
        columns = columns.add(schema.get(c));
      }
    }
    boolean hasDetail = columns.fieldNames().contains("detail");
    Scan scan = snapshot.getScanBuilder(engine).withReadSchema(engine, columns).build();
    Row state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(engine, state);
    var out = new ArrayList<RunLog.Entry>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            Row file = fileRows.next();
            var data =
                engine
                    .getParquetHandler()
                    .readParquetFiles(
                        Utils.singletonCloseableIterator(
                            InternalScanFileUtils.getAddFileStatus(file)),
                        physical,
                        Optional.empty());
            try (CloseableIterator<FilteredColumnarBatch> batches =
                Scan.transformPhysicalData(engine, state, file, data)) {
              while (batches.hasNext()) {
                try (CloseableIterator<Row> rows = batches.next().getRows()) {
                  while (rows.hasNext()) {
                    Row r = rows.next();
                    out.add(
                        new RunLog.Entry(
                            r.getLong(0),
                            string(r, 1),
                            string(r, 2),
                            string(r, 3),
                            string(r, 4),
                            string(r, 5),
                            hasDetail ? string(r, 6) : null));
                  }
                }
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the run log " + table, e);
    }
    return out;
  }

  private static String string(Row r, int i) {
    return r.isNullAt(i) ? null : r.getString(i);
  }
}
