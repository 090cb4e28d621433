package dev.commitstats.api;

import static dev.commitstats.api.ApiHttpTest.assertError;
import static dev.commitstats.api.ApiHttpTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commitstats.api.engine.DuckDbEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The digest through the API and {@code ./commitstats digest}, on the fixture's lake (Alice: four
 * commits in the week of 2025-01-06 in three repositories, one of them private, then one each in
 * the weeks of 2025-02-03 and 2025-03-03; all at 10:00 UTC).
 */
class DigestApiTest {
  static LakeFixture fixture;
  static DuckDbEngine engine;
  static TestServer server;

  @BeforeAll
  static void start() {
    fixture = LakeFixture.get();
    engine = DuckDbEngine.open(fixture.lake, 2, Duration.ofMinutes(10));
    server = new TestServer(engine, ApiSettings.defaults());
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  private static JsonNode digest(String query) throws Exception {
    var r = server.get("/api/v1/users/alice/digest" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private static List<String> texts(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode measure(JsonNode d, String name) {
    for (JsonNode m : d.path("usual").path("measures")) {
      if (m.path("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no measure " + name);
  }

  @Test
  void aWeekWithNewLanguagesAPackageAndAFirstContribution() throws Exception {
    JsonNode d = digest("?week=2025-01-08"); // a Wednesday: its week is the one of Monday the 6th
    assertThat(d.path("period").asText()).isEqualTo("week");
    assertThat(d.path("label").asText()).isEqualTo("2025-W02");
    assertThat(d.path("period_start").asText()).isEqualTo("2025-01-06");
    assertThat(d.path("period_end").asText()).isEqualTo("2025-01-12");
    assertThat(d.path("complete").asBoolean()).isTrue();
    assertThat(d.path("quiet").asBoolean()).isFalse();
    JsonNode a = d.path("activity");
    assertThat(a.path("commits").asLong()).isEqualTo(4);
    assertThat(a.path("lines_added").asLong()).isEqualTo(15);
    assertThat(a.path("active_days").asLong()).isEqualTo(4);
    // the public repositories by name, the private one only as "private repository"
    var names = new ArrayList<String>();
    a.path("repositories").forEach(r -> names.add(r.path("repository").asText()));
    assertThat(names).hasSize(3).contains("private repository");
    assertThat(names).anySatisfy(n -> assertThat(n).contains("oss-lib"));
    // JSON is data, not a language: only Go, JavaScript and Python are new languages
    assertThat(texts(d.path("news").path("languages")))
        .containsExactly("Go", "JavaScript", "Python");
    assertThat(d.path("news").path("packages").get(0).path("ecosystem").asText()).isEqualTo("npm");
    assertThat(d.path("news").path("packages").get(0).path("package").asText())
        .isEqualTo("left-pad");
    assertThat(texts(d.path("news").path("oss_repositories")))
        .singleElement()
        .satisfies(u -> assertThat(u).contains("/oss-org/oss-lib"));
    assertThat(d.path("usual").path("periods").asInt()).isZero();
    assertThat(measure(d, "commits").path("verdict").asText()).isEqualTo("no_history");
    assertThat(d.path("streak").path("weeks").asLong()).isEqualTo(1);
    // Monday to Thursday at 10:00 (the commits' own zone is UTC)
    assertThat(texts(d.path("rhythm").path("by_weekday")))
        .containsExactly("1", "1", "1", "1", "0", "0", "0");
    assertThat(d.path("rhythm").path("by_hour").get(10).asLong()).isEqualTo(4);
    assertThat(texts(d.path("highlights"))).contains("First commits in Python.");
  }

  @Test
  void aWeekAgainstTheUsualOfTheWeeksBefore() throws Exception {
    JsonNode d = digest("?week=2025-02-03");
    assertThat(d.path("activity").path("commits").asLong()).isEqualTo(1);
    // the four weeks since her first: 4 commits, then three quiet weeks
    assertThat(d.path("usual").path("periods").asInt()).isEqualTo(4);
    JsonNode commits = measure(d, "commits");
    assertThat(commits.path("usual").asDouble()).isEqualTo(1.0);
    assertThat(commits.path("verdict").asText()).isEqualTo("usual");
    assertThat(measure(d, "active_days").path("usual").asDouble()).isEqualTo(1.0);
    assertThat(d.path("news").path("languages")).isEmpty();
    assertThat(d.path("streak").path("longest").asLong()).isEqualTo(1);
  }

  @Test
  void quietWeeksAreDigestsThatSaySo() throws Exception {
    JsonNode inside = digest("?week=2025-01-20");
    assertThat(inside.path("quiet").asBoolean()).isTrue();
    assertThat(inside.path("activity").path("commits").asLong()).isZero();
    assertThat(inside.path("streak").path("weeks").asLong()).isZero();
    assertThat(texts(inside.path("highlights"))).contains("A quiet week: no commits.");

    // after her last commit: no row in the table, the same shape
    JsonNode after = digest("?week=2025-06-02");
    assertThat(after.path("quiet").asBoolean()).isTrue();
    assertThat(after.path("usual").path("periods").asInt()).isEqualTo(12);
    assertThat(measure(after, "commits").path("usual").asDouble()).isZero();
    assertThat(after.path("streak").path("longest").asLong()).isEqualTo(1);
    assertThat(after.path("rhythm").path("by_hour")).hasSize(24);

    // by default: the last complete week
    JsonNode last = digest("");
    LocalDate monday =
        LocalDate.now(ZoneOffset.UTC)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .minusWeeks(1);
    assertThat(last.path("period_start").asText()).isEqualTo(monday.toString());
    assertThat(last.path("complete").asBoolean()).isTrue();
    assertThat(last.path("quiet").asBoolean()).isTrue();
  }

  @Test
  void aMonthAndAYearInReview() throws Exception {
    JsonNode jan = digest("?month=2025-01");
    assertThat(jan.path("label").asText()).isEqualTo("2025-01");
    assertThat(jan.path("period_end").asText()).isEqualTo("2025-01-31");
    assertThat(jan.path("activity").path("commits").asLong()).isEqualTo(4);
    JsonNode mar = digest("?month=2025-03");
    assertThat(mar.path("usual").path("periods").asInt()).isEqualTo(2);
    assertThat(measure(mar, "commits").path("usual").asDouble()).isEqualTo(2.5);
    JsonNode year = digest("?year=2025");
    assertThat(year.path("activity").path("commits").asLong()).isEqualTo(6);
    assertThat(texts(year.path("news").path("languages")))
        .containsExactly("Go", "JavaScript", "Python");
    assertThat(year.path("rhythm").path("by_weekday").get(0).asLong()).isEqualTo(3);
  }

  @Test
  void badPeriodsAreRefusedWithWhatIsAllowed() throws Exception {
    String u = "/api/v1/users/alice/digest";
    assertThat(
            assertError(server.get(u + "?week=2999-01-01"), 400, "bad_period")
                .path("message")
                .asText())
        .contains("future");
    assertThat(
            assertError(server.get(u + "?week=2024-12-30"), 404, "not_found")
                .path("message")
                .asText())
        .contains("before alice's first commit (2025-01-06)")
        .contains("2025-W02");
    assertError(server.get(u + "?month=2024-12"), 404, "not_found");
    assertThat(
            assertError(server.get(u + "?week=2025-13-01"), 400, "bad_period")
                .path("message")
                .asText())
        .contains("YYYY-MM-DD");
    assertError(server.get(u + "?month=2025-1"), 400, "bad_period");
    assertError(server.get(u + "?year=25"), 400, "bad_period");
    assertError(server.get(u + "?week=2025-01-06&month=2025-01"), 400, "bad_period");
    assertError(server.get("/api/v1/users/nobody/digest?week=2025-01-06"), 404, "not_found");
    assertError(server.get("/api/v1/users/Not_An_Id/digest"), 400, "bad_user_id");
  }

  @Test
  void theDigestCommandWritesMarkdownSelfContainedHtmlAndJson(@TempDir Path dir) throws Exception {
    var files = new ArrayList<String>();
    for (String format : List.of("md", "html", "json")) {
      Path out = dir.resolve("digest." + format);
      int code =
          new CommandLine(new DigestCommand())
              .execute(
                  "--lake",
                  fixture.lake.toString(),
                  "--user",
                  "alice",
                  "--week",
                  "2025-01-06",
                  "--format",
                  format,
                  "--out",
                  out.toString());
      assertThat(code).isZero();
      files.add(Files.readString(out));
    }
    assertThat(files.get(0))
        .startsWith("# Week 2025-W02 (2025-01-06 – 2025-01-12) — Alice Example")
        .contains("- First commits in Python.")
        .contains("| Commits | 4 |");
    String html = files.get(1);
    assertThat(html).startsWith("<!doctype html>").contains("<svg", "First commits in Python.");
    // self-contained: no scripts, no stylesheets or images from elsewhere
    assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script", "<link", "src=", "url(");
    assertThat(files.get(2)).contains("\"period_start\":\"2025-01-06\"");
    for (String f : files) {
      for (String marker : LakeFixture.PRIVATE_MARKERS) {
        assertThat(f.toLowerCase(Locale.ROOT)).doesNotContain(marker.toLowerCase(Locale.ROOT));
      }
    }
    // a period before her first commit: a clear message and a status of its own
    var err = new java.io.StringWriter();
    var cmd = new CommandLine(new DigestCommand());
    cmd.setErr(new java.io.PrintWriter(err));
    cmd.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          c.getErr().println(e.getMessage());
          return 3;
        });
    assertThat(
            cmd.execute(
                "--lake", fixture.lake.toString(), "--user", "alice", "--week", "2024-01-01"))
        .isEqualTo(3);
    assertThat(err.toString()).contains("before alice's first commit");
  }
}
