package dev.commitstats.spark;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The write patterns of the transform, each safe to repeat after a crash.
 *
 * <p>Appends and overwrites carry Delta's idempotent-write marks ({@code txnAppId} = table, {@code
 * txnVersion} = transform run number): a rerun of the same run number after a crash skips a write
 * that already committed. MERGEs are idempotent by construction: they set rows to values computed
 * from the lake, so repeating one changes nothing.
 */
final class DeltaWrites {
  private static final String APP_ID_PREFIX = "commitstats-transform:";
  private final SparkSession spark;
  private final LakePaths lake;
  private final long runSeq;

  DeltaWrites(SparkSession spark, LakePaths lake, long runSeq) {
    this.spark = spark;
    this.lake = lake;
    this.runSeq = runSeq;
  }

  /** The same writer for another run number. */
  DeltaWrites withRun(long seq) {
    return new DeltaWrites(spark, lake, seq);
  }

  Dataset<Row> read(String table) {
    return spark.read().format("delta").load(lake.delta(table));
  }

  void overwrite(String table, Dataset<Row> rows) {
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .option("txnAppId", APP_ID_PREFIX + table)
        .option("txnVersion", runSeq)
        .save(lake.delta(table));
  }

  /** Appends rows (nothing when there are none), once per run number. */
  long append(String table, Dataset<Row> rows) {
    return append(table, "", rows);
  }

  /** Appends rows once per run number and {@code step} (for tables appended to twice a run). */
  long append(String table, String step, Dataset<Row> rows) {
    Dataset<Row> kept = rows.localCheckpoint();
    long n = kept.count();
    if (n > 0) {
      kept.write()
          .format("delta")
          .mode("append")
          .option("txnAppId", APP_ID_PREFIX + table + step)
          .option("txnVersion", runSeq)
          .save(lake.delta(table));
    }
    return n;
  }

  /** Inserts new keys and updates existing ones with the source's values ({@code updateWhen}). */
  long upsert(String table, Dataset<Row> source, List<String> keys, String updateWhen) {
    Dataset<Row> kept = source.localCheckpoint();
    long n = kept.count();
    if (n == 0) {
      return 0;
    }
    Map<String, String> all = assignments(read(table).columns());
    var merge = DeltaTable.forPath(spark, lake.delta(table)).as("t").merge(kept.as("s"), on(keys));
    (updateWhen == null ? merge.whenMatched() : merge.whenMatched(updateWhen))
        .updateExpr(all)
        .whenNotMatched()
        .insertExpr(all)
        .execute();
    return n;
  }

  /**
   * The slices of a table a run recomputed (e.g. users, or user-weeks).
   *
   * @param columns the columns that name a slice
   * @param affected the slices recomputed (rows of {@code columns})
   * @param targetFilter a predicate on the table's columns, qualified as {@code t.}, true for every
   *     affected row (e.g. a week range), so that Delta skips the other files; or null
   */
  record Slices(List<String> columns, Dataset<Row> affected, String targetFilter) {}

  /**
   * The rows of a table recomputed for some slices: the whole table rewritten ({@code rewrite},
   * when the rows cover every slice), its files clustered by {@code clusterBy} when given, or only
   * those slices replaced ({@link #replaceSlices}).
   */
  void replace(
      String table,
      Dataset<Row> recomputed,
      List<String> keys,
      Slices slices,
      boolean rewrite,
      String clusterBy) {
    if (!rewrite) {
      replaceSlices(table, recomputed, keys, slices);
    } else if (clusterBy == null) {
      overwrite(table, recomputed);
    } else {
      long rows = recomputed.count();
      overwrite(
          table,
          recomputed.repartitionByRange(
              (int) Math.max(1, Math.min(200, rows / 250_000)), functions.col(clusterBy)));
    }
  }

  /**
   * Makes the target's rows in the affected slices equal to {@code recomputed}: rows of those
   * slices missing from it are deleted, the others updated or inserted. Rows outside the slices are
   * not rewritten (nor read, where the slices' filter lets Delta skip their files).
   */
  long replaceSlices(String table, Dataset<Row> recomputed, List<String> keys, Slices slices) {
    Dataset<Row> target =
        slices.targetFilter() == null
            ? read(table)
            : read(table).as("t").where(slices.targetFilter());
    Dataset<Row> current = target.join(slices.affected(), toSeq(slices.columns()), "left_semi");
    Dataset<Row> gone =
        current
            .join(recomputed.select(cols(keys)), toSeq(keys), "left_anti")
            .select(cols(keys))
            .withColumn("_op", functions.lit("delete"));
    Dataset<Row> source =
        recomputed
            .withColumn("_op", functions.lit("upsert"))
            .unionByName(gone, true)
            .localCheckpoint();
    long n = source.count();
    if (n == 0) {
      return 0;
    }
    Map<String, String> all = assignments(recomputed.columns());
    String condition =
        slices.targetFilter() == null ? on(keys) : on(keys) + " AND " + slices.targetFilter();
    DeltaTable.forPath(spark, lake.delta(table))
        .as("t")
        .merge(source.as("s"), condition)
        .whenMatched("s._op = 'delete'")
        .delete()
        .whenMatched()
        .updateExpr(all)
        .whenNotMatched("s._op = 'upsert'")
        .insertExpr(all)
        .execute();
    return n;
  }

  private static String on(List<String> keys) {
    return keys.stream().map(k -> "t." + k + " <=> s." + k).collect(Collectors.joining(" AND "));
  }

  private static Map<String, String> assignments(String[] columns) {
    var m = new LinkedHashMap<String, String>();
    for (String c : columns) {
      if (!c.startsWith("_op")) {
        m.put(c, "s." + c);
      }
    }
    return m;
  }

  private static Column[] cols(List<String> names) {
    return names.stream().map(functions::col).toArray(Column[]::new);
  }

  static scala.collection.Seq<String> toSeq(List<String> names) {
    return scala.collection.JavaConverters.asScalaBuffer(names).toList();
  }
}
