package dev.commitstats.tools.spark;

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
 * written as another ingest run, the incremental run, the next 1% and its run, and a run with
 * nothing new. Prints each run's time and the incremental/full ratios.
 *
 * <pre>--lake DIR (raw layer of --commits N commits, no Delta tables yet) --commits N</pre>
 */
public final class WarmRefreshBench {
  private WarmRefreshBench() {}

  /** Writes the {@code n}th 1% of newer commits as another ingest run, then transforms. */
  private static TransformJob.Result refresh(
      SparkSession spark, TransformJob.Settings settings, long commits, int n) {
    long increment = commits / 100;
    SyntheticLake.write(
        spark,
        settings.lake(),
        commits + (n - 1) * increment,
        increment,
        commits,
        1000,
        2000,
        10,
        String.format(Locale.ROOT, "202601%02dT000000000Z-%06d", n + 1, n + 1));
    // What transform --every does while it waits for the next run (in no run's time). Here it also
    // collects the synthetic write's garbage, which an ingest in its own process never leaves.
    TransformJob.betweenRuns(spark);
    return TransformJob.run(spark, settings);
  }

  public static void main(String[] args) {
    JobArgs a = JobArgs.parse(args, Set.of("lake", "commits"), Set.of());
    String lake = a.required("lake", "DIR");
    long commits = Long.parseLong(a.required("commits", "1000000"));
    SparkSession spark = SparkSessions.create("commitstats-warm-bench", 2, 4);
    try {
      var settings = new TransformJob.Settings(lake, CommitStatsConfig.empty(), false);
      // Each run's own wall time (TransformJob.Result#millis), the synthetic writes left out.
      TransformJob.Result full = TransformJob.run(spark, settings);
      TransformJob.Result inc = refresh(spark, settings, commits, 1);
      // A process refreshing every 15 minutes mostly runs after another refresh, not after a full
      // run: the next 1% is timed as well (its queries were compiled by the refresh before).
      TransformJob.Result next = refresh(spark, settings, commits, 2);
      TransformJob.betweenRuns(spark);
      TransformJob.Result noop = TransformJob.run(spark, settings);
      double fullSecs = full.millis() / 1000.0;
      double incSecs = inc.millis() / 1000.0;
      double nextSecs = next.millis() / 1000.0;
      double noopSecs = noop.millis() / 1000.0;
      System.out.printf(
          Locale.ROOT,
          "warm full run:              %8.1f s%n"
              + "warm incremental run (+1%%): %7.1f s%n"
              + "warm next refresh (+1%%):    %7.1f s%n"
              + "warm run with nothing new:  %8.1f s%n"
              + "warm ratio incremental/full: %7.3f     (target <= 0.1)%n"
              + "warm ratio next refresh/full: %6.3f%n"
              + "warm full:        %s%nwarm incremental: %s%nwarm next:        %s%n"
              + "warm no-op:       %s%n",
          fullSecs,
          incSecs,
          nextSecs,
          noopSecs,
          incSecs / fullSecs,
          nextSecs / fullSecs,
          full,
          inc,
          next,
          noop);
    } finally {
      spark.stop();
    }
  }
}
