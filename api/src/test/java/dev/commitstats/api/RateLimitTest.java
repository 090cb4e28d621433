package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.api.engine.DuckDbEngine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-client token bucket: a burst, then 429 with Retry-After, refilled over time. */
class RateLimitTest {
  static DuckDbEngine engine;

  @BeforeAll
  static void open() {
    engine = DuckDbEngine.open(LakeFixture.get().lake, 2, Duration.ofMinutes(10));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void aClientPastItsBurstIs429WithRetryAfterAndIsServedAgainOnceRefilled() throws Exception {
    try (var server =
        new TestServer(engine, new ApiSettings(List.of(), 60, 60, "X-Forwarded-For"))) {
      for (int i = 0; i < 60; i++) {
        assertThat(
                server.get("/api/v1/users/alice/cv", "X-Forwarded-For", "203.0.113.7").statusCode())
            .as("request " + (i + 1))
            .isEqualTo(200);
      }
      var refused =
          server.get("/api/v1/users/alice/cv", "X-Forwarded-For", "203.0.113.7, 10.0.0.1");
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(refused.body()).contains("\"error\":\"too_many_requests\"");
      // another client is not affected, nor is the health check
      assertThat(
              server.get("/api/v1/users/alice/cv", "X-Forwarded-For", "198.51.100.2").statusCode())
          .isEqualTo(200);
      assertThat(server.get("/health", "X-Forwarded-For", "203.0.113.7").statusCode())
          .isEqualTo(200);
      Thread.sleep(1_100); // one token a second
      assertThat(
              server.get("/api/v1/users/alice/cv", "X-Forwarded-For", "203.0.113.7").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void offByDefault() throws Exception {
    try (var server = new TestServer(engine, ApiSettings.defaults())) {
      for (int i = 0; i < 200; i++) {
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/v1/users/alice/languages").statusCode()).isEqualTo(200);
      }
    }
  }
}
