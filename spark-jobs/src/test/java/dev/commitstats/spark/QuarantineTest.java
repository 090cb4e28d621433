package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One unreadable raw file (a copy cut to 100 bytes) stops nobody: its ingest batch waits, is noted
 * once in the run log with path, size and error, everything else is transformed, and when the file
 * is whole again the next run takes the batch and the tables equal a full run's.
 */
class QuarantineTest {
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

  long lines() {
    List<Row> r =
        spark
            .sql(
                "SELECT lines_added FROM delta.`"
                    + dir.resolve("delta/user_cv_summary").toUri()
                    + "` WHERE user_id = 'espen'")
            .collectAsList();
    return r.isEmpty() ? 0 : r.get(0).getLong(0);
  }

  long quarantineNotes() {
    return spark
        .sql(
            "SELECT * FROM delta.`"
                + dir.resolve("delta/_transform_runs").toUri()
                + "` WHERE event = 'quarantined'")
        .count();
  }

  static Path partFile(Path batch) throws Exception {
    try (Stream<Path> s = Files.list(batch)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-"))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void anUnreadableRawFileWaitsWithItsBatchAndTheRestIsTransformed() throws Exception {
    var raw = new RawLake(spark, dir);
    raw.run("20260101T000000000Z-000001")
        .repo(MINE, "private", "espen", false, null)
        .commit(MINE, "a1", "espen@example.com", "2024-03-04T10:00:00Z")
        .file(MINE, "a1", "src/A.java", "Java", "code", 10L, 0L)
        .write();
    raw.run("20260102T000000000Z-000002")
        .commit(MINE, "a2", "espen@example.com", "2024-03-05T10:00:00Z")
        .file(MINE, "a2", "src/B.java", "Java", "code", 20L, 0L)
        .write();
    Path batch2 = dir.resolve("raw/file_changes").resolve("20260102T000000000Z-000002.parquet");
    Path cut = partFile(batch2);
    byte[] whole = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(whole, 100));

    TransformJob.Result first = transform(false);
    assertThat(first.quarantined()).hasSize(1);
    assertThat(first.quarantined().get(0))
        .contains("raw/file_changes/20260102T000000000Z-000002.parquet/part-")
        .contains("100 bytes");
    assertThat(first.quarantineLine())
        .contains("1 raw file is unreadable and quarantined")
        .contains("the next run retries it");
    // batch 1 is in the tables; batch 2's commit waits with its file rows
    assertThat(lines()).isEqualTo(10);
    assertThat(quarantineNotes()).isEqualTo(1);

    // still cut: tried again, noted once (answered without Spark: nothing else is new)
    assertThat(TestSpark.nothingNew(dir, TestSpark.ONE_USER).quarantined())
        .isEqualTo(first.quarantined());
    TransformJob.Result second = transform(false);
    assertThat(second.quarantined()).hasSize(1);
    assertThat(second.nothingNew()).isTrue();
    assertThat(quarantineNotes()).isEqualTo(1);

    // cut differently: a new note, which the run writes
    Files.write(cut, java.util.Arrays.copyOf(whole, 50));
    assertThat(TestSpark.nothingNew(dir, TestSpark.ONE_USER)).isNull();
    assertThat(transform(false).quarantined().get(0)).contains("50 bytes");
    assertThat(quarantineNotes()).isEqualTo(2);

    // whole again: the batch is taken, as a full run would
    Files.write(cut, whole);
    assertThat(TestSpark.nothingNew(dir, TestSpark.ONE_USER)).isNull();
    TransformJob.Result third = transform(false);
    assertThat(third.quarantined()).isEmpty();
    assertThat(lines()).isEqualTo(30);
    transform(true);
    assertThat(lines()).isEqualTo(30);
  }
}
