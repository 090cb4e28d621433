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

  /**
   * @param localThreads threads of a local session (ignored when a master is configured)
   * @param shufflePartitions partitions of shuffles: small tables want few
   */
  public static SparkSession create(String appName, int localThreads, int shufflePartitions) {
    SparkConf conf = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!conf.contains("spark.master")) {
      builder
          .master("local[" + localThreads + "]")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config(
              "spark.sql.warehouse.dir",
              System.getProperty("java.io.tmpdir") + "/commitstats-spark-warehouse")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          // Delta replays its log with 50 partitions by default: a cluster's number. Locally one:
          // the state of a table is a few thousand actions, and each scan of a table filters it
          // in a job of that many tasks (a 1% refresh of the 1M-commit bench lake: 291 tasks
          // instead of 473 with 4 partitions, 33 s of job time instead of 43 s).
          .config("spark.databricks.delta.snapshotPartitions", "1")
          // Local files without Hadoop's per-file chmod and readlink processes.
          .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
          .config("spark.hadoop.fs.file.impl.disable.cache", "true")
          .config(
              "spark.hadoop.fs.AbstractFileSystem.file.impl",
              NioLocalFileSystem.Fs.class.getName());
    }
    return builder
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // ISO weeks and dates are UTC, whatever the machine's zone.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
        // Compiled query code is kept by its source: with room for a few runs' worth (Spark keeps
        // 100), the runs of a refreshing process (transform --every) reuse the classes their
        // previous runs compiled instead of compiling and JIT-warming them again (a 1% refresh of
        // the 1M-commit bench lake: 38-44 s, 35 s and then 32 s with it).
        .config("spark.sql.codegen.cache.maxEntries", "2000")
        // Plain INT64 microseconds: what Athena, DuckDB and Delta Kernel read without surprises.
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        // Athena reads no deletion vectors: new tables are created without them.
        .config("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false")
        .config("spark.databricks.delta.merge.repartitionBeforeWrite.enabled", "true")
        // Each commit's checksum file (computed from the previous one, no job) lets the next
        // snapshot of the table take its protocol, metadata and transactions from it instead of a
        // job over the log: a 1% refresh of the 1M-commit bench lake ran 219 Spark jobs instead of
        // 243 (23.4/24.4 s against 25.1-27.6 s, warm).
        .config("spark.databricks.delta.writeChecksumFile.enabled", "true")
        // Spark's status store keeps the last 1,000 SQL executions and jobs with their plans and
        // metrics even with the UI off, and drops them in batches: a refreshing process (transform
        // --every, about 200 jobs a run) grew a 360-1,260 MB sawtooth of them over 50 runs of a
        // 10k-commit lake. Nothing reads them here; keep a few runs' worth for a debugging UI.
        .config("spark.sql.ui.retainedExecutions", "50")
        .config("spark.ui.retainedJobs", "100")
        .config("spark.ui.retainedStages", "100")
        .config("spark.ui.retainedTasks", "10000")
        .config("spark.ui.dagGraph.retainedRootRDDs", "100")
        .getOrCreate();
  }
}
