package dev.commitstats.ingest.run;

import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.ingest.lake.RepoStatusRow;
import dev.commitstats.lake.Lake;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An ingest run spread over the executors of a distributed engine (the {@code ingest-spark}
 * module's, found with {@link java.util.ServiceLoader} when it is on the classpath): the same
 * sources in, the same raw rows and run result out as {@link IngestRun#run}.
 */
public interface DistributedIngest {

  /**
   * @param master where the work runs: {@code local[N]}, or {@code auto} for the master the
   *     environment configured (Glue)
   * @param cacheDir each executor's clone folder for remote repositories
   * @param splitCommits a repository whose walk has more commits is walked in ranges of at most
   *     this many, by several tasks
   * @param taskThreads analysis threads per task
   */
  record Settings(
      String master, Path cacheDir, int batchCommits, long splitCommits, int taskThreads) {}

  IngestRun.Result run(
      Lake lake, List<RepoSource> sources, List<RepoStatusRow> rejected, Settings settings)
      throws IOException;
}
