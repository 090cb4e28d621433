package dev.commitstats.ingest.run;

import static dev.commitstats.ingest.LakeQueries.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingest whose lake is on a disk that fills up (a small tmpfs, mounted by the test: it needs
 * root, as CI runs): one clear line per repository that stopped, no stack trace, the state of every
 * repository as it was before the batch that did not fit; once there is room, the next run ends
 * with the lake of a run that never ran out of space.
 */
class DiskFullTest {
  @TempDir Path tmp;
  Path mount;

  static final List<String> TABLES =
      List.of(
          "SELECT * EXCLUDE (ingest_run_id) FROM raw_commits ORDER BY ALL",
          "SELECT * EXCLUDE (ingest_run_id) FROM raw_file_changes ORDER BY ALL");

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

  @Test
  void aFullDiskStopsTheBatchCleanlyAndTheNextRunCompletesIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("small-disk"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir.toString()) == 0,
        "mounting a tmpfs needs root (CI runs as root)");
    mount = dir;
    GitCli small = FastImport.generate(tmp.resolve("small"), 40, 1);
    GitCli big = FastImport.generate(tmp.resolve("big"), 600, 2);
    Path lake = dir.resolve("lake");
    var first = ingest(lake, small);
    assertThat(first.exitCode()).as(first.output()).isZero();
    String stateBefore = stateOf(lake, "small");
    // fill the disk to all but a few kilobytes
    Path filler = dir.resolve("filler");
    long free = Files.getFileStore(dir).getUsableSpace();
    Files.write(filler, new byte[(int) Math.max(0, free - 48 * 1024)]);

    var full = ingest(lake, small, big);
    assertThat(full.exitCode()).as(full.output()).isNotZero();
    assertThat(full.output())
        .as("no stack trace")
        .doesNotContain("\tat ")
        .containsIgnoringCase("no space left on device");
    assertThat(stateOf(lake, "small")).isEqualTo(stateBefore);
    full.output().lines().filter(l -> l.contains("space")).forEach(System.out::println);

    Files.delete(filler);
    var rerun = ingest(lake, small, big);
    assertThat(rerun.exitCode()).as(rerun.output()).isZero();
    Path reference = tmp.resolve("reference");
    assertThat(ingest(reference, small, big).exitCode()).isZero();
    for (String q : TABLES) {
      assertThat(rows(lake, q)).as(q).isEqualTo(rows(reference, q));
    }
  }

  private ChildIngest.Outcome ingest(Path lake, GitCli... repos) throws IOException {
    var args = new java.util.ArrayList<>(List.of("ingest", "--lake", lake.toString()));
    args.addAll(List.of("--batch-commits", "50", "--progress", "never"));
    for (GitCli r : repos) {
      args.add("--repo");
      args.add(r.dir().toString());
    }
    return ChildIngest.run(
        Files.createTempFile(tmp, "ingest", ".log"), Map.of(), args.toArray(String[]::new));
  }

  private static String stateOf(Path lake, String name) throws IOException {
    try (var files = Files.list(lake.resolve("state/repos"))) {
      for (Path f : files.toList()) {
        String text = Files.readString(f);
        if (text.contains("/" + name + "\"")) {
          return text.replaceAll("\"updated_at\" : \\d+", "");
        }
      }
    }
    throw new AssertionError("no state of " + name);
  }
}
