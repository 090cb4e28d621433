package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commitstats.api.aws.ApiHandler;
import dev.commitstats.api.engine.DuckDbEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's Lambda handler, called as the Lambda runtime calls it (an API Gateway HTTP API event,
 * payload format 2.0, on a stream; the answer on a stream), answers exactly what the HTTP server
 * answers, opens no network port, and keeps private names out.
 */
class ApiHandlerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static ApiHandler handler;
  static TestServer server;
  static long startMillis;

  @BeforeAll
  static void start() {
    var fixture = LakeFixture.get();
    long t0 = System.nanoTime();
    handler = new ApiHandler(Map.of("COMMITSTATS_LAKE", fixture.lake.toString()));
    startMillis = (System.nanoTime() - t0) / 1_000_000;
    server =
        new TestServer(
            DuckDbEngine.open(fixture.lake, 2, Duration.ofSeconds(5)),
            new ApiSettings(java.util.List.of(), 60, 0, null));
  }

  @AfterAll
  static void stop() {
    handler.close();
    server.close();
  }

  static ObjectNode event(String method, String pathAndQuery, Map<String, String> headers) {
    String path =
        pathAndQuery.contains("?")
            ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
            : pathAndQuery;
    String query =
        pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "";
    ObjectNode e = JSON.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", "$default");
    e.put("rawPath", path);
    e.put("rawQueryString", query);
    ObjectNode h = e.putObject("headers");
    h.put("host", "abc123.execute-api.eu-west-1.amazonaws.com");
    h.put("user-agent", "Amazon CloudFront");
    h.put("x-forwarded-for", "203.0.113.7");
    headers.forEach(h::put);
    ObjectNode ctx = e.putObject("requestContext");
    ctx.put("accountId", "123456789012");
    ctx.put("apiId", "abc123");
    ctx.put("stage", "$default");
    ctx.put("requestId", "req-1");
    ObjectNode http = ctx.putObject("http");
    http.put("method", method);
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "203.0.113.7");
    e.put("isBase64Encoded", false);
    return e;
  }

  static JsonNode call(ObjectNode event) throws Exception {
    var out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
    return JSON.readTree(out.toByteArray());
  }

  @Test
  void everyPublicPathAnswersAsTheHttpServerDoes() throws Exception {
    System.out.println(
        "API handler: started (engine, app, local connector) in " + startMillis + " ms");
    for (String path : TestServer.publicPaths("alice")) {
      JsonNode answer = call(event("GET", path, Map.of()));
      var http = server.get(path);
      assertThat(answer.path("statusCode").asInt()).as(path).isEqualTo(http.statusCode());
      String body =
          answer.path("isBase64Encoded").asBoolean()
              ? new String(
                  java.util.Base64.getDecoder().decode(answer.path("body").asText()),
                  java.nio.charset.StandardCharsets.UTF_8)
              : answer.path("body").asText();
      if (!path.equals("/api/v1/status") && !path.equals("/health")) {
        // the same answer, but for the moment it was made
        String when = "\"generated_at\":\"[^\"]*\"";
        assertThat(body.replaceAll(when, "")).as(path).isEqualTo(http.body().replaceAll(when, ""));
      }
      assertThat(answer.path("headers").path("Content-Type").asText())
          .as(path)
          .isEqualTo(http.headers().firstValue("Content-Type").orElse(""));
      for (String marker : LakeFixture.PRIVATE_MARKERS) {
        assertThat(answer.toString()).as(path).doesNotContain(marker);
      }
    }
    assertThat(handler.listensOnNetwork()).as("a network port in the handler").isFalse();
  }

  @Test
  void etagsQueriesAndErrorsPassThrough() throws Exception {
    JsonNode first = call(event("GET", "/api/v1/users/alice/languages", Map.of()));
    String etag = first.path("headers").path("ETag").asText();
    assertThat(etag).isNotEmpty();
    assertThat(first.path("headers").path("Cache-Control").asText()).contains("max-age=60");
    JsonNode again =
        call(event("GET", "/api/v1/users/alice/languages", Map.of("if-none-match", etag)));
    assertThat(again.path("statusCode").asInt()).isEqualTo(304);
    assertThat(again.path("body").asText()).isEmpty();

    JsonNode range = call(event("GET", "/api/v1/users/alice/weekly?from=2025-02-30", Map.of()));
    assertThat(range.path("statusCode").asInt()).isEqualTo(400);
    assertThat(range.path("body").asText()).contains("bad_date");

    JsonNode unknown = call(event("GET", "/api/v1/users/nobody-here/cv", Map.of()));
    assertThat(unknown.path("statusCode").asInt()).isEqualTo(404);

    JsonNode post = call(event("POST", "/api/v1/users/alice/cv", Map.of()));
    assertThat(post.path("statusCode").asInt()).isEqualTo(405);
    assertThat(post.path("headers").path("Allow").asText()).isEqualTo("GET, HEAD");
  }

  @Test
  void aHeaderCannotInjectAnother() throws Exception {
    JsonNode answer =
        call(event("GET", "/api/v1/users/alice/cv", Map.of("x-test", "a\r\nIf-None-Match: *")));
    assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
  }

  @Test
  void aMissingLakeIsSaidInWords() {
    assertThatThrownBy(() -> new ApiHandler(Map.of()))
        .hasMessageContaining("COMMITSTATS_LAKE is not set");
    assertThatThrownBy(
            () -> new ApiHandler(Map.of("COMMITSTATS_LAKE", "/x", "COMMITSTATS_ENGINE", "sqlite")))
        .hasMessageContaining("sqlite");
  }
}
