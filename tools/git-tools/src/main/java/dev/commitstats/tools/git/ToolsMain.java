package dev.commitstats.tools.git;

import dev.commitstats.runtime.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The git tools' entry point: {@code samples} and {@code parity}. */
@Command(
    name = "commitstats",
    mixinStandardHelpOptions = true,
    version = "commitstats 0.1.0",
    description =
        "Development tools: the demo's sample repositories, the parity check against git.",
    subcommands = {SamplesCommand.class, ParityCommand.class})
public final class ToolsMain implements Runnable {

  public static void main(String[] args) {
    System.exit(Cli.execute(new ToolsMain(), args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
