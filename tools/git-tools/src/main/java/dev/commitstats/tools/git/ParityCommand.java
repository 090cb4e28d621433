package dev.commitstats.tools.git;

import dev.commitstats.ingest.classify.ExtensionClassifier;
import dev.commitstats.ingest.git.RepoOpener;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.ingest.run.IngestRun;
import dev.commitstats.model.Visibility;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parity}: how exactly ingest reproduces git's numstat on a local repository. */
@Command(
    name = "parity",
    mixinStandardHelpOptions = true,
    description = {
      "Compares ingest's per-file numbers with 'git log --numstat -M --diff-algorithm=histogram'"
          + " commit by commit on a local repository (needs the git CLI), and prints the share of"
          + " identical commits and the first differences."
    })
final class ParityCommand implements Callable<Integer> {

  @Option(names = "--repo", required = true, description = "local repository")
  Path repo;

  @Option(names = "--rev", defaultValue = "HEAD", description = "revision to walk (default HEAD)")
  String rev;

  @Option(names = "--show", defaultValue = "10", description = "differences to print")
  int show;

  @Override
  public Integer call() throws Exception {
    IngestRun.configureObjectCache();
    var source =
        RepoSource.of(
            repo.toString(),
            Visibility.PRIVATE,
            RepoSource.BranchSelection.DEFAULT,
            null,
            Optional.empty());
    try (var r = new RepoOpener(Path.of(".")).open(source)) {
      var report = ParityCheck.run(r, repo, rev, new ExtensionClassifier(), show);
      for (var d : report.differences()) {
        System.out.println("commit " + d.sha());
        System.out.println("  git:");
        d.git().forEach(x -> System.out.println("    " + x));
        System.out.println("  ingest:");
        d.ours().forEach(x -> System.out.println("    " + x));
      }
      System.out.printf(
          Locale.ROOT,
          "parity: %d of %d commits identical (%.3f%%) against: %s%n",
          report.identical(),
          report.commits(),
          100 * report.identicalShare(),
          String.join(" ", GitNumstat.command(repo, rev)));
      return 0;
    }
  }
}
