package dev.commitstats.api;

import dev.commitstats.api.engine.EngineException;
import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.query.SqlCvQueries;
import dev.commitstats.api.service.ApiException;
import dev.commitstats.api.service.ApiResponse;
import dev.commitstats.api.service.CvService;
import dev.commitstats.api.service.DigestRenderer;
import dev.commitstats.api.service.Json;
import dev.commitstats.api.service.ResponseCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./commitstats digest}: one user's weekly digest (or month or year in review) from a lake,
 * as Markdown, one self-contained HTML document (to mail) or the API's JSON.
 */
@Command(
    name = "digest",
    mixinStandardHelpOptions = true,
    description = "A user's weekly digest, or a month or year in review, from the lake.")
public final class DigestCommand implements Callable<Integer> {
  @Option(names = "--lake", required = true, description = "the lake: a folder or s3://bucket/…")
  String lake;

  @Option(names = "--user", required = true, description = "the user id")
  String user;

  @Option(names = "--week", description = "any day of the week (YYYY-MM-DD); default: last week")
  String week;

  @Option(names = "--month", description = "a month in review (YYYY-MM)")
  String month;

  @Option(names = "--year", description = "a year in review (YYYY)")
  String year;

  @Option(
      names = "--format",
      defaultValue = "md",
      description = "md (default), html (self-contained, to mail) or json")
  String format;

  @Option(names = "--out", description = "write to this file instead of standard output")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!java.util.List.of("md", "html", "json").contains(format)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--format is md, html or json, not '" + format + "'");
    }
    var serve = new Main();
    new CommandLine(serve).parseArgs("--lake", lake, "--connections", "1");
    try (SqlEngine sql = serve.openEngine()) {
      Clock clock = Clock.systemUTC();
      var cv = new CvService(new SqlCvQueries(sql), sql, new ResponseCache(0, null, clock), clock);
      ApiResponse r =
          cv.digestAnswer(
              "digest-" + format,
              user,
              week,
              month,
              year,
              d ->
                  new ApiResponse(
                      switch (format) {
                        case "html" -> DigestRenderer.html(d).getBytes(StandardCharsets.UTF_8);
                        case "json" -> Json.bytes(d);
                        default -> DigestRenderer.markdown(d).getBytes(StandardCharsets.UTF_8);
                      },
                      ApiResponse.JSON,
                      null));
      if (out != null) {
        Files.write(out, r.body());
        System.err.println("commitstats digest: wrote " + out);
      } else {
        System.out.write(r.body());
        System.out.flush();
      }
      return 0;
    }
  }

  public static void main(String[] args) {
    var cmd = new CommandLine(new DigestCommand());
    cmd.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof ApiException a) {
            c.getErr().println("commitstats digest: " + a.getMessage());
            return a.status() == 404 ? 3 : 2;
          }
          if (e instanceof EngineException
              || e instanceof IllegalArgumentException
              || e instanceof CommandLine.ParameterException) {
            c.getErr().println("commitstats digest: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    System.exit(cmd.execute(args));
  }
}
