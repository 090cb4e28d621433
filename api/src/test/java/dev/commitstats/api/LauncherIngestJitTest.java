package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./commitstats ingest} picks its JIT by the work it is given: C1 only for local
 * repositories holding fewer commits than the threshold together, the lean C2 for a longer history,
 * a config (whose sources the launcher does not read) or flags of one's own. The JVM prints the
 * flags it was started with (-XX:+PrintCommandLineFlags); each run ingests.
 */
class LauncherIngestJitTest {
  @TempDir Path dir;
  Path repo;

  @BeforeEach
  void fiveCommits() throws Exception {
    repo = dir.resolve("small");
    LakeFixture.git(repo, "init", "-q", "-b", "main");
    for (int i = 0; i < 5; i++) {
      LakeFixture.write(repo, "f" + i + ".py", "print(" + i + ")\n");
      LakeFixture.commit(
          repo, "Dev", "dev@example.com", "2025-01-0" + (i + 1) + "T10:00:00Z", "c" + i);
    }
  }

  /** The flags the ingest's JVM started with, after checking that it ingested. */
  String flags(Map<String, String> env, String... args) throws Exception {
    Path lake = Files.createTempDirectory(dir, "lake");
    List<String> cmd = new ArrayList<>(List.of("ingest", "--lake", lake.toString()));
    cmd.addAll(List.of("--progress", "never"));
    cmd.addAll(List.of(args));
    Map<String, String> e = new HashMap<>(env);
    e.put("COMMITSTATS_TMP", Files.createDirectories(dir.resolve("tmp")).toString());
    e.put(
        "COMMITSTATS_JAVA_OPTS",
        (e.getOrDefault("COMMITSTATS_JAVA_OPTS", "") + " -XX:+PrintCommandLineFlags").strip());
    Launcher.Outcome o = Launcher.run(Duration.ofMinutes(3), e, cmd.toArray(String[]::new));
    String out = o.output();
    assertThat(o.status()).as(out).isZero();
    assertThat(out).contains("5 new commits");
    return out.lines()
        .filter(l -> l.contains("-XX:"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no flags printed: " + out));
  }

  @Test
  void shortLocalHistoriesRunC1OnlyTheRestTheLeanC2() throws Exception {
    String small = flags(Map.of(), "--repo", repo.toString());
    assertThat(small)
        .contains("-XX:TieredStopAtLevel=1", "-XX:-UseTransparentHugePages")
        .doesNotContain("-XX:MaxInlineLevel=5");

    // the same repository counted as long: fewer commits than 5 make C1 not pay
    String longer = flags(Map.of("COMMITSTATS_INGEST_C1_BELOW", "5"), "--repo=" + repo);
    assertThat(longer)
        .contains("-XX:MaxInlineLevel=5", "-XX:+UseTransparentHugePages")
        .doesNotContain("TieredStopAtLevel", "-XX:-UseTransparentHugePages");

    // a config: its sources are not counted
    Path config = dir.resolve("c.yaml");
    Files.writeString(
        config, "sources:\n  - provider: git\n    url: " + repo + "\n    visibility: public\n");
    assertThat(flags(Map.of(), "--config", config.toString()))
        .contains("-XX:MaxInlineLevel=5")
        .doesNotContain("TieredStopAtLevel");

    // one's own tier choice wins
    assertThat(
            flags(
                Map.of("COMMITSTATS_JAVA_OPTS", "-XX:TieredStopAtLevel=4"),
                "--repo",
                repo.toString()))
        .contains("-XX:TieredStopAtLevel=4")
        .doesNotContain("TieredStopAtLevel=1");
  }
}
