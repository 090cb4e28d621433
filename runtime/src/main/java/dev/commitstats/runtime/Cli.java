package dev.commitstats.runtime;

import picocli.CommandLine;

/** How every command-line entry point runs its picocli command: one error style, one exit code. */
public final class Cli {
  private Cli() {}

  /**
   * Runs {@code command} on {@code args} and returns its exit status (0 ok, 1 failed, 2 usage). An
   * exception that escapes a command is printed as one redacted line, {@code error: …}, never as a
   * stack trace.
   */
  public static int execute(Object command, String... args) {
    var cli = new CommandLine(command);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + Secrets.describe(e));
          return 1;
        });
    return cli.execute(args);
  }
}
