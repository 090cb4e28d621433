package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.api.engine.DuckDbEngine;
import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.aws.LambdaInvoke;
import dev.commitstats.lake.Lake;
import dev.commitstats.lake.S3Lake;
import dev.commitstats.lake.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API as it runs on AWS: the Lambda handler in a process of its own (made and called as the
 * Java runtime does) over a lake on S3 (S3Proxy), with the embedded engine reading the tables it
 * copied into its /tmp. Every public path answers as the local server over the same tables does.
 * Prints the process's time from its start to the handler made, and the answers' times
 * (bench/api-lambda.sh repeats it for the figures).
 */
class ApiOnS3Test {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HANDLER = "dev.commitstats.api.aws.ApiHandler::handleRequest";
  @TempDir Path tmp;

  @Test
  void theLambdaHandlerOverAnS3LakeAnswersAsTheLocalServer() throws Exception {
    var fixture = LakeFixture.get();
    int repeats = Integer.getInteger("commitstats.bench.cv-answers", 200);
    try (var s3 = new S3TestServer("lake");
        Lake bucket = S3Lake.fromEnvironment("s3://lake", s3.environment()::get);
        var local =
            new TestServer(
                DuckDbEngine.open(fixture.lake, 2, Duration.ofSeconds(5)),
                new ApiSettings(List.of(), 60, 0, null))) {
      Path delta = fixture.lake.resolve("delta");
      try (Stream<Path> files = Files.walk(delta)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String key = "delta/" + delta.relativize(f).toString().replace('\\', '/');
          Path staged = bucket.stagingFile(key);
          Files.copy(f, staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          bucket.publish(staged, key);
        }
      }
      List<String> paths = new ArrayList<>(TestServer.publicPaths("alice"));
      var events = new ArrayList<String>();
      for (String p : paths) {
        events.add(JSON.writeValueAsString(ApiHandlerTest.event("GET", p, Map.of())));
      }
      String cv =
          JSON.writeValueAsString(ApiHandlerTest.event("GET", "/api/v1/users/alice/cv", Map.of()));
      for (int i = 0; i < repeats; i++) {
        events.add(cv);
      }
      Map<String, String> env = new HashMap<>(s3.environment());
      env.put("COMMITSTATS_LAKE", "s3://lake");
      env.put("COMMITSTATS_ENGINE", "duckdb");
      if (System.getProperty("commitstats.bench.jvm") != null) {
        env.put("JAVA_TOOL_OPTIONS", System.getProperty("commitstats.bench.jvm"));
      }
      Path log = tmp.resolve("api.log");
      var args = new ArrayList<String>(List.of(HANDLER));
      args.addAll(events);
      var outcome =
          ChildIngest.finish(
              log,
              ChildIngest.startMain(
                  log, env, LambdaInvoke.class.getName(), args.toArray(String[]::new)));
      assertThat(outcome.exitCode()).as(outcome.output()).isZero();
      List<String> answers = outcome.output().lines().filter(l -> l.startsWith("ANSWER ")).toList();
      assertThat(answers).hasSize(events.size());
      String when = "\"generated_at\":\"[^\"]*\"";
      for (int i = 0; i < paths.size(); i++) {
        JsonNode a = answer(answers.get(i));
        var http = local.get(paths.get(i));
        assertThat(a.path("statusCode").asInt()).as(paths.get(i)).isEqualTo(http.statusCode());
        if (!paths.get(i).equals("/api/v1/status") && !paths.get(i).equals("/health")) {
          String body =
              a.path("isBase64Encoded").asBoolean()
                  ? new String(java.util.Base64.getDecoder().decode(a.path("body").asText()))
                  : a.path("body").asText();
          assertThat(body.replaceAll(when, ""))
              .as(paths.get(i))
              .isEqualTo(http.body().replaceAll(when, ""));
        }
      }
      outcome
          .output()
          .lines()
          .filter(l -> l.contains("api_ready") || l.contains("commitstats serve:"))
          .forEach(l -> System.out.println("api-on-s3: " + l));
      long init =
          Long.parseLong(
              outcome
                  .output()
                  .lines()
                  .filter(l -> l.startsWith("INIT "))
                  .findFirst()
                  .orElseThrow()
                  .substring(5)
                  .trim());
      double first = millis(answers.get(0));
      double[] warm =
          answers.subList(paths.size(), answers.size()).stream()
              .mapToDouble(ApiOnS3Test::millis)
              .sorted()
              .toArray();
      double[] localMs = new double[repeats];
      for (int i = 0; i < repeats; i++) {
        long t0 = System.nanoTime();
        local.get("/api/v1/users/alice/cv");
        localMs[i] = (System.nanoTime() - t0) / 1e6;
      }
      java.util.Arrays.sort(localMs);
      System.out.printf(
          java.util.Locale.ROOT,
          "api-on-s3: start to handler ready %d ms, first answer %.1f ms (start to first answer %.0f ms);"
              + " /cv over %d warm answers p50 %.3f ms p99 %.3f ms max %.3f ms; local HTTP server"
              + " p50 %.3f ms p99 %.3f ms%n",
          init,
          first,
          init + first,
          warm.length,
          warm[warm.length / 2],
          warm[(int) Math.ceil(warm.length * 0.99) - 1],
          warm[warm.length - 1],
          localMs[repeats / 2],
          localMs[(int) Math.ceil(repeats * 0.99) - 1]);
    }
  }

  static JsonNode answer(String line) {
    try {
      return JSON.readTree(line.substring(line.indexOf(' ', "ANSWER ".length()) + 1));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static double millis(String line) {
    String[] f = line.split(" ", 3);
    return Double.parseDouble(f[1]);
  }
}
