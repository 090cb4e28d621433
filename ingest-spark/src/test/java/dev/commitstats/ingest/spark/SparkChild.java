package dev.commitstats.ingest.spark;

import dev.commitstats.ingest.ChildIngest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of an ingest in its own JVM with Spark's options, writing an event log. */
final class SparkChild {
  private SparkChild() {}

  /** {@code java <Spark's options> <jvm> -cp … Main ingest}: the caller adds the options. */
  static List<String> ingest(Path eventLogs, String... jvm) throws IOException {
    var cmd = new ArrayList<String>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(System.getProperty("spark.jvm.options").trim().split("\\s+")));
    cmd.addAll(List.of(jvm));
    cmd.addAll(
        List.of(
            "-Dspark.eventLog.enabled=true",
            "-Dspark.eventLog.dir=" + eventLogs.toUri(),
            "-cp",
            ChildIngest.classpath(),
            "dev.commitstats.ingest.cli.Main",
            "ingest"));
    return cmd;
  }
}
