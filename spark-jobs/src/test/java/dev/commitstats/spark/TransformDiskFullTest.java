package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commitstats.model.DeltaTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transform whose lake is on a disk that fills up (a small tmpfs mounted by the test: it needs
 * root, as CI runs): the run stops with one line naming the full disk and what to do (the trace in
 * a file), every table stays readable at a version it committed, and once there is room the next
 * run ends with the tables of a lake that never ran out of space.
 */
class TransformDiskFullTest {
  static SparkSession spark;

  @TempDir Path tmp;
  Path mount;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", mount.toString());
    }
  }

  static int run(String... cmd) throws IOException, InterruptedException {
    var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  TransformJob.Result transform(Path lake) {
    return TransformJob.run(
        spark, new TransformJob.Settings(lake.toString(), Scenario.CONFIG, false));
  }

  @Test
  void aFullDiskStopsTheRunWithOneLineAndTheNextRunCompletesIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("small-disk"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", dir.toString()) == 0,
        "mounting a tmpfs needs root (CI runs as root)");
    mount = dir;
    Path lake = dir.resolve("lake");
    Scenario.batch(spark, lake, 1);
    transform(lake);
    Scenario.batch(spark, lake, 2);
    // fill the disk to all but a few kilobytes
    Path filler = dir.resolve("filler");
    long free = Files.getFileStore(dir).getUsableSpace();
    Files.write(filler, new byte[(int) Math.max(0, free - 48 * 1024)]);

    Throwable failed = catchThrowable(() -> transform(lake));
    assertThat(failed).as("the run on a full disk").isNotNull();
    String line = TransformJob.failure(failed, lake.toString());
    System.out.println(line);
    assertThat(line)
        .contains("no space left on device", lake.toString(), "Free some space")
        .contains("the full trace: ")
        .doesNotContain("\n");
    // every table readable, at a version it committed
    for (String t : DeltaTables.ALL) {
      assertThat(spark.read().format("delta").load(lake.resolve("delta").resolve(t).toString()))
          .as(t)
          .isNotNull();
      spark.read().format("delta").load(lake.resolve("delta").resolve(t).toString()).count();
    }

    Files.delete(filler);
    TransformJob.Result rerun = transform(lake);
    assertThat(rerun.nothingNew()).isFalse();
    Path reference = tmp.resolve("reference");
    Scenario.batch(spark, reference, 1);
    transform(reference);
    Scenario.batch(spark, reference, 2);
    transform(reference);
    for (String table : Scenario.TABLES) {
      assertThat(Scenario.difference(spark, lake, reference, table))
          .as("rows of %s that differ from a lake that never ran out of space", table)
          .isEmpty();
    }
  }
}
