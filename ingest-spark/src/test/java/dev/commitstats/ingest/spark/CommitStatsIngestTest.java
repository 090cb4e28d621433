package dev.commitstats.ingest.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitstats.ingest.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Glue job's arguments, and the command's answers to a wrong master. */
class CommitStatsIngestTest {
  @TempDir Path tmp;

  @Test
  void glueArgumentsBecomeTheIngestCommandLine() throws Exception {
    Path config = Files.writeString(tmp.resolve("c.yaml"), "sources: []\n");
    var cmd =
        CommitStatsIngest.commandLine(
            new String[] {
              "--JOB_ID",
              "j_1",
              "--lake",
              "s3://b/lake",
              "--TempDir",
              "s3://t",
              "--config",
              config.toString(),
              "--job-bookmark-option",
              "job-bookmark-disable",
              "--split-commits",
              "20000"
            });
    assertThat(String.join(" ", cmd))
        .startsWith("ingest --spark-master auto --progress never")
        .contains("--lake s3://b/lake", "--config " + config, "--split-commits 20000")
        .contains("--cache-dir")
        .doesNotContain("JOB_ID", "TempDir", "bookmark");
  }

  @Test
  void missingOrRepeatedArgumentsSayWhatToAdd() {
    assertThatThrownBy(() -> CommitStatsIngest.commandLine(new String[] {"--lake", "s3://b/l"}))
        .hasMessageContaining("--config s3://bucket/config/commitstats.yaml");
    assertThatThrownBy(
            () ->
                CommitStatsIngest.commandLine(
                    new String[] {"--lake", "s3://a", "--lake", "s3://b", "--config", "x"}))
        .hasMessageContaining("--lake is given twice");
    assertThatThrownBy(() -> CommitStatsIngest.commandLine(new String[] {"--lake", "--config"}))
        .hasMessageContaining("--lake needs a value");
  }

  @Test
  void aMasterThatIsNotLocalOrAutoIsRefusedWithTheForms() throws Exception {
    var err = new ByteArrayOutputStream();
    PrintStream before = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status =
          Main.run(
              "ingest",
              "--lake",
              tmp.resolve("lake").toString(),
              "--repo",
              tmp.toString(),
              "--spark-master",
              "yarn");
    } finally {
      System.setErr(before);
    }
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--spark-master must be local[N]")
        .contains("auto")
        .contains("'yarn'");
  }

  @Test
  void localMastersAreRetriedLikeAClusterUnlessTheySaySo() {
    assertThat(SparkIngest.withRetries("local[2]")).isEqualTo("local[2,4]");
    assertThat(SparkIngest.withRetries("local[*]")).isEqualTo("local[*,4]");
    assertThat(SparkIngest.withRetries("local[2,1]")).isEqualTo("local[2,1]");
  }
}
