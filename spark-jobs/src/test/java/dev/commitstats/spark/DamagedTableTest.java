package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta table whose log is garbled stops the run with one line naming the table and the repair
 * (the trace in a file); the repair it names (delete the table, run --full) works.
 */
class DamagedTableTest {
  static SparkSession spark;
  static final String MINE = "https://github.com/EspenAlbert/tools";

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  TransformJob.Result transform(boolean full) {
    return TestSpark.transform(dir, TestSpark.ONE_USER, full);
  }

  @Test
  void aGarbledLogNamesTheTableAndTheRepairAndTheRepairWorks() throws Exception {
    var raw = new RawLake(spark, dir);
    raw.run("20260101T000000000Z-000001")
        .repo(MINE, "private", "espen", false, null)
        .commit(MINE, "a1", "espen@example.com", "2024-03-04T10:00:00Z")
        .file(MINE, "a1", "src/A.java", "Java", "code", 10L, 0L)
        .write();
    transform(false);
    Path log = dir.resolve("delta/user_cv_summary/_delta_log");
    try (Stream<Path> s = Files.list(log)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".json")).toList()) {
        Files.writeString(f, "{\"this is not\": a delta log");
      }
    }
    org.apache.spark.sql.delta.DeltaLog.clearCache();
    raw.run("20260102T000000000Z-000002")
        .commit(MINE, "a2", "espen@example.com", "2024-03-05T10:00:00Z")
        .file(MINE, "a2", "src/B.java", "Java", "code", 20L, 0L)
        .write();

    Throwable failed = catchThrowable(() -> transform(false));
    assertThat(failed).isNotNull();
    String line = TransformJob.failure(failed, dir.toString());
    assertThat(line)
        .contains("the Delta table delta/user_cv_summary")
        .contains("cannot be read: its log or checkpoint is damaged")
        .contains("delete delta/user_cv_summary and run ./commitstats transform --full")
        .contains("(the full trace: ")
        .doesNotContain("\n");

    // the repair as written
    try (Stream<Path> s = Files.walk(dir.resolve("delta/user_cv_summary"))) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    org.apache.spark.sql.delta.DeltaLog.clearCache();
    transform(true);
    assertThat(
            spark
                .sql(
                    "SELECT lines_added FROM delta.`"
                        + dir.resolve("delta/user_cv_summary").toUri()
                        + "`")
                .first()
                .getLong(0))
        .isEqualTo(30L);
  }
}
