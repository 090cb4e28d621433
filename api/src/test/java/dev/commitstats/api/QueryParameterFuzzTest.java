package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.api.engine.DuckDbEngine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The API's path and query parameters are typed by strangers: fuzzed user ids and dates on every
 * user path answer 200, 400 or 404 with the JSON error shape, never a 500 or a stack trace.
 */
class QueryParameterFuzzTest {
  static DuckDbEngine engine;
  static TestServer server;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeContainer
  static void start() {
    engine = DuckDbEngine.open(LakeFixture.get().lake, 2, Duration.ofMinutes(10));
    server = new TestServer(engine, ApiSettings.defaults());
  }

  @AfterContainer
  static void stop() {
    server.close();
    engine.close();
  }

  @Provide
  Arbitrary<String> users() {
    return Arbitraries.oneOf(
        Arbitraries.of("alice", "bob", "nobody", "ALICE", "alice ", "../status", "a/b", "%00"),
        Arbitraries.strings().all().ofMaxLength(80),
        Arbitraries.strings().withChars("abc-_.0'\"%;<>/\\ ").ofMaxLength(300));
  }

  @Provide
  Arbitrary<String> dates() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "2025-01-06",
            "2025-02-30",
            "2025-13-01",
            "0000-01-01",
            "9999-12-31",
            "-1",
            "",
            "2025-1-6",
            "20250106",
            "2025-01-06T00:00:00Z",
            "NaN",
            "1e9"),
        Arbitraries.strings().all().ofMaxLength(40));
  }

  static final Set<Integer> ALLOWED = Set.of(200, 400, 404);

  static void answersCleanly(String path) throws Exception {
    var r = server.get(path);
    assertThat(r.statusCode()).as(path).isIn(ALLOWED);
    assertThat(r.body()).as(path).doesNotContain("Exception", "\tat ");
    if (r.statusCode() != 200) {
      var error = JSON.readTree(r.body());
      assertThat(error.path("status").asInt()).as(path).isEqualTo(r.statusCode());
      assertThat(error.path("message").asText()).as(path).isNotBlank();
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Property(tries = 300)
  void userIdsOnEveryPath(@ForAll("users") String user) throws Exception {
    for (String part :
        List.of("cv", "languages", "weekly", "oss", "packages", "repos", "card.svg")) {
      answersCleanly("/api/v1/users/" + enc(user) + "/" + part);
    }
  }

  /** Refused by the HTTP layer before any route: still the JSON error shape. */
  @net.jqwik.api.Example
  void nulAndBadUtf8InThePathAreJsonErrors() throws Exception {
    for (String bad : List.of("%00", "%FF", "%ED%A0%80", "a%00b")) {
      var r = server.get("/api/v1/users/" + bad + "/cv");
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("error").asText()).as(bad).isEqualTo("bad_request");
    }
  }

  @Property(tries = 400)
  void weeklyRanges(@ForAll("dates") String from, @ForAll("dates") String to) throws Exception {
    answersCleanly("/api/v1/users/alice/weekly?from=" + enc(from) + "&to=" + enc(to));
    answersCleanly("/api/v1/users/alice/weekly?from=" + enc(from));
  }
}
