package dev.commitstats.api;

import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.query.SqlCvQueries;
import dev.commitstats.api.service.CvService;
import dev.commitstats.api.service.ResponseCache;
import dev.commitstats.api.service.StatusService;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;

/** The real app on a free loopback port over a given engine, and an HTTP client for it. */
final class TestServer implements AutoCloseable {
  final Javalin app;
  final String base;
  final ResponseCache cache;
  private final HttpClient client = HttpClient.newHttpClient();

  TestServer(SqlEngine engine, ApiSettings settings) {
    this(engine, settings, 10_000);
  }

  TestServer(SqlEngine engine, ApiSettings settings, int cacheEntries) {
    this(engine, settings, cacheEntries, dev.commitstats.api.service.Curation.none());
  }

  /** With the users' CV curation. */
  TestServer(
      SqlEngine engine,
      ApiSettings settings,
      int cacheEntries,
      dev.commitstats.api.service.Curation curation) {
    Clock clock = Clock.systemUTC();
    cache = new ResponseCache(cacheEntries, null, clock);
    var queries = new SqlCvQueries(engine);
    app =
        ApiApp.create(
            new ApiDeps(
                new CvService(queries, engine, cache, clock, () -> curation),
                new StatusService(queries, engine, cache, clock, () -> curation),
                settings));
    app.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  HttpResponse<String> send(String method, String path, String... headers) {
    var b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every public path of the API and pages, for one user. */
  static List<String> publicPaths(String user) {
    String u = "/api/v1/users/" + user;
    return List.of(
        u + "/cv",
        u + "/languages",
        u + "/weekly",
        u + "/weekly?from=2020-01-06&to=2029-12-31",
        u + "/oss",
        u + "/packages",
        u + "/repos",
        u + "/card.svg",
        u + "/digest?week=2025-01-08",
        u + "/digest?month=2025-01",
        u + "/digest?year=2025",
        "/digest/" + user + "?week=2025-01-08",
        "/api/v1/status",
        "/health",
        "/openapi.json",
        "/cv/" + user,
        "/status",
        "/swagger",
        "/static/cv.js",
        "/static/status.js",
        "/static/common.js");
  }

  @Override
  public void close() {
    app.stop();
  }
}
