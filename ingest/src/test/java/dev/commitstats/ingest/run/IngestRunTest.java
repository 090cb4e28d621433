package dev.commitstats.ingest.run;

import static dev.commitstats.ingest.LakeQueries.count;
import static dev.commitstats.ingest.LakeQueries.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.GitCli;
import dev.commitstats.ingest.classify.ExtensionClassifier;
import dev.commitstats.ingest.git.RepoOpener;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.lake.Lake;
import dev.commitstats.model.Visibility;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs into a real lake folder, read back through SQL. */
class IngestRunTest {

  @TempDir Path tmp;

  private IngestRun.Result ingest(Path lake, RepoSource.BranchSelection sel, Path... repos)
      throws IOException {
    var sources =
        Stream.of(repos)
            .map(r -> RepoSource.of(r.toString(), Visibility.PUBLIC, sel, null, Optional.empty()))
            .toList();
    try (Lake l = Lake.open(lake.toString())) {
      return new IngestRun(
              l,
              new RepoOpener(tmp.resolve("cache")),
              new ExtensionClassifier(),
              2,
              Progress.silent())
          .run(sources, List.of());
    }
  }

  private IngestRun.Result ingest(Path lake, Path... repos) throws IOException {
    return ingest(lake, RepoSource.BranchSelection.DEFAULT, repos);
  }

  @Test
  void forcePushRetractsRewrittenCommits() throws Exception {
    GitCli git = FastImport.generate(tmp.resolve("repo"), 50, 2);
    Path lake = tmp.resolve("lake");
    ingest(lake, git.dir());
    String oldHead = git.head();

    git.run("reset", "-q", "--hard", "HEAD~5");
    git.write("rewritten.txt", "new history\n").commitAll("rewritten");
    var run = ingest(lake, git.dir());
    assertThat(run.newCommits()).isEqualTo(1);
    assertThat(run.repos().get(0).retractedCommits()).isEqualTo(5);
    assertThat(count(lake, "SELECT count(*) FROM raw_retracted_commits")).isEqualTo(5);
    assertThat(
            count(lake, "SELECT count(*) FROM raw_retracted_commits WHERE sha = '" + oldHead + "'"))
        .isEqualTo(1);

    // the commits that count (newest row newer than newest retraction) are exactly git's
    String live =
        "SELECT count(*) FROM (SELECT sha, max(ingest_run_id) r FROM raw_commits GROUP BY sha) c"
            + " LEFT JOIN (SELECT sha, max(ingest_run_id) r FROM raw_retracted_commits GROUP BY sha) x"
            + " USING (sha) WHERE x.r IS NULL OR c.r > x.r";
    assertThat(count(lake, live)).isEqualTo(Long.parseLong(git.run("rev-list", "--count", "HEAD")));

    // pushing the old history back brings its commits back
    git.run("reset", "-q", "--hard", oldHead);
    var back = ingest(lake, git.dir());
    assertThat(back.newCommits()).isEqualTo(5);
    assertThat(count(lake, live)).isEqualTo(50);
  }

  @Test
  void eachBranchChangeCountsOnceWithAllBranches() throws Exception {
    GitCli git = GitCli.init(tmp.resolve("repo"));
    git.write("a.txt", "a\n").commitAll("base");
    git.run("checkout", "-q", "-b", "feature");
    git.write("f.txt", "feature\n").commitAll("feature only");
    git.write("fix.txt", "fix\n").commitAll("a fix, later cherry-picked");
    String fix = git.head();
    git.run("checkout", "-q", "main");
    git.write("m.txt", "main\n").commitAll("main work");
    git.run("cherry-pick", fix);
    Path lake = tmp.resolve("lake");

    var run = ingest(lake, RepoSource.BranchSelection.ALL, git.dir());
    assertThat(run.failures()).isEmpty();
    // base, main work, the cherry-pick on main, feature only; not the original fix
    assertThat(count(lake, "SELECT count(*) FROM raw_commits")).isEqualTo(4);
    assertThat(count(lake, "SELECT count(*) FROM raw_commits WHERE sha = '" + fix + "'")).isZero();
    assertThat(
            rows(lake, "SELECT branch, count(*) FROM raw_commits GROUP BY branch ORDER BY branch"))
        .containsExactly(List.of("feature", 1L), List.of("main", 3L));

    var defaultOnly = ingest(tmp.resolve("lake2"), git.dir());
    assertThat(defaultOnly.newCommits()).isEqualTo(3);
  }

  @Test
  void oneBrokenRepositoryNeverStopsTheOthers() throws Exception {
    GitCli good = FastImport.generate(tmp.resolve("good"), 30, 3);
    GitCli empty = GitCli.init(tmp.resolve("empty"));
    Path notRepo = Files.createDirectories(tmp.resolve("not-a-repo"));

    // a corrupt pack: every object of the repository packed, then the pack overwritten
    GitCli corrupt = FastImport.generate(tmp.resolve("corrupt"), 20, 4);
    corrupt.run("repack", "-a", "-d", "-q");
    try (var packs = Files.list(corrupt.dir().resolve(".git/objects/pack"))) {
      for (Path pack : packs.filter(p -> p.toString().endsWith(".pack")).toList()) {
        try (var f = new RandomAccessFile(pack.toFile(), "rw")) {
          f.seek(12);
          f.write(new byte[(int) Math.min(4096, f.length() - 32)]);
        }
      }
    }

    // a partial clone: some blobs are gone, as in snapshots that drop big files
    GitCli partial = FastImport.generate(tmp.resolve("partial"), 40, 5);
    partial.run("repack", "-a", "-d", "-q");
    String blob = partial.run("rev-parse", "HEAD~10:src/a.py");
    String packed = partial.run("rev-list", "--objects", "--all");
    assertThat(packed).contains(blob);
    removeObject(partial, blob);

    Path lake = tmp.resolve("lake");
    var run =
        ingest(
            lake,
            good.dir(),
            tmp.resolve("missing"),
            empty.dir(),
            notRepo,
            corrupt.dir(),
            partial.dir());
    var byName = new java.util.HashMap<String, dev.commitstats.ingest.lake.RepoStatusRow>();
    run.repos().forEach(r -> byName.put(r.name(), r));

    assertThat(byName.get("good").collectStatus()).isEqualTo("up_to_date");
    assertThat(byName.get("good").newCommits()).isEqualTo(30);
    assertThat(byName.get("missing").collectStatus()).isEqualTo("error");
    assertThat(byName.get("missing").errorMessage())
        .contains("does not exist")
        .contains("check the path");
    assertThat(byName.get("empty").collectStatus()).isEqualTo("error");
    assertThat(byName.get("empty").errorMessage()).contains("is empty").contains("no commits");
    assertThat(byName.get("not-a-repo").errorMessage()).contains("is not a git repository");
    assertThat(byName.get("corrupt").collectStatus()).isEqualTo("error");
    assertThat(byName.get("corrupt").errorMessage()).isNotBlank();
    var p = byName.get("partial");
    assertThat(p.collectStatus()).isEqualTo("partial");
    assertThat(p.newCommits()).isEqualTo(40);
    assertThat(p.unreadableFiles()).isPositive();
    assertThat(p.errorMessage()).contains("could not be read").contains("content_missing");
    assertThat(run.failures()).hasSize(4);

    assertThat(count(lake, "SELECT count(*) FROM raw_repos")).isEqualTo(6);
    assertThat(
            count(
                lake,
                "SELECT count(*) FROM raw_repos WHERE collect_status = 'error' AND error_message IS NOT NULL"))
        .isEqualTo(4);
    assertThat(
            count(
                lake,
                "SELECT count(*) FROM raw_file_changes WHERE content_missing AND lines_added IS NULL"))
        .isEqualTo(p.unreadableFiles());
  }

  /** Rewrites the pack without one object, leaving a repository that lacks it. */
  private static void removeObject(GitCli git, String sha) throws IOException {
    Path objects = git.dir().resolve(".git/objects");
    String all = git.run("cat-file", "--batch-all-objects", "--batch-check=%(objectname)");
    var keep = new StringBuilder();
    for (String line : all.split("\n")) {
      if (!line.equals(sha)) {
        keep.append(line).append('\n');
      }
    }
    Path list = git.dir().resolve("keep.txt");
    Files.writeString(list, keep);
    var pb =
        new ProcessBuilder("sh", "-c", "git pack-objects -q .git/objects/pack/pack < keep.txt")
            .directory(git.dir().toFile())
            .redirectErrorStream(true);
    try {
      Process pr = pb.start();
      pr.getInputStream().readAllBytes();
      pr.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var packs = Files.list(objects.resolve("pack"))) {
      var files = packs.toList();
      // drop the old pack (the one that still has the object)
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".idx")) {
          String check = git.run("verify-pack", "-v", f.toString());
          if (check.contains(sha)) {
            String base = name.substring(0, name.length() - 4);
            for (Path g : files) {
              if (g.getFileName().toString().startsWith(base)) {
                Files.delete(g);
              }
            }
          }
        }
      }
    }
    Files.delete(list);
  }
}
