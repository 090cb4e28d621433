package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./commitstats transform} with its class-data sharing archive: the first run answers as
 * without one and a process of its own writes the archive after it, the next run maps its classes
 * from it, and an archive older than the jars is written again. Runs the launcher on the packaged
 * jars, over a copy of the test lake, which has nothing new: the answer comes without Spark.
 */
class LauncherClassArchiveTest {
  @TempDir Path dir;

  Launcher.Outcome transform(Path lake, Path archives, Path classLog) throws Exception {
    return Launcher.run(
        Duration.ofMinutes(5),
        Map.of(
            "COMMITSTATS_CLASS_ARCHIVES",
            archives.toString(),
            "COMMITSTATS_JAVA_OPTS",
            "-Xmx1g -Xlog:class+load=info:file=" + classLog),
        "transform",
        "--lake",
        lake.toString(),
        "--config",
        LakeFixture.get().root.resolve("commitstats.yaml").toString());
  }

  static long fromArchive(Path classLog) throws Exception {
    try (Stream<String> lines = Files.lines(classLog)) {
      return lines.filter(l -> l.contains("source: shared objects file (top)")).count();
    }
  }

  static List<Path> archives(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".jsa")).toList();
    }
  }

  @Test
  void theFirstRunWritesTheArchiveTheNextMapsItsClasses() throws Exception {
    Path lake = dir.resolve("lake");
    LakeFixture.copyTree(LakeFixture.get().lake, lake);
    Path archives = dir.resolve("archives");

    Launcher.Outcome first = transform(lake, archives, dir.resolve("classes-1.log"));
    assertThat(first.status()).as(first.output()).isZero();
    assertThat(first.output()).contains("nothing new in the raw layer");
    assertThat(fromArchive(dir.resolve("classes-1.log"))).isZero();
    List<Path> written = archives(archives);
    assertThat(written).hasSize(1);
    assertThat(written.get(0).getFileName().toString())
        .startsWith("dev.commitstats.spark.TransformJob-");

    Launcher.Outcome second = transform(lake, archives, dir.resolve("classes-2.log"));
    assertThat(second.status()).as(second.output()).isZero();
    assertThat(second.output()).contains("nothing new in the raw layer");
    assertThat(fromArchive(dir.resolve("classes-2.log")))
        .as("classes mapped from the archive")
        .isGreaterThan(1_000);

    // older than the jars (a build since): not used, written again
    Files.setLastModifiedTime(written.get(0), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    Launcher.Outcome third = transform(lake, archives, dir.resolve("classes-3.log"));
    assertThat(third.status()).as(third.output()).isZero();
    assertThat(fromArchive(dir.resolve("classes-3.log"))).isZero();
    assertThat(Files.getLastModifiedTime(written.get(0)).toInstant())
        .isAfter(Instant.parse("2020-01-02T00:00:00Z"));
  }
}
