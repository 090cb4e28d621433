package dev.commitstats.ingest.cli;

import dev.commitstats.accounts.AccountsCommand;
import dev.commitstats.lake.sql.SqlCommand;
import dev.commitstats.runtime.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The ingest process's entry point: {@code ingest}, and the commands that share its classpath,
 * {@code sql} (the lake module) and {@code accounts} (the accounts module).
 */
@Command(
    name = "commitstats",
    mixinStandardHelpOptions = true,
    version = "commitstats 0.1.0",
    description = "Commit and diff metadata from git repositories, as a raw Parquet lake.",
    subcommands = {IngestCommand.class, SqlCommand.class, AccountsCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit status (0 ok, 1 failed, 2 usage). */
  public static int run(String... args) {
    NativeLibrarySweep.sweep(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    return Cli.execute(new Main(), args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
