package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.api.engine.DuckDbEngine;
import dev.commitstats.api.service.Curation;
import dev.commitstats.model.config.CommitStatsConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CV the user curates (the config's {@code users[].cv}), on the fixture's lake: Alice hides her
 * public app, the Go language and the left-pad package, counts JSON as a language, names her
 * private repository with an alias and pins her open-source contribution. Every public answer is
 * asked: the hidden items are gone, the alias stands where "private repository" stood, the private
 * markers stay absent, and the ETags of her answers (only hers) change.
 */
class CurationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ALIAS = "Ledger platform, Acme Corp";

  static LakeFixture fixture;
  static DuckDbEngine engine;
  static TestServer plain;
  static TestServer curated;

  @BeforeAll
  static void start() {
    fixture = LakeFixture.get();
    engine = DuckDbEngine.open(fixture.lake, 2, Duration.ofMinutes(10));
    var config =
        CommitStatsConfig.parse(
            """
            users:
              - id: alice
                name: Alice Example
                emails: [alice@example.com]
                github: alice
                cv:
                  display_name: Alice E. Example
                  headline: Data engineer, payments
                  bio: I build pipelines that balance.
                  links:
                    homepage: https://alice.example.org
                    linkedin: https://www.linkedin.com/in/alice-example
                  hide_languages: [go]
                  count_as_languages: [JSON]
                  hide_repositories: [%s]
                  repository_aliases:
                    "%s": "%s"
                  pin_oss: [%s]
                  hide_packages: [npm:left-pad]
              - id: bob
                name: Bob
                emails: [bob@example.com]
            """
                .formatted(
                    fixture.root.resolve("repos/public-app"),
                    fixture.root.resolve("repos/" + LakeFixture.PRIVATE_REPO),
                    ALIAS,
                    fixture.ossUrl),
            "curation");
    plain = new TestServer(engine, ApiSettings.defaults());
    curated = new TestServer(engine, ApiSettings.defaults(), 10_000, new Curation(config.users()));
  }

  @AfterAll
  static void stop() {
    plain.close();
    curated.close();
    engine.close();
  }

  private static JsonNode json(String path) throws Exception {
    HttpResponse<String> r = curated.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> field(JsonNode array, String name) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.path(name).asText()));
    return out;
  }

  /** Strings that name a hidden item in an answer. */
  static final List<Pattern> HIDDEN =
      List.of(
          Pattern.compile("public-app"),
          Pattern.compile("left-pad"),
          Pattern.compile("\"Go\""),
          Pattern.compile(">Go\\b"),
          Pattern.compile("\\bGo[ :(<]"));

  @Test
  void hiddenItemsVanishFromEveryPublicAnswer() {
    int asked = 0;
    for (String path : TestServer.publicPaths("alice")) {
      if (path.startsWith("/static/") || path.equals("/openapi.json") || path.equals("/swagger")) {
        continue; // the same files for everyone
      }
      HttpResponse<String> r = curated.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      for (Pattern p : HIDDEN) {
        assertThat(p.matcher(r.body()).find()).as(path + " shows " + p).isFalse();
      }
      String body = r.body().toLowerCase(Locale.ROOT);
      for (String marker : LakeFixture.PRIVATE_MARKERS) {
        assertThat(body).as(path).doesNotContain(marker.toLowerCase(Locale.ROOT));
      }
      asked++;
    }
    assertThat(asked).isGreaterThanOrEqualTo(14);
  }

  @Test
  void theCvShowsTheProfileTheLanguagesAsCuratedAndThePinnedRepositoryFirst() throws Exception {
    JsonNode cv = json("/api/v1/users/alice/cv");
    assertThat(cv.path("name").asText()).isEqualTo("Alice E. Example");
    assertThat(cv.path("profile").path("headline").asText()).isEqualTo("Data engineer, payments");
    assertThat(cv.path("profile").path("links").path("linkedin").asText())
        .isEqualTo("https://www.linkedin.com/in/alice-example");
    // Go hidden; JSON counted as a language: its shares are over the languages shown
    JsonNode langs = cv.path("languages");
    assertThat(field(langs, "language")).doesNotContain("Go").contains("Python", "JSON");
    double shares = 0;
    for (JsonNode l : langs) {
      if (l.path("language").asText().equals("JSON")) {
        assertThat(l.path("language_type").asText()).isEqualTo("programming");
      }
      shares += l.path("share_of_lines").asDouble(0);
    }
    assertThat(shares).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    // JSON's lines moved from the data lines to the language lines; the totals still count all
    JsonNode before = JSON.readTree(plain.get("/api/v1/users/alice/cv").body()).path("totals");
    JsonNode t = cv.path("totals");
    assertThat(t.path("commits").asLong()).isEqualTo(before.path("commits").asLong());
    assertThat(t.path("data_lines_added").asLong()).isZero();
    assertThat(t.path("language_lines_added").asLong())
        .isEqualTo(
            before.path("language_lines_added").asLong()
                + before.path("data_lines_added").asLong());
    assertThat(field(cv.path("oss"), "repo_url").get(0)).contains("oss-org/oss-lib");
    assertThat(cv.path("packages")).isEmpty();
  }

  @Test
  void theAliasStandsWhereThePrivateRepositoryWasMasked() throws Exception {
    List<String> repos =
        field(json("/api/v1/users/alice/repos").path("repositories"), "repository");
    assertThat(repos).contains(ALIAS).doesNotContain("private repository");
    assertThat(repos.stream().filter(r -> r.contains("public-app"))).isEmpty();
    List<String> touched =
        field(
            json("/api/v1/users/alice/digest?week=2025-01-06")
                .path("activity")
                .path("repositories"),
            "repository");
    assertThat(touched).contains(ALIAS).doesNotContain("private repository");
    List<String> status = field(json("/api/v1/status").path("repositories"), "repository");
    assertThat(status).contains(ALIAS, "hidden repository");
    // a digest's news follow the curation too: no Go, no left-pad
    JsonNode news = json("/api/v1/users/alice/digest?week=2025-01-06").path("news");
    assertThat(news.path("languages").toString()).doesNotContain("Go");
    assertThat(news.path("packages")).isEmpty();
  }

  @Test
  void curationChangesHerETagsNotOthers() {
    for (String path :
        List.of("/api/v1/users/alice/cv", "/api/v1/users/alice/repos", "/api/v1/status")) {
      assertThat(curated.get(path).headers().firstValue("ETag"))
          .as(path)
          .isNotEqualTo(plain.get(path).headers().firstValue("ETag"));
    }
    assertThat(curated.get("/api/v1/users/bob/cv").headers().firstValue("ETag"))
        .isEqualTo(plain.get("/api/v1/users/bob/cv").headers().firstValue("ETag"));
    // the tables are what they were: Bob's public-app is still his
    assertThat(curated.get("/api/v1/users/bob/repos").body()).contains("public-app");
  }
}
