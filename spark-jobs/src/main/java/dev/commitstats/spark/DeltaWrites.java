package dev.commitstats.spark;

import dev.commitstats.model.DeltaTables;
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
public final class DeltaWrites {
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

  public void overwrite(String table, Dataset<Row> rows) {
    overwrite(table, rows, null);
  }

  /**
   * Overwrites the whole table (its schema too), or with {@code replaceWhere} only the rows that
   * predicate selects (the rows written must all satisfy it), once per run number.
   */
  private void overwrite(String table, Dataset<Row> rows, String replaceWhere) {
    var writer =
        rows.write()
            .format("delta")
            .mode("overwrite")
            .option("txnAppId", APP_ID_PREFIX + table)
            .option("txnVersion", runSeq);
    if (replaceWhere == null) {
      writer.option("overwriteSchema", "true");
    } else {
      writer.option("replaceWhere", replaceWhere);
    }
    codec(table, writer).save(lake.delta(table));
  }

  /** The history tables: the bulk of the lake, what Athena's users scan whole. */
  private static final java.util.Set<String> HISTORY =
      java.util.Set.of(
          DeltaTables.COMMITS, DeltaTables.FILE_CHANGES, DeltaTables.DEPENDENCY_CHANGES);

  /**
   * A table's Parquet codec. The history tables take the session's, zstd ({@link SparkSessions}):
   * 0.68-0.75x the bytes of snappy, which is what Athena bills and S3 keeps. The others, the
   * per-user and per-repository tables rewritten each run and read one user at a time by the API,
   * are snappy: DuckDB decodes it faster, and a user's rows are far below Athena's 10 MB billed per
   * query (the API uncached on the 100k bench lake, p50, two runs each: /cv 18.5 and 19.8 ms with
   * snappy against 22.6 and 23.6 ms with zstd, the digest 24.1-25.3 against 26.1-28.6 ms;
   * 2026-12-06).
   */
  private static <W extends org.apache.spark.sql.DataFrameWriter<Row>> W codec(
      String table, W writer) {
    if (!HISTORY.contains(table)) {
      writer.option("compression", "snappy");
    }
    return writer;
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
      codec(
              table,
              kept.write()
                  .format("delta")
                  .mode("append")
                  .option("mergeSchema", "true") // a log written before a column was added gains it
                  .option("txnAppId", APP_ID_PREFIX + table + step)
                  .option("txnVersion", runSeq))
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
   * The rows of a user-grain table recomputed for some users: the whole table rewritten from {@code
   * recomputed} ({@code rewrite}, when the rows cover every user), or the other users' stored rows
   * plus {@code recomputed}, in one overwrite. The user tables are small (rows per user, not per
   * commit), so rewriting them whole costs less than a MERGE (measured 0.4 against 1.1 s in a warm
   * session, and a first MERGE in a new JVM 8 s).
   *
   * @param affected the users recomputed (one column, {@code user_id})
   */
  public void replaceUsers(
      String table, Dataset<Row> recomputed, Dataset<Row> affected, boolean rewrite) {
    if (rewrite) {
      overwrite(table, recomputed);
    } else if (!affected.isEmpty()) {
      overwrite(table, storedOutside(read(table), affected, List.of("user_id"), recomputed));
    }
  }

  /**
   * {@link #replaceUsers}, the rows range-partitioned by user into files of about {@link
   * #SORTED_USER_FILE_ROWS} rows and sorted by {@code sortBy} (user first) inside: a one-user query
   * (the API's digest) reads the one file whose user range holds the user (Parquet statistics).
   */
  public void replaceUsersSorted(
      String table,
      Dataset<Row> recomputed,
      Dataset<Row> affected,
      boolean rewrite,
      List<String> sortBy) {
    Dataset<Row> content;
    if (rewrite) {
      content = recomputed.localCheckpoint();
    } else if (!affected.isEmpty()) {
      content = storedOutside(read(table), affected, List.of("user_id"), recomputed);
    } else {
      return;
    }
    long rows = content.count();
    int files = (int) Math.max(1, Math.min(64, rows / SORTED_USER_FILE_ROWS));
    overwrite(
        table,
        content
            .repartitionByRange(files, functions.col("user_id"))
            .sortWithinPartitions(cols(sortBy)));
  }

  /** Rows per file of a user table written sorted ({@link #replaceUsersSorted}). */
  static final long SORTED_USER_FILE_ROWS = 50_000;

  /** One weekly table's recomputed rows and its in-file sort order (user first). */
  public record WeekTable(String table, Dataset<Row> recomputed, List<String> sortBy) {}

  /**
   * Makes the rows of each user-week table in a week range equal to its stored rows outside the
   * affected user-weeks plus its recomputed rows (the affected user-weeks' rows), in one overwrite
   * of that range per table (Delta's {@code replaceWhere}); with {@code range} null, each whole
   * table is its recomputed rows. An incremental run (a range) writes the tables side by side.
   *
   * <p>Files are laid out for both readers: range-partitioned by week, with the newest week and the
   * {@link #RECENT_WEEKS} before it in a small file of their own (the next incremental run reads
   * and replaces only its weeks' files) and sorted by {@code sortBy} (user first) inside each file,
   * in row groups of about {@link #WEEKLY_ROW_GROUP_BYTES}, so that a query for one user's weeks
   * (the API) reads one row group per file instead of the whole file.
   *
   * @param affected the user-weeks recomputed ({@code user_id}, {@code week_start})
   * @param range an SQL predicate on {@code week_start} true for every affected user-week
   */
  void replaceWeeks(Dataset<Row> affected, String range, List<WeekTable> tables) {
    if (range != null && affected.isEmpty()) {
      return;
    }
    withRowGroupBytes(
        WEEKLY_ROW_GROUP_BYTES,
        () ->
            Concurrently.run(
                range != null,
                tables.stream()
                    .map(t -> (Runnable) () -> replaceWeeks(t, affected, range))
                    .toList()));
  }

  private void replaceWeeks(WeekTable t, Dataset<Row> affected, String range) {
    Dataset<Row> content =
        range == null
            ? t.recomputed()
            : storedOutside(
                read(t.table()).where(range),
                affected,
                List.of("user_id", "week_start"),
                t.recomputed());
    Row stats = content.agg(functions.count(functions.lit(1)), functions.max("week_start")).first();
    long rows = stats.getLong(0);
    Dataset<Row> files;
    if (stats.isNullAt(1)) {
      files = content;
    } else {
      // The newest weeks get a file of their own: a refresh replaces them, not a big file. (A
      // null week, which the weekly tables never hold, would stay with the older rows, not be
      // lost.)
      Column recent =
          functions.coalesce(
              functions
                  .col("week_start")
                  .geq(functions.date_sub(functions.lit(stats.get(1)), RECENT_WEEKS * 7)),
              functions.lit(false));
      files =
          content
              .where(functions.not(recent))
              .repartitionByRange(
                  (int) Math.max(1, Math.min(200, rows / 250_000)), functions.col("week_start"))
              .union(content.where(recent).coalesce(1));
    }
    overwrite(t.table(), files.sortWithinPartitions(cols(t.sortBy())), range);
  }

  /**
   * Weeks, before the newest week written, kept in the weekly tables' last file. A refresh's week
   * range is usually the newest week or two; Delta's {@code replaceWhere} rewrites every file that
   * range touches, so that file stays small (a few weeks of rows) instead of a range-partitioned
   * file of months. Weeks older than this that a refresh touches (a repository added with its
   * history) rewrite their range's files, as before.
   */
  static final int RECENT_WEEKS = 4;

  /**
   * The stored rows outside the affected slices plus the recomputed rows (of those slices),
   * materialized: the new content of what a run rewrites.
   */
  private static Dataset<Row> storedOutside(
      Dataset<Row> stored, Dataset<Row> affected, List<String> slice, Dataset<Row> recomputed) {
    return stored
        .join(affected, toSeq(slice), "left_anti")
        .unionByName(recomputed)
        .localCheckpoint();
  }

  /**
   * Parquet row-group size of the weekly tables: about 50,000 user-week rows, small enough that a
   * one-user query skips most of a file, large enough that the per-row-group cost of a reader
   * (DuckDB measured 4x slower at 1,000-row groups than at 16,000-65,000) stays small.
   */
  static final long WEEKLY_ROW_GROUP_BYTES = 1L << 20;

  /** Runs a write with Parquet row groups of {@code bytes} (the session's setting is restored). */
  private void withRowGroupBytes(long bytes, Runnable write) {
    String key = "parquet.block.size";
    scala.Option<String> before = spark.conf().getOption(key);
    spark.conf().set(key, bytes);
    try {
      write.run();
    } finally {
      if (before.isDefined()) {
        spark.conf().set(key, before.get());
      } else {
        spark.conf().unset(key);
      }
    }
  }

  private static String on(List<String> keys) {
    return keys.stream().map(k -> "t." + k + " <=> s." + k).collect(Collectors.joining(" AND "));
  }

  private static Map<String, String> assignments(String[] columns) {
    var m = new LinkedHashMap<String, String>();
    for (String c : columns) {
      m.put(c, "s." + c);
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
