package dev.commitstats.tools.git;

import static dev.commitstats.ingest.LakeQueries.count;
import static dev.commitstats.ingest.LakeQueries.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.GitCli;
import dev.commitstats.ingest.classify.ExtensionClassifier;
import dev.commitstats.ingest.git.RepoOpener;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.ingest.run.IngestRun;
import dev.commitstats.ingest.run.Progress;
import dev.commitstats.lake.Lake;
import dev.commitstats.model.Visibility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole ingest of a generated history against {@code git log --numstat} on it, then reruns. */
class RawTablesAgainstGitTest {

  @TempDir Path tmp;

  private IngestRun.Result ingest(Path lake, Path repo) throws IOException {
    var source =
        RepoSource.of(
            repo.toString(),
            Visibility.PUBLIC,
            RepoSource.BranchSelection.DEFAULT,
            null,
            Optional.empty());
    try (Lake l = Lake.open(lake.toString())) {
      return new IngestRun(
              l,
              new RepoOpener(tmp.resolve("cache")),
              new ExtensionClassifier(),
              2,
              Progress.silent())
          .run(List.of(source), List.of());
    }
  }

  private static long dataFiles(Path lake) throws IOException {
    try (var s = Files.walk(lake.resolve("raw"))) {
      return s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("/repos/"))
          .count();
    }
  }

  @Test
  void rawTablesEqualGitAndRerunsWalkOnlyNewCommits() throws Exception {
    GitCli git = FastImport.generate(tmp.resolve("repo"), 600, 1);
    Path lake = tmp.resolve("lake");

    var first = ingest(lake, git.dir());
    assertThat(first.failures()).isEmpty();
    assertThat(first.newCommits()).isEqualTo(600);

    var reference = GitNumstat.run(git.dir(), "HEAD");
    long gitAdded =
        reference.values().stream()
            .flatMap(List::stream)
            .mapToLong(r -> r.added() == null ? 0 : r.added())
            .sum();
    long gitRows = reference.values().stream().mapToLong(List::size).sum();
    assertThat(count(lake, "SELECT count(DISTINCT sha) FROM raw_commits")).isEqualTo(600);
    assertThat(count(lake, "SELECT count(*) FROM raw_commits")).isEqualTo(600);
    assertThat(count(lake, "SELECT count(*) FROM raw_file_changes")).isEqualTo(gitRows);
    assertThat(count(lake, "SELECT sum(lines_added) FROM raw_file_changes")).isEqualTo(gitAdded);
    assertThat(count(lake, "SELECT sum(lines_added) FROM raw_commits")).isEqualTo(gitAdded);
    assertThat(
            count(
                lake,
                "SELECT count(*) FROM raw_commits WHERE len(co_authors) = 1 AND co_authors[1].email = 'carol@example.net' AND co_authors[1].name = 'Carol'"))
        .isEqualTo(120);
    assertThat(text(lake, "SELECT author_time FROM raw_commits WHERE subject = 'commit 1'"))
        .startsWith("2020-09-13");
    assertThat(
            text(lake, "SELECT language FROM raw_file_changes WHERE path = 'src/b.java' LIMIT 1"))
        .isEqualTo("Java");
    assertThat(text(lake, "SELECT collect_status FROM raw_repos")).isEqualTo("up_to_date");
    assertThat(text(lake, "SELECT last_commit_sha FROM raw_repos")).isEqualTo(git.head());
    long filesAfterFirst = dataFiles(lake);

    // nothing new: no commit walked, no data file written, a status row all the same
    var second = ingest(lake, git.dir());
    assertThat(second.newCommits()).isZero();
    assertThat(dataFiles(lake)).isEqualTo(filesAfterFirst);
    assertThat(count(lake, "SELECT count(*) FROM raw_repos")).isEqualTo(2);

    // two new commits: only they are walked
    git.write("src/new.py", "print(1)\n").commitAll("new one");
    git.write("src/new.py", "print(2)\n").commitAll("new two");
    var third = ingest(lake, git.dir());
    assertThat(third.newCommits()).isEqualTo(2);
    assertThat(count(lake, "SELECT count(*) FROM raw_commits")).isEqualTo(602);
  }
}
