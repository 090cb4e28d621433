package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.DeltaTables;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real transform processes killed at every step (halted at crash points, as a kill -9 would, and
 * SIGKILLed at a random moment), then rerun: the tables equal those of runs never interrupted.
 */
class TransformKillTest {
  static SparkSession spark;

  @TempDir Path lake;
  @TempDir Path reference;
  @TempDir Path work;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  @Test
  void killedRunsResumeToTheTablesOfRunsNeverInterrupted() throws Exception {
    Path config = work.resolve("config.yaml");
    Files.writeString(config, Scenario.CONFIG_YAML);
    for (int batch = 1; batch <= 2; batch++) {
      Scenario.batch(spark, reference, batch);
      TransformJob.run(
          spark, new TransformJob.Settings(reference.toString(), Scenario.CONFIG, false));
    }

    // A full first run, killed after writing some tables.
    Scenario.batch(spark, lake, 1);
    assertHalted(child(config, "transform.gold"));
    assertThat(TestSpark.nothingNew(lake, Scenario.CONFIG))
        .as("an interrupted run is the run's to resume")
        .isNull();
    TransformJob.Result first = inProcess();
    assertThat(first.resumed()).isTrue();
    assertThat(first.runSeq()).isEqualTo(1);

    // An incremental run, killed at two steps and once at a random moment.
    Scenario.batch(spark, lake, 2);
    assertHalted(child(config, "transform.clean-files"));
    assertHalted(child(config, "transform.before-done"));
    Process p = start(config, null);
    long waitMs = 4_000 + new Random().nextInt(10_000);
    if (!p.waitFor(waitMs, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
    }
    TransformJob.Result second = inProcess();
    assertThat(second.runSeq()).isEqualTo(2);

    // The same runs, interrupted or not: the user history is the same too.
    for (String table :
        java.util.stream.Stream.concat(
                Scenario.TABLES.stream(), java.util.stream.Stream.of(DeltaTables.USER_HISTORY))
            .toList()) {
      assertThat(Scenario.difference(spark, lake, reference, table))
          .as("rows of %s that differ from runs never interrupted", table)
          .isEmpty();
    }
    assertThat(inProcess().nothingNew()).isTrue();
  }

  private TransformJob.Result inProcess() {
    return TestSpark.transform(lake, Scenario.CONFIG, false);
  }

  private void assertHalted(Outcome o) {
    assertThat(o.exitCode()).as(o.output()).isEqualTo(137);
    assertThat(o.output()).contains("crash point");
  }

  record Outcome(int exitCode, String output) {}

  private Outcome child(Path config, String crashAt) throws Exception {
    Process p = start(config, crashAt);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("transform child did not finish in 5 minutes");
    }
    return new Outcome(p.exitValue(), Files.readString(work.resolve("child.log")));
  }

  private Process start(Path config, String crashAt) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var cmd =
        new ArrayList<String>(
            List.of(
                java,
                "-Xmx1g",
                "-XX:+UseSerialGC",
                // a few rows: interpreting beats compiling generated code (as in TestSpark)
                "-Dspark.sql.codegen.wholeStage=false",
                "-Dspark.sql.codegen.factoryMode=NO_CODEGEN"));
    for (String opt : System.getProperty("spark.jvm.options", "").split("\\s+")) {
      if (!opt.isBlank()) {
        cmd.add(opt);
      }
    }
    cmd.addAll(
        List.of(
            "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
            "-cp",
            classpath(),
            TransformJob.class.getName(),
            "--lake",
            lake.toString(),
            "--config",
            config.toString(),
            "--local-threads",
            "2",
            "--shuffle-partitions",
            "2"));
    var pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("child.log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    if (crashAt != null) {
      pb.environment().put("COMMITSTATS_CRASH_AT", crashAt);
    } else {
      pb.environment().remove("COMMITSTATS_CRASH_AT");
    }
    return pb.start();
  }

  /** The test classpath, expanded from surefire's manifest-only jar when it uses one. */
  private static String classpath() throws IOException {
    var parts = new ArrayList<String>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && entry.contains("surefirebooter")) {
        try (var jar = new java.util.jar.JarFile(entry)) {
          String manifestCp = jar.getManifest().getMainAttributes().getValue("Class-Path");
          for (String u : manifestCp == null ? new String[0] : manifestCp.split(" ")) {
            if (!u.isBlank()) {
              parts.add(Path.of(java.net.URI.create(u)).toString());
            }
          }
        }
      } else {
        parts.add(entry);
      }
    }
    return String.join(File.pathSeparator, parts);
  }
}
