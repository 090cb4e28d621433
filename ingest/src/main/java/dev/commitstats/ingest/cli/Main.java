package dev.commitstats.ingest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The ingest stage's entry point: {@code ingest}, {@code sql} and {@code samples}. */
@Command(
    name = "commitstats",
    mixinStandardHelpOptions = true,
    version = "commitstats 0.1.0",
    description = "Commit and diff metadata from git repositories, as a raw Parquet lake.",
    subcommands = {
      IngestCommand.class,
      SqlCommand.class,
      SamplesCommand.class,
      ParityCommand.class,
      AccountsCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit status (0 ok, 1 failed, 2 usage). */
  public static int run(String... args) {
    NativeLibrarySweep.sweep(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    var cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + dev.commitstats.ingest.Secrets.describe(e));
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
