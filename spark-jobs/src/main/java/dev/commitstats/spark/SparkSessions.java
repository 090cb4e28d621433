package dev.commitstats.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one way jobs get a session. On Glue the master and cluster settings come from Glue (the
 * {@code --datalake-formats delta} job parameter adds Delta too, which this repeats harmlessly);
 * anywhere else it is a local session sized for a laptop or CI runner.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** A session of {@link #conf}'s settings. */
  public static SparkSession create(String appName, int localThreads, int shufflePartitions) {
    return SparkSession.builder()
        .config(conf(appName, localThreads, shufflePartitions))
        .getOrCreate();
  }

  /** Local files without Hadoop's per-file chmod, readlink and ls processes (a local session's). */
  private static final java.util.Map<String, String> LOCAL_FILES =
      java.util.Map.of(
          "fs.file.impl",
          NioLocalFileSystem.class.getName(),
          "fs.file.impl.disable.cache",
          "true",
          "fs.AbstractFileSystem.file.impl",
          NioLocalFileSystem.Fs.class.getName());

  /**
   * The Hadoop configuration a session of {@link #conf} would get for its file systems — the
   * system's {@code spark.hadoop.*} properties, and a local session's local files — without
   * starting one or loading Spark's own settings (which alone took seconds of a new process).
   */
  public static org.apache.hadoop.conf.Configuration hadoopConfiguration() {
    var hadoop = new org.apache.hadoop.conf.Configuration();
    if (System.getProperty("spark.master") == null) {
      LOCAL_FILES.forEach(hadoop::set);
    }
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("spark.hadoop.")) {
        hadoop.set(key.substring("spark.hadoop.".length()), System.getProperty(key));
      }
    }
    return hadoop;
  }

  /**
   * A session's settings: the system's {@code spark.*} properties (Glue's), and ours.
   *
   * @param localThreads threads of a local session (ignored when a master is configured)
   * @param shufflePartitions partitions of shuffles: small tables want few
   */
  private static SparkConf conf(String appName, int localThreads, int shufflePartitions) {
    SparkConf conf = new SparkConf(true).setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + localThreads + "]")
          .set("spark.ui.enabled", "false")
          .set("spark.ui.showConsoleProgress", "false")
          .set(
              "spark.sql.warehouse.dir",
              System.getProperty("java.io.tmpdir") + "/commitstats-spark-warehouse")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1")
          // Delta replays its log with 50 partitions by default: a cluster's number. Locally one:
          // the state of a table is a few thousand actions, and each scan of a table filters it
          // in a job of that many tasks (a 1% refresh of the 1M-commit bench lake: 291 tasks
          // instead of 473 with 4 partitions, 33 s of job time instead of 43 s).
          .set("spark.databricks.delta.snapshotPartitions", "1");
      LOCAL_FILES.forEach((k, v) -> conf.set("spark.hadoop." + k, v));
    }
    return conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // ISO weeks and dates are UTC, whatever the machine's zone.
        .set("spark.sql.session.timeZone", "UTC")
        .set("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
        // Compiled query code is kept by its source: with room for a few runs' worth (Spark keeps
        // 100), the runs of a refreshing process (transform --every) reuse the classes their
        // previous runs compiled instead of compiling and JIT-warming them again (a 1% refresh of
        // the 1M-commit bench lake: 38-44 s, 35 s and then 32 s with it).
        .set("spark.sql.codegen.cache.maxEntries", "2000")
        // Plain INT64 microseconds: what Athena, DuckDB and Delta Kernel read without surprises.
        .set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        // zstd instead of Spark's snappy for the history tables (DeltaWrites.codec: the others stay
        // snappy): the 100k-commit bench lake's commits and file_changes take 0.68-0.69x the
        // bytes (Athena bills the bytes it scans, S3 the bytes it keeps) for the same full-run
        // time (68.8 against 69.0 s median, 3 rounds, 2026-12-06); Athena, Trino, DuckDB and Delta
        // Kernel (zstd-jni, beside parquet-hadoop) all read it.
        // -Dspark.sql.parquet.compression.codec
        // still sets it.
        .setIfMissing("spark.sql.parquet.compression.codec", "zstd")
        // Athena reads no deletion vectors: new tables are created without them.
        .set("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false")
        .set("spark.databricks.delta.merge.repartitionBeforeWrite.enabled", "true")
        // Each commit's checksum file (computed from the previous one, no job) lets the next
        // snapshot of the table take its protocol, metadata and transactions from it instead of a
        // job over the log: a 1% refresh of the 1M-commit bench lake ran 219 Spark jobs instead of
        // 243 (23.4/24.4 s against 25.1-27.6 s, warm).
        .set("spark.databricks.delta.writeChecksumFile.enabled", "true")
        // Spark's status store keeps the last 1,000 SQL executions and jobs with their plans and
        // metrics even with the UI off, and drops them in batches: a refreshing process (transform
        // --every, about 200 jobs a run) grew a 360-1,260 MB sawtooth of them over 50 runs of a
        // 10k-commit lake. Nothing reads them here; keep a few runs' worth for a debugging UI.
        .set("spark.sql.ui.retainedExecutions", "50")
        .set("spark.ui.retainedJobs", "100")
        .set("spark.ui.retainedStages", "100")
        .set("spark.ui.retainedTasks", "10000")
        .set("spark.ui.dagGraph.retainedRootRDDs", "100");
  }
}
