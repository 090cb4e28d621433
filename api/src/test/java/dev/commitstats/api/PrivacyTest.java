package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.api.engine.DuckDbEngine;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's promise: no public answer holds a private repository's name, URL, path or commit
 * message. The lake has a private repository whose name, paths and messages are unique markers;
 * every public path is asked for every user (and an unknown one), and none may contain a marker.
 */
class PrivacyTest {
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

  @Test
  void noPublicAnswerNamesThePrivateRepository() {
    int answers = 0;
    for (String user : List.of("alice", "bob", "nobody")) {
      for (String path : TestServer.publicPaths(user)) {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path).isIn(200, 404);
        String body = r.body().toLowerCase(Locale.ROOT);
        for (String marker : LakeFixture.PRIVATE_MARKERS) {
          assertThat(body)
              .as(path + " must not contain " + marker)
              .doesNotContain(marker.toLowerCase(Locale.ROOT));
        }
        answers++;
      }
    }
    assertThat(answers).isEqualTo(3 * TestServer.publicPaths("x").size());
  }

  @Test
  void privateWorkCountsOnlyInAggregates() throws Exception {
    var json = new ObjectMapper();
    JsonNode repos = json.readTree(server.get("/api/v1/users/alice/repos").body());
    JsonNode priv = null;
    for (JsonNode r : repos.path("repositories")) {
      if (r.path("repository").asText().equals("private repository")) {
        priv = r;
      }
    }
    assertThat(priv).as("the private repository is listed, masked").isNotNull();
    assertThat(priv.path("commits").asLong()).isEqualTo(2);
    assertThat(priv.path("lines_added").asLong()).isEqualTo(6);
    assertThat(priv.path("repo_url").isNull()).isTrue();
    assertThat(priv.path("first_commit_time").isNull()).isTrue();

    JsonNode status = json.readTree(server.get("/api/v1/status").body());
    long masked = 0;
    for (JsonNode r : status.path("repositories")) {
      if (r.path("visibility").asText().equals("private")) {
        masked++;
        assertThat(r.path("repository").asText()).isEqualTo("private repository");
        assertThat(r.path("repo_url").isNull()).isTrue();
        assertThat(r.path("last_commit_sha").isNull()).isTrue();
        assertThat(r.path("collect_status").asText()).isEqualTo("up_to_date");
      }
    }
    assertThat(masked).isEqualTo(1);
    // The totals still count the private work.
    JsonNode cv = json.readTree(server.get("/api/v1/users/alice/cv").body());
    assertThat(cv.path("totals").path("commits").asLong()).isEqualTo(6);
  }
}
