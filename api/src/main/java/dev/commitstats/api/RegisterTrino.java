package dev.commitstats.api;

import dev.commitstats.api.engine.EngineException;
import dev.commitstats.api.engine.TrinoEngine;
import dev.commitstats.api.engine.TrinoRegistration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./commitstats register --engine trino}: the lake's Delta tables registered in a Trino
 * {@code delta_lake} catalog (see {@link TrinoRegistration}); {@code ./commitstats serve --engine
 * trino} then answers through it.
 */
@Command(
    name = "commitstats register",
    mixinStandardHelpOptions = true,
    description = "Register the lake's Delta tables in Trino.")
public final class RegisterTrino implements Callable<Integer> {
  @Option(names = "--lake", required = true, description = "the lake: a local folder or s3://…")
  String lake;

  @Option(
      names = "--engine",
      required = true,
      description = "trino (Athena's registration is the Spark job: --engine athena)")
  String engine;

  @Option(
      names = "--trino-url",
      required = true,
      description =
          "jdbc:trino://HOST:PORT/CATALOG/SCHEMA: the schema is created when missing (the"
              + " password from COMMITSTATS_TRINO_PASSWORD)")
  String trinoUrl;

  @Option(
      names = "--trino-user",
      defaultValue = "commitstats",
      description = "the user (default ${DEFAULT-VALUE})")
  String trinoUser;

  @Option(
      names = "--trino-location",
      description =
          "where Trino sees the lake's root, when not where this machine does (default: the"
              + " s3:// URL, or local:///ABSOLUTE/PATH for a local lake)")
  String location;

  @Override
  public Integer call() {
    if (!"trino".equals(engine)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "this registration is for --engine trino, not '" + engine + "'");
    }
    List<TrinoRegistration.Outcome> outcomes =
        TrinoRegistration.register(TrinoEngine.Settings.of(trinoUrl, trinoUser), lake, location);
    long failed = outcomes.stream().filter(TrinoRegistration.Outcome::failed).count();
    for (TrinoRegistration.Outcome o : outcomes) {
      System.out.println(o.table() + ": " + o.result() + " (" + o.location() + ")");
    }
    if (outcomes.isEmpty()) {
      System.err.println(
          "commitstats register: the lake holds no Delta tables yet: run ./commitstats transform");
      return 1;
    }
    if (failed > 0) {
      System.err.println(
          "commitstats register: " + failed + " of " + outcomes.size() + " tables not registered");
      return 1;
    }
    return 0;
  }

  public static void main(String[] args) {
    var cmd = new CommandLine(new RegisterTrino());
    cmd.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof EngineException || e instanceof IllegalArgumentException) {
            c.getErr().println("commitstats register: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    System.exit(cmd.execute(args));
  }
}
