package dev.commitstats.ingest.cli;

import static dev.commitstats.ingest.LakeQueries.count;
import static dev.commitstats.ingest.LakeQueries.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills real ingest processes (SIGKILL) at many points of their run, reruns, and compares the lake
 * with one clean run: no commit lost, none duplicated, every file row the same.
 */
class KillAndRerunTest {

  @TempDir Path tmp;

  private static final String FILE_ROWS =
      "SELECT repo_id, sha, path, coalesce(old_path, ''), change_type, coalesce(lines_added, -1),"
          + " coalesce(lines_deleted, -1) FROM raw_file_changes ORDER BY ALL";

  @Test
  void killedRunsFollowedByARerunEqualOneCleanRun() throws Exception {
    var repos = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      GitCli g = FastImport.generate(tmp.resolve("repo" + i), 1500 + 500 * i, 10 + i);
      repos.add("--repo");
      repos.add(g.dir().toString());
    }
    Path clean = tmp.resolve("clean");
    var args = new ArrayList<>(repos);
    long t0 = System.nanoTime();
    assertThat(ChildIngest.run(tmp.resolve("clean.log"), Map.of(), cli(clean, args)).exitCode())
        .isZero();
    long cleanMs = (System.nanoTime() - t0) / 1_000_000;
    long commits = count(clean, "SELECT count(*) FROM raw_commits");
    assertThat(commits).isEqualTo(1500 + 2000 + 2500);

    Path lake = tmp.resolve("killed");
    // 1. stopped dead at chosen points: right after a data file is published and before the
    // state lists it (the batch must vanish), and right after a state write (it must stay)
    int uncommittedSeen = 0;
    for (String point :
        List.of("publish:2", "checkpoint:3", "publish:7", "checkpoint:1", "publish:1")) {
      var crashed =
          ChildIngest.run(
              tmp.resolve(point.replace(':', '-') + ".log"),
              Map.of("COMMITSTATS_CRASH_AT", point),
              cli(lake, args));
      assertThat(crashed.exitCode())
          .as("halted at " + point + ": " + crashed.output())
          .isEqualTo(137);
      if (uncommittedFiles(lake) > 0) {
        uncommittedSeen++;
      }
    }
    assertThat(uncommittedSeen)
        .as("crashes that left published, uncommitted files")
        .isGreaterThanOrEqualTo(3);

    // 2. SIGKILL at random moments of a run (start-up, planning, analysis, writing)
    var rnd = new Random(20261127);
    for (int attempt = 0; attempt < 5; attempt++) {
      Process p =
          ChildIngest.start(tmp.resolve("kill" + attempt + ".log"), Map.of(), cli(lake, args));
      Thread.sleep(rnd.nextInt((int) Math.max(1, cleanMs / 2)));
      p.destroyForcibly().waitFor();
    }
    var last = ChildIngest.run(tmp.resolve("final.log"), Map.of(), cli(lake, args));
    assertThat(last.exitCode()).as(last.output()).isZero();

    assertThat(count(lake, "SELECT count(*) FROM raw_commits")).isEqualTo(commits);
    assertThat(count(lake, "SELECT count(DISTINCT (repo_id, sha)) FROM raw_commits"))
        .isEqualTo(commits);
    assertThat(rows(lake, FILE_ROWS)).isEqualTo(rows(clean, FILE_ROWS));
    try (var files = Files.walk(lake)) {
      assertThat(files.filter(f -> f.getFileName().toString().endsWith(".staging")))
          .as("no staging file survives a rerun")
          .isEmpty();
    }
  }

  /** Parquet files in the lake whose batch the repository's state does not list. */
  private static long uncommittedFiles(Path lake) throws java.io.IOException {
    long n = 0;
    for (String table : List.of("commits", "file_changes", "retracted_commits")) {
      Path dir = lake.resolve("raw").resolve(table);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var parts = Files.list(dir)) {
        for (Path part : parts.toList()) {
          String repoId = part.getFileName().toString().substring("repo_id=".length());
          Path state = lake.resolve("state/repos/" + repoId + ".json");
          String committed = Files.exists(state) ? Files.readString(state) : "";
          try (var files = Files.list(part)) {
            for (Path f : files.toList()) {
              String name = f.getFileName().toString();
              if (name.endsWith(".parquet")) {
                String batch = name.substring(0, name.length() - ".parquet".length());
                if (!committed.contains("\"" + batch + "\"")) {
                  n++;
                }
              }
            }
          }
        }
      }
    }
    return n;
  }

  private static String[] cli(Path lake, List<String> repos) {
    // small batches: each repository writes many files before its state commits
    var a =
        new ArrayList<String>(
            List.of(
                "ingest",
                "--lake",
                lake.toString(),
                "--progress",
                "never",
                "--threads",
                "2",
                "--batch-commits",
                "150"));
    a.addAll(repos);
    return a.toArray(String[]::new);
  }
}
