package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commitstats.api.engine.DuckDbEngine;
import dev.commitstats.api.engine.EngineException;
import dev.commitstats.api.engine.JdbcLakeEngine;
import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.engine.TrinoEngine;
import dev.commitstats.api.engine.TrinoRegistration;
import dev.commitstats.api.query.SqlCvQueries;
import dev.commitstats.api.trino.TrinoServer;
import dev.commitstats.model.DeltaTables;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every question the API asks, on the same lake, on embedded DuckDB and on a real Trino (Athena
 * engine v3 is Trino): identical answers, row for row; the API served through Trino answers the
 * same JSON; the Athena code path (versions from {@code as_of}) runs against Trino with only the
 * driver swapped; and a Trino that is down is a 503, not a stack trace.
 */
class TrinoEngineTest {
  static final String SCHEMA = "fixture";
  static LakeFixture fixture;
  static TrinoServer trino;
  static DuckDbEngine duck;
  static JdbcLakeEngine onTrino;
  static SqlCvQueries duckQueries;
  static SqlCvQueries trinoQueries;
  static List<TrinoRegistration.Outcome> registered;

  @BeforeAll
  static void start() {
    fixture = LakeFixture.get();
    trino = TrinoServer.get();
    var settings = TrinoEngine.Settings.of(trino.jdbcUrl(SCHEMA), "commitstats-test");
    registered = TrinoRegistration.register(settings, fixture.lake.toString(), null);
    duck = DuckDbEngine.open(fixture.lake, 2, Duration.ofMinutes(10));
    onTrino = TrinoEngine.open(settings, Duration.ofMinutes(10));
    duckQueries = new SqlCvQueries(duck);
    trinoQueries = new SqlCvQueries(onTrino);
  }

  @AfterAll
  static void stop() {
    duck.close();
    onTrino.close();
  }

  /** Every CvQueries method, with every parameter shape the API sends. */
  static Map<String, Function<SqlCvQueries, Object>> questions() {
    var q = new LinkedHashMap<String, Function<SqlCvQueries, Object>>();
    LocalDate from = LocalDate.parse("2024-12-30");
    LocalDate to = LocalDate.parse("2025-12-29");
    for (String user : List.of("alice", "bob", "nobody", "o'brien")) {
      q.put("summary " + user, c -> c.summary(user));
      q.put("languages " + user, c -> c.languages(user));
      q.put("weekly " + user, c -> c.weekly(user, from, to));
      q.put("weekly one week " + user, c -> c.weekly(user, from.plusWeeks(1), from.plusWeeks(1)));
      q.put("weekly empty range " + user, c -> c.weekly(user, to, from));
      q.put("week totals " + user, c -> c.weekTotals(user, from, to));
      q.put(
          "week totals ten years " + user,
          c -> c.weekTotals(user, LocalDate.parse("2016-01-04"), to));
      q.put("oss " + user, c -> c.oss(user));
      q.put("packages 50 " + user, c -> c.packages(user, 50));
      q.put("packages 1 " + user, c -> c.packages(user, 1));
      for (String period : List.of("week", "month", "year")) {
        q.put("digests " + period + " " + user, c -> c.digests(user, period, from, to));
      }
      q.put("user repos " + user, c -> c.userRepos(user));
    }
    q.put("repos", SqlCvQueries::repos);
    q.put("transform runs 20", c -> c.transformRuns(20));
    q.put("transform runs 1", c -> c.transformRuns(1));
    q.put("quarantined raw files", SqlCvQueries::quarantined);
    q.put("top users 5", c -> c.topUsers(5));
    q.put("top users 1", c -> c.topUsers(1));
    return q;
  }

  @Test
  void everyTableIsRegistered() {
    assertThat(registered).noneMatch(TrinoRegistration.Outcome::failed);
    assertThat(registered)
        .extracting(TrinoRegistration.Outcome::table)
        .contains("user_cv_summary", "user_language_stats", "repo_status", "_transform_runs");
    // again: nothing to do
    var again =
        TrinoRegistration.register(
            TrinoEngine.Settings.of(trino.jdbcUrl(SCHEMA), "commitstats-test"),
            fixture.lake.toString(),
            null);
    assertThat(again).allMatch(o -> o.result().equals("already registered"));
  }

  @Test
  void everyQueryAnswersTheSameOnDuckDbAndTrino() {
    var differences = new ArrayList<String>();
    int nonEmpty = 0;
    for (var e : questions().entrySet()) {
      Object onDuck = e.getValue().apply(duckQueries);
      Object onTrinoAnswer = e.getValue().apply(trinoQueries);
      if (!onDuck.equals(onTrinoAnswer)) {
        differences.add(e.getKey() + ":\n  duckdb " + onDuck + "\n  trino  " + onTrinoAnswer);
      }
      if (!(onDuck instanceof List<?> l && l.isEmpty())
          && !(onDuck instanceof java.util.Optional<?> o && o.isEmpty())) {
        nonEmpty++;
      }
    }
    assertThat(differences).isEmpty();
    // the comparison compares something: alice's and bob's answers have rows (nobody's and the
    // quoted name's are empty on purpose)
    assertThat(nonEmpty).isGreaterThanOrEqualTo(20);
    System.out.println(
        "TrinoEngineTest: "
            + questions().size()
            + " questions ("
            + nonEmpty
            + " with rows) identical on DuckDB and Trino");
  }

  @Test
  void tableVersionsAreTheDeltaVersionsDuckDbReads() {
    for (String t : DeltaTables.ALL) {
      if (duck.versions().has(t)) {
        assertThat(onTrino.versions().version(t)).as(t).isEqualTo(duck.versions().version(t));
      }
    }
    assertThat(onTrino.versions().has("user_cv_summary")).isTrue();
  }

  @Test
  void theApiServedThroughTrinoAnswersTheSameJson() throws Exception {
    var json = new ObjectMapper();
    try (var d = new TestServer(duck, ApiSettings.defaults());
        var t = new TestServer(onTrino, ApiSettings.defaults())) {
      for (String user : List.of("alice", "bob")) {
        for (String path : TestServer.publicPaths(user)) {
          if (!path.startsWith("/api/") || path.endsWith(".svg")) {
            continue;
          }
          var a = d.get(path);
          var b = t.get(path);
          assertThat(b.statusCode()).as(path).isEqualTo(a.statusCode());
          JsonNode ja = withoutEngine(json.readTree(a.body()));
          JsonNode jb = withoutEngine(json.readTree(b.body()));
          if (path.equals("/api/v1/status")) {
            sameModifiedTimes(ja, jb);
          }
          assertThat(jb).as(path).isEqualTo(ja);
        }
        var card = t.get("/api/v1/users/" + user + "/card.svg");
        assertThat(card.body()).isEqualTo(d.get("/api/v1/users/" + user + "/card.svg").body());
      }
    }
  }

  /**
   * A table version's time: Delta Kernel (DuckDB's side) gives the log file's modification time,
   * which is Delta's version timestamp; Trino's {@code $history} gives the commit's {@code
   * commitInfo.timestamp}, taken just before the file is written. Same versions, times a few
   * milliseconds apart: compared within a second, then left out.
   */
  static void sameModifiedTimes(JsonNode duckStatus, JsonNode trinoStatus) {
    var d = duckStatus.get("tables");
    var t = trinoStatus.get("tables");
    assertThat(t.size()).isEqualTo(d.size());
    for (int i = 0; i < d.size(); i++) {
      var md = java.time.Instant.parse(d.get(i).get("modified").asText());
      var mt = java.time.Instant.parse(t.get(i).get("modified").asText());
      assertThat(Duration.between(mt, md).abs())
          .as(d.get(i).toString())
          .isLessThan(Duration.ofSeconds(1));
      ((ObjectNode) d.get(i)).remove("modified");
      ((ObjectNode) t.get(i)).remove("modified");
    }
  }

  /** The engine's name and the answer's own time are the fields that may differ. */
  static JsonNode withoutEngine(JsonNode n) {
    if (n instanceof ObjectNode o) {
      o.remove("engine");
      o.remove("generated_at");
      o.fields().forEachRemaining(e -> withoutEngine(e.getValue()));
    } else if (n != null && n.isArray()) {
      n.forEach(TrinoEngineTest::withoutEngine);
    }
    return n;
  }

  /**
   * The two commands as a person runs them: {@code register --engine trino} into a new schema, then
   * {@code serve --engine trino} in its own JVM, whose CV answer equals DuckDB's.
   */
  @Test
  void registerAndServeWithTrinoEndToEnd() throws Exception {
    String url = trino.jdbcUrl("cli_" + ProcessHandle.current().pid());
    var out = new java.io.StringWriter();
    var register = new picocli.CommandLine(new RegisterTrino());
    register.setOut(new java.io.PrintWriter(out));
    int code =
        register.execute(
            "--lake", fixture.lake.toString(), "--engine", "trino", "--trino-url", url);
    assertThat(code).isZero();
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process serve =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.commitstats.api.Main",
                "--lake",
                fixture.lake.toString(),
                "--engine",
                "trino",
                "--trino-url",
                url,
                "--port",
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(
                LakeFixture.modulePath("api").resolve("target/serve-trino.log").toFile())
            .start();
    try (var d = new TestServer(duck, ApiSettings.defaults())) {
      var http = java.net.http.HttpClient.newHttpClient();
      var request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/users/alice/cv"))
              .build();
      java.net.http.HttpResponse<String> r = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        try {
          r = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            break;
          }
        } catch (java.io.IOException e) {
          // not listening yet
        }
        assertThat(serve.isAlive()).as("serve --engine trino exited").isTrue();
        Thread.sleep(300);
      }
      assertThat(r).isNotNull();
      assertThat(r.statusCode()).isEqualTo(200);
      var json = new ObjectMapper();
      assertThat(withoutEngine(json.readTree(r.body())))
          .isEqualTo(withoutEngine(json.readTree(d.get("/api/v1/users/alice/cv").body())));
    } finally {
      serve.destroy();
      serve.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void theAthenaCodePathRunsOnTrinoWithOnlyTheDriverSwapped() {
    // AthenaEngine's connection, with Trino's driver and URL in place of Athena's
    var athenaLike =
        new JdbcLakeEngine(
            new JdbcLakeEngine.Connect(
                "athena",
                "io.trino.jdbc.TrinoDriver",
                "no driver",
                trino.jdbcUrl(SCHEMA),
                props(),
                JdbcLakeEngine.VersionSource.AS_OF,
                dev.commitstats.api.engine.AthenaEngine.TABLES),
            Duration.ofMinutes(10));
    try {
      long asOf = duckQueries.summary("alice").orElseThrow().asOf().toEpochMilli();
      assertThat(athenaLike.versions().version("user_cv_summary")).isEqualTo(asOf);
      assertThat(athenaLike.versions().version("user_language_stats")).isEqualTo(asOf);
      var q = new SqlCvQueries(athenaLike);
      assertThat(q.summary("alice")).isEqualTo(duckQueries.summary("alice"));
      assertThat(q.languages("alice")).isEqualTo(duckQueries.languages("alice"));
      // result paging: more rows than one page of the driver's protocol
      List<Long> many =
          athenaLike.query(
              "SELECT a * 1000 + b AS x FROM UNNEST(sequence(0, 119)) AS s(a)"
                  + " CROSS JOIN UNNEST(sequence(1, 1000)) AS t(b) WHERE a >= ? ORDER BY x",
              List.of(0),
              r -> r.longValue("x"));
      assertThat(many).hasSize(120_000);
      assertThat(many.get(119_999)).isEqualTo(120_000L);
    } finally {
      athenaLike.close();
    }
  }

  static Properties props() {
    var p = new Properties();
    p.setProperty("user", "commitstats-test");
    return p;
  }

  @Test
  void aTrinoThatIsDownIsA503WithRetryAfterAndNoStackTrace() throws Exception {
    int closed;
    try (var s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    SqlEngine down =
        TrinoEngine.open(
            TrinoEngine.Settings.of(
                "jdbc:trino://127.0.0.1:" + closed + "/delta/" + SCHEMA, "commitstats-test"),
            Duration.ofMinutes(10));
    try (var server = new TestServer(down, ApiSettings.defaults())) {
      var r = server.get("/api/v1/users/alice/cv");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.trino");
    } finally {
      down.close();
    }
    assertThatThrownBy(() -> down.query("SELECT 1 AS x", List.of(), row -> row.longValue("x")))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("trino query failed:");
  }

  @Test
  void badUrlsAndPasswordsInUrlsAreRefused() {
    assertThatThrownBy(() -> TrinoEngine.Settings.of("jdbc:trino://host:8080", null))
        .hasMessageContaining("jdbc:trino://HOST:PORT/CATALOG/SCHEMA");
    assertThatThrownBy(
            () -> TrinoEngine.Settings.of("jdbc:trino://h:1/delta/cv?password=secret", null))
        .hasMessageContaining(TrinoEngine.PASSWORD_ENV)
        .hasMessageNotContaining("secret");
    var s = new TrinoEngine.Settings("jdbc:trino://h:1/delta/cv", null, "hunter2");
    assertThat(s.toString()).doesNotContain("hunter2");
    assertThat(s.user()).isEqualTo("commitstats");
    assertThat(s.catalog()).isEqualTo("delta");
    assertThat(s.schema()).isEqualTo("cv");
  }
}
