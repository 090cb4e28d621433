package dev.commitstats.spark.bench;

import dev.commitstats.model.config.CommitStatsConfig;
import dev.commitstats.spark.JobArgs;
import dev.commitstats.spark.SparkSessions;
import dev.commitstats.spark.TransformJob;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The transform benchmark's warm-process half (bench/transform-incremental.sh): in one JVM, as
 * {@code transform --every} runs them, a full run over a synthetic raw lake, 1% newer commits
 * written as another ingest run, the incremental run, and a run with nothing new. Prints each run's
 * time and the incremental/full ratio.
 *
 * <pre>--lake DIR (raw layer of --commits N commits, no Delta tables yet) --commits N</pre>
 */
public final class WarmRefreshBench {
  private WarmRefreshBench() {}

  public static void main(String[] args) {
    JobArgs a = JobArgs.parse(args, Set.of("lake", "commits"), Set.of());
    String lake = a.required("lake", "DIR");
    long commits = Long.parseLong(a.required("commits", "1000000"));
    SparkSession spark = SparkSessions.create("commitstats-warm-bench", 2, 4);
    try {
      var settings = new TransformJob.Settings(lake, CommitStatsConfig.empty(), false);
      long t0 = System.nanoTime();
      TransformJob.Result full = TransformJob.run(spark, settings);
      double fullSecs = (System.nanoTime() - t0) / 1e9;
      SyntheticLake.write(
          spark,
          lake,
          commits,
          commits / 100,
          commits,
          1000,
          2000,
          10,
          "20260102T000000000Z-000002");
      long t1 = System.nanoTime();
      TransformJob.Result inc = TransformJob.run(spark, settings);
      double incSecs = (System.nanoTime() - t1) / 1e9;
      long t2 = System.nanoTime();
      TransformJob.Result noop = TransformJob.run(spark, settings);
      double noopSecs = (System.nanoTime() - t2) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "warm full run:              %8.1f s%n"
              + "warm incremental run (+1%%): %7.1f s%n"
              + "warm run with nothing new:  %8.1f s%n"
              + "warm ratio incremental/full: %7.3f     (target <= 0.1)%n"
              + "warm full:        %s%nwarm incremental: %s%nwarm no-op:       %s%n",
          fullSecs,
          incSecs,
          noopSecs,
          incSecs / fullSecs,
          full,
          inc,
          noop);
    } finally {
      spark.stop();
    }
  }
}
