package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.api.engine.DuckDbEngine;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP contract: shapes, caching headers, conditional requests, errors, CORS, OpenAPI. */
class ApiHttpTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static LakeFixture fixture;
  static DuckDbEngine engine;
  static TestServer server;

  @BeforeAll
  static void start() {
    fixture = LakeFixture.get();
    engine = DuckDbEngine.open(fixture.lake, 2, Duration.ofMinutes(10));
    server = new TestServer(engine, new ApiSettings(List.of("https://cv.example.org"), 60));
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  @Test
  void cvAnswersTotalsLanguagesWeeksOssPackagesAndFreshness() throws Exception {
    HttpResponse<String> r = server.get("/api/v1/users/alice/cv");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode cv = json(r);
    assertThat(cv.path("user_id").asText()).isEqualTo("alice");
    assertThat(cv.path("name").asText()).isEqualTo("Alice Example");
    assertThat(cv.path("totals").path("commits").asLong()).isEqualTo(6);
    assertThat(cv.path("totals").path("lines_added").asLong()).isEqualTo(18);
    assertThat(cv.path("languages").get(0).path("language").asText()).isEqualTo("Python");
    // The 52 weeks ending with the latest commit's week (Monday 2025-03-03).
    assertThat(cv.path("weekly").path("to").asText()).isEqualTo("2025-03-03");
    assertThat(cv.path("weekly").path("from").asText()).isEqualTo("2024-03-11");
    assertThat(cv.path("weekly").path("weeks")).hasSize(6);
    assertThat(cv.path("oss").get(0).path("repo_url").asText()).contains("/oss-org/oss-lib");
    assertThat(cv.path("packages").get(0).path("package").asText()).isEqualTo("left-pad");
    assertThat(cv.path("freshness").path("as_of").asText()).startsWith("20");
    assertThat(cv.path("freshness").path("table_versions").path("user_cv_summary").asLong())
        .isEqualTo(0);
  }

  @Test
  void writingMethodsAre405WithAllowAndNoAnswerIsSniffed() throws Exception {
    for (String path : TestServer.publicPaths("alice")) {
      if (path.startsWith("/static/") || path.startsWith("/webjars/")) {
        continue; // files, not routes
      }
      String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
        HttpResponse<String> r = server.send(method, bare);
        assertThat(r.statusCode()).as(method + " " + bare).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).as(bare).hasValue("GET, HEAD");
        assertThat(json(r).path("error").asText()).isEqualTo("method_not_allowed");
      }
      assertThat(server.get(path).headers().firstValue("X-Content-Type-Options"))
          .as(path)
          .hasValue("nosniff");
    }
    // an unknown path stays a 404, whatever the method
    assertThat(server.send("POST", "/api/v1/nothing-here").statusCode()).isEqualTo(404);
    assertThat(server.get("/api/v1/nothing-here").headers().firstValue("X-Content-Type-Options"))
        .hasValue("nosniff");
  }

  @Test
  void weeklyRangeIsMovedToMondaysAndValidated() throws Exception {
    JsonNode byDefault = json(server.get("/api/v1/users/alice/weekly"));
    assertThat(byDefault.path("from").asText()).isEqualTo("2024-03-11");
    assertThat(byDefault.path("to").asText()).isEqualTo("2025-03-03");
    assertThat(byDefault.path("totals")).hasSize(3);
    JsonNode w = json(server.get("/api/v1/users/alice/weekly?from=2025-01-08&to=2025-01-31"));
    assertThat(w.path("from").asText()).isEqualTo("2025-01-06");
    assertThat(w.path("to").asText()).isEqualTo("2025-01-27");
    assertThat(w.path("weeks")).hasSize(4);
    assertError(server.get("/api/v1/users/alice/weekly?from=2025-02-30"), 400, "bad_date");
    assertError(
        server.get("/api/v1/users/alice/weekly?from=2025-03-01&to=2025-01-01"),
        400,
        "bad_date_range");
    assertError(
        server.get("/api/v1/users/alice/weekly?from=1990-01-01&to=2025-01-01"),
        400,
        "bad_date_range");
  }

  @Test
  void etagAndCacheControlComeFromTableVersionsAndConditionalRequestsAnswer304() {
    HttpResponse<String> first = server.get("/api/v1/users/alice/languages");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=60, must-revalidate");
    HttpResponse<String> again = server.get("/api/v1/users/alice/languages", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    assertThat(
            server.get("/api/v1/users/alice/languages", "If-None-Match", "\"other\"").statusCode())
        .isEqualTo(200);
    assertThat(server.get("/api/v1/users/bob/languages").headers().firstValue("ETag"))
        .isNotEqualTo(java.util.Optional.of(etag));
  }

  @Test
  void headAnswersTheHeadersWithoutABody() {
    HttpResponse<String> get = server.get("/api/v1/users/alice/card.svg");
    HttpResponse<String> head = server.send("HEAD", "/api/v1/users/alice/card.svg");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
    assertThat(head.headers().firstValue("Content-Type")).hasValue("image/svg+xml; charset=utf-8");
  }

  @Test
  void aNewTableVersionChangesTheEtagAndTheAnswer(@TempDir Path dir) throws Exception {
    Path lake = copyLake(fixture.lake, dir.resolve("lake"));
    try (var e = DuckDbEngine.open(lake, 1, Duration.ofMinutes(10));
        var s = new TestServer(e, ApiSettings.defaults())) {
      String before =
          s.get("/api/v1/users/alice/card.svg").headers().firstValue("ETag").orElseThrow();
      // A new commit of user_cv_summary's log (as a transform run writes): version 1.
      Path log = lake.resolve("delta/user_cv_summary/_delta_log");
      Files.writeString(
          log.resolve("00000000000000000001.json"),
          "{\"commitInfo\":{\"timestamp\":1767225600000,\"operation\":\"WRITE\"}}\n");
      e.refresh();
      assertThat(e.versions().version("user_cv_summary")).isEqualTo(1);
      HttpResponse<String> after = s.get("/api/v1/users/alice/card.svg", "If-None-Match", before);
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(before));
    }
  }

  @Test
  void statementsPreparedBeforeANewVersionReadItsFiles(@TempDir Path dir) throws Exception {
    Path lake = copyLake(fixture.lake, dir.resolve("lake"));
    Path table = lake.resolve("delta/user_cv_summary");
    try (var e = DuckDbEngine.open(lake, 1, Duration.ofMinutes(10));
        var s = new TestServer(e, ApiSettings.defaults())) {
      assertThat(json(s.get("/api/v1/users/alice/cv")).path("totals").path("commits").asLong())
          .isEqualTo(6);
      // Version 1 replaces the table's one file by a copy with 1,000 more commits per user.
      List<String> old;
      try (Stream<Path> files = Files.list(table)) {
        old =
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).toList();
      }
      assertThat(old).hasSize(1);
      Path next = table.resolve("part-00000-next.snappy.parquet");
      try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
          var st = c.createStatement()) {
        st.execute(
            "COPY (SELECT * REPLACE (commits + 1000 AS commits) FROM read_parquet('"
                + table.resolve(old.get(0))
                + "')) TO '"
                + next
                + "' (FORMAT parquet)");
      }
      Files.writeString(
          table.resolve("_delta_log/00000000000000000001.json"),
          "{\"remove\":{\"path\":\""
              + old.get(0)
              + "\",\"deletionTimestamp\":1767225600000,\"dataChange\":true}}\n"
              + "{\"add\":{\"path\":\""
              + next.getFileName()
              + "\",\"partitionValues\":{},\"size\":"
              + Files.size(next)
              + ",\"modificationTime\":1767225600000,\"dataChange\":true}}\n"
              + "{\"commitInfo\":{\"timestamp\":1767225600000,\"operation\":\"WRITE\"}}\n");
      e.refresh();
      assertThat(json(s.get("/api/v1/users/alice/cv")).path("totals").path("commits").asLong())
          .isEqualTo(1006);
    }
  }

  @Test
  void concurrentRequestsForOneAnswerAskTheEngineOnce() throws Exception {
    var counting = new CountingEngine(engine);
    try (var s = new TestServer(counting, ApiSettings.defaults())) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<HttpResponse<String>>> all =
            Stream.generate(() -> pool.submit(() -> s.get("/api/v1/users/bob/cv")))
                .limit(32)
                .toList();
        for (Future<HttpResponse<String>> f : all) {
          assertThat(f.get().statusCode()).isEqualTo(200);
        }
      } finally {
        pool.shutdown();
      }
      // summary, languages, weekly, week totals, oss, packages: six queries for 32 requests.
      assertThat(counting.queries.get()).isEqualTo(6);
    }
  }

  @Test
  void badInputAnswersWithWhatIsAllowed() throws Exception {
    JsonNode bad = assertError(server.get("/api/v1/users/Alice!/cv"), 400, "bad_user_id");
    assertThat(bad.path("message").asText()).contains("lowercase letters, digits and '-'");
    assertError(server.get("/api/v1/users/" + "a".repeat(40) + "/cv"), 400, "bad_user_id");
    assertError(server.get("/api/v1/users/nobody/cv"), 404, "not_found");
    assertError(server.get("/api/v1/users/nobody/card.svg"), 404, "not_found");
    assertError(server.get("/api/v1/nothing-here"), 404, "not_found");
    assertThat(server.get("/cv/Not_Valid").statusCode()).isEqualTo(400);
  }

  @Test
  void engineFailureIs503WithARetryHintAndNoInternals(@TempDir Path dir) throws Exception {
    Path lake = copyLake(fixture.lake, dir.resolve("lake"));
    try (var e = DuckDbEngine.open(lake, 1, Duration.ofMinutes(10));
        var s = new TestServer(e, ApiSettings.defaults())) {
      try (Stream<Path> files = Files.list(lake.resolve("delta/user_language_stats"))) {
        for (Path p : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
          Files.delete(p);
        }
      }
      HttpResponse<String> r = s.get("/api/v1/users/alice/languages");
      JsonNode body = assertError(r, 503, "engine_unavailable");
      assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(r.body()).doesNotContain("SELECT", "parquet", lake.toString(), "Exception");
      assertThat(body.path("message").asText()).contains("retry");
    }
  }

  @Test
  void aLakeWithoutTablesSaysWhatToRun(@TempDir Path dir) throws Exception {
    try (var e = DuckDbEngine.open(dir, 1, Duration.ofMinutes(10));
        var s = new TestServer(e, ApiSettings.defaults())) {
      JsonNode body = assertError(s.get("/api/v1/users/alice/cv"), 503, "not_ready");
      assertThat(body.path("message").asText()).contains("./commitstats transform");
      JsonNode status = json(s.get("/api/v1/status"));
      assertThat(status.path("tables")).isEmpty();
      assertThat(status.path("repositories")).isEmpty();
    }
  }

  @Test
  void corsAllowsOnlyTheConfiguredOrigin() {
    HttpResponse<String> ok =
        server.get("/api/v1/users/alice/cv", "Origin", "https://cv.example.org");
    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://cv.example.org");
    HttpResponse<String> other =
        server.get("/api/v1/users/alice/cv", "Origin", "https://evil.example.com");
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void theCardIsAWellFormedSvgWithTheTotals() throws Exception {
    HttpResponse<String> r = server.get("/api/v1/users/alice/card.svg");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/svg+xml; charset=utf-8");
    var doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    String text = doc.getDocumentElement().getTextContent();
    // shares of the languages' 16 lines (package.json's 2 lines are data, not a language)
    assertThat(text)
        .contains("Alice Example", "6", "18", "Python 56.3%", "Go 31.3%", "JavaScript 12.5%")
        .doesNotContain("JSON");
  }

  @Test
  void pagesAndTheirScriptsAreServedLocally() {
    for (String path :
        List.of(
            "/cv/alice",
            "/status",
            "/swagger",
            "/webjars/echarts/5.3.1/dist/echarts.min.js",
            "/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js",
            "/static/cv.js")) {
      HttpResponse<String> r = server.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).doesNotContain("https://cdn", "http://cdn");
    }
    assertThat(server.get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void openapiDocumentsEveryPathAndEveryFieldAnswered() throws Exception {
    JsonNode api = json(server.get("/openapi.json"));
    var paths = api.path("paths");
    for (String p :
        List.of(
            "/api/v1/users/{user}/cv",
            "/api/v1/users/{user}/languages",
            "/api/v1/users/{user}/weekly",
            "/api/v1/users/{user}/oss",
            "/api/v1/users/{user}/packages",
            "/api/v1/users/{user}/repos",
            "/api/v1/users/{user}/card.svg",
            "/api/v1/users/{user}/digest",
            "/digest/{user}",
            "/api/v1/status",
            "/health",
            "/cv/{user}",
            "/status")) {
      assertThat(paths.has(p)).as(p).isTrue();
    }
    for (Map.Entry<String, String> e :
        Map.of(
                "/api/v1/users/alice/cv", "/api/v1/users/{user}/cv",
                "/api/v1/users/alice/languages", "/api/v1/users/{user}/languages",
                "/api/v1/users/alice/weekly", "/api/v1/users/{user}/weekly",
                "/api/v1/users/alice/oss", "/api/v1/users/{user}/oss",
                "/api/v1/users/alice/packages", "/api/v1/users/{user}/packages",
                "/api/v1/users/alice/repos", "/api/v1/users/{user}/repos",
                "/api/v1/users/alice/digest?week=2025-01-06", "/api/v1/users/{user}/digest",
                "/api/v1/status", "/api/v1/status")
            .entrySet()) {
      JsonNode schema =
          paths
              .path(e.getValue())
              .path("get")
              .path("responses")
              .path("200")
              .path("content")
              .path("application/json")
              .path("schema");
      assertDocumented(api, schema, json(server.get(e.getKey())), e.getKey());
    }
    assertDocumented(
        api,
        api.path("components").path("schemas").path("Error"),
        json(server.get("/api/v1/users/nobody/cv")),
        "error");
  }

  /** Every field of {@code value} is a property of {@code schema} (references followed). */
  static void assertDocumented(JsonNode api, JsonNode schema, JsonNode value, String where) {
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
      schema = api.path("components").path("schemas").path(name);
    }
    assertThat(schema.isMissingNode()).as("schema of " + where).isFalse();
    if (value.isObject()) {
      if (schema.has("additionalProperties")) {
        for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
          assertDocumented(api, schema.get("additionalProperties"), it.next(), where + ".*");
        }
        return;
      }
      JsonNode props = schema.path("properties");
      for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        assertThat(props.has(f)).as(where + "." + f + " is documented").isTrue();
        assertDocumented(api, props.get(f), value.get(f), where + "." + f);
      }
    } else if (value.isArray()) {
      for (JsonNode item : value) {
        assertDocumented(api, schema.path("items"), item, where + "[]");
      }
    }
  }

  static JsonNode assertError(HttpResponse<String> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("error").asText()).isEqualTo(code);
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("\tat ", "Exception", "SELECT");
    return body;
  }

  static Path copyLake(Path from, Path to) throws Exception {
    LakeFixture.copyTree(from.resolve("delta"), to.resolve("delta"));
    return to;
  }
}
