package dev.commitstats.tools.git;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code samples}: creates the demo's sample repositories and prints their paths. */
@Command(
    name = "samples",
    mixinStandardHelpOptions = true,
    description = "Creates small sample git repositories for the demo (kept if they exist).")
final class SamplesCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "folder for the samples")
  Path out;

  @Override
  public Integer call() throws Exception {
    for (Path p : SampleRepos.create(out)) {
      System.out.println(p.toAbsolutePath());
    }
    return 0;
  }
}
