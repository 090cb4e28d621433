package dev.commitstats.api.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commitstats.api.Main;
import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.query.SqlCvQueries;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import picocli.CommandLine;

/**
 * The API on AWS Lambda behind an API Gateway HTTP API (payload format 2.0): the same Javalin app
 * as {@code ./commitstats serve}, answering each event in process through Jetty's local connector
 * (no socket is opened, so a SnapStart snapshot holds no network state). The app and its engine
 * start in the constructor, which Lambda runs in the init phase, before the snapshot.
 *
 * <p>Settings come from the environment: {@code COMMITSTATS_LAKE}, {@code COMMITSTATS_ENGINE}
 * (duckdb, athena, trino), {@code COMMITSTATS_ATHENA_WORKGROUP}, {@code
 * COMMITSTATS_ATHENA_DATABASE}, {@code COMMITSTATS_ATHENA_OUTPUT}, {@code
 * COMMITSTATS_ATHENA_REGION} (default {@code AWS_REGION}), {@code COMMITSTATS_TRINO_URL}, {@code
 * COMMITSTATS_MAX_AGE}, {@code COMMITSTATS_CORS_ORIGINS} (comma separated), {@code
 * COMMITSTATS_RATE_LIMIT}, {@code COMMITSTATS_REFRESH_SECONDS}, {@code COMMITSTATS_CONFIG} (the
 * config, s3://…, for the users' CV curation: read at start and every minute). With the embedded
 * engine (duckdb) and an s3:// lake, the tables the API reads are copied into /tmp at start (before
 * SnapStart's snapshot) and brought up to date at most once a minute.
 */
public final class ApiHandler implements RequestStreamHandler, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 28;

  private final Javalin app;
  private final LocalConnector local;
  private volatile long engineMs;

  /** The handler Lambda creates: settings from the process environment. */
  public ApiHandler() {
    this(System.getenv());
  }

  /** A handler over the given environment (tests; the Lambda runtime uses the other one). */
  public ApiHandler(Map<String, String> env) {
    long t0 = System.nanoTime();
    Main options = options(env);
    // the engine (copying the tables, loading DuckDB) and the app start side by side; the
    // constructor returns when both are ready, so the first request (and SnapStart's snapshot)
    // finds them started
    var opening =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              SqlEngine e = options.openEngine();
              engineMs = (System.nanoTime() - t0) / 1_000_000;
              return e;
            });
    SqlEngine sql = new StartingEngine(options.engineName(), opening);
    app = options.createApp(sql, new SqlCvQueries(sql));
    LocalConnector[] holder = new LocalConnector[1];
    app.unsafe.jetty.addConnector(
        (server, http) -> {
          holder[0] = new LocalConnector(server);
          return holder[0];
        });
    app.start("127.0.0.1", 0);
    // the local connector answers; the network connector Javalin adds is closed again
    Server server = app.jettyServer().server();
    for (Connector c : server.getConnectors()) {
      if (c instanceof NetworkConnector n) {
        try {
          n.stop();
        } catch (Exception e) {
          throw new IllegalStateException("cannot close the API's network connector", e);
        }
        server.removeConnector(n);
      }
    }
    local = holder[0];
    try {
      opening.join();
    } catch (java.util.concurrent.CompletionException e) {
      app.stop();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw cause instanceof RuntimeException r
          ? r
          : new IllegalStateException("the API's engine did not start: " + cause, cause);
    }
    // one line for the function's log: what the init phase (before SnapStart's snapshot) cost
    System.err.printf(
        "{\"event\":\"api_ready\",\"engine\":\"%s\",\"engine_ms\":%d,\"total_ms\":%d}%n",
        options.engineName(), engineMs, (System.nanoTime() - t0) / 1_000_000);
  }

  static Main options(Map<String, String> env) {
    var args = new ArrayList<String>();
    add(args, "--lake", env.get("COMMITSTATS_LAKE"));
    add(args, "--engine", env.getOrDefault("COMMITSTATS_ENGINE", "duckdb"));
    add(args, "--athena-workgroup", env.get("COMMITSTATS_ATHENA_WORKGROUP"));
    add(args, "--athena-database", env.get("COMMITSTATS_ATHENA_DATABASE"));
    add(args, "--athena-output", env.get("COMMITSTATS_ATHENA_OUTPUT"));
    add(
        args,
        "--athena-region",
        env.getOrDefault("COMMITSTATS_ATHENA_REGION", env.get("AWS_REGION")));
    add(args, "--trino-url", env.get("COMMITSTATS_TRINO_URL"));
    add(args, "--config", env.get("COMMITSTATS_CONFIG"));
    add(args, "--max-age", env.get("COMMITSTATS_MAX_AGE"));
    add(args, "--rate-limit", env.get("COMMITSTATS_RATE_LIMIT"));
    add(args, "--refresh-seconds", env.get("COMMITSTATS_REFRESH_SECONDS"));
    String cors = env.get("COMMITSTATS_CORS_ORIGINS");
    if (cors != null) {
      for (String origin : cors.split(",")) {
        add(args, "--cors-origin", origin.strip());
      }
    }
    if (env.get("COMMITSTATS_LAKE") == null || env.get("COMMITSTATS_LAKE").isBlank()) {
      throw new IllegalStateException(
          "COMMITSTATS_LAKE is not set: set it to the lake (s3://bucket) in the function's"
              + " environment");
    }
    var main = new Main();
    try {
      new CommandLine(main).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalStateException(
          "the API function's environment is not valid: " + e.getMessage(), e);
    }
    return main;
  }

  private static void add(List<String> args, String option, String value) {
    if (value != null && !value.isBlank()) {
      args.add(option);
      args.add(value);
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = JSON.readTree(input);
    ObjectNode answer;
    try {
      answer = answer(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer = error(503, "interrupted");
    } catch (Exception e) {
      answer = error(502, "the API could not answer: " + e.getClass().getSimpleName());
    }
    JSON.writeValue(output, answer);
  }

  private ObjectNode answer(JsonNode event) throws Exception {
    ByteBuffer request = ByteBuffer.wrap(request(event));
    ByteBuffer raw = local.getResponse(request, false, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (raw == null) {
      return error(504, "the API did not answer in " + TIMEOUT_SECONDS + " s");
    }
    HttpTester.Response response = HttpTester.parseResponse(raw);
    ObjectNode out = JSON.createObjectNode();
    out.put("statusCode", response.getStatus());
    ObjectNode headers = out.putObject("headers");
    var cookies = out.putArray("cookies");
    for (HttpField f : response) {
      String name = f.getName().toLowerCase(Locale.ROOT);
      if (name.equals("set-cookie")) {
        cookies.add(f.getValue());
      } else if (!name.equals("transfer-encoding") && !name.equals("connection")) {
        headers.put(
            f.getName(),
            headers.has(f.getName())
                ? headers.get(f.getName()).asText() + ", " + f.getValue()
                : f.getValue());
      }
    }
    byte[] body = response.getContentBytes();
    String type = response.get("Content-Type");
    if (body == null || body.length == 0) {
      out.put("body", "");
      out.put("isBase64Encoded", false);
    } else if (textual(type)) {
      out.put("body", new String(body, StandardCharsets.UTF_8));
      out.put("isBase64Encoded", false);
    } else {
      out.put("body", Base64.getEncoder().encodeToString(body));
      out.put("isBase64Encoded", true);
    }
    return out;
  }

  /** The event as one HTTP/1.1 request (API Gateway's payload format 2.0). */
  static byte[] request(JsonNode event) throws IOException {
    String method = event.path("requestContext").path("http").path("method").asText("GET");
    String path = event.path("rawPath").asText("/");
    String query = event.path("rawQueryString").asText("");
    byte[] body = new byte[0];
    if (event.hasNonNull("body")) {
      String b = event.get("body").asText();
      body =
          event.path("isBase64Encoded").asBoolean(false)
              ? Base64.getDecoder().decode(b)
              : b.getBytes(StandardCharsets.UTF_8);
    }
    var head = new StringBuilder();
    head.append(method).append(' ').append(path.isEmpty() ? "/" : path);
    if (!query.isEmpty()) {
      head.append('?').append(query);
    }
    head.append(" HTTP/1.1\r\n");
    boolean host = false;
    for (var h : (Iterable<Map.Entry<String, JsonNode>>) () -> event.path("headers").fields()) {
      String name = h.getKey();
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("content-length") || lower.equals("connection")) {
        continue;
      }
      host |= lower.equals("host");
      head.append(clean(name)).append(": ").append(clean(h.getValue().asText())).append("\r\n");
    }
    if (!host) {
      head.append("Host: lambda\r\n");
    }
    var cookies = new ArrayList<String>();
    event.path("cookies").forEach(c -> cookies.add(clean(c.asText())));
    if (!cookies.isEmpty()) {
      head.append("Cookie: ").append(String.join("; ", cookies)).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    var out = new ByteArrayOutputStream();
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.write(body);
    return out.toByteArray();
  }

  /** No header may end the line early (a value with CR or LF would inject a header). */
  private static String clean(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }

  private static boolean textual(String type) {
    if (type == null) {
      return true;
    }
    String t = type.toLowerCase(Locale.ROOT);
    return t.startsWith("text/")
        || t.contains("json")
        || t.contains("javascript")
        || t.contains("xml")
        || t.contains("svg");
  }

  private static ObjectNode error(int status, String message) {
    ObjectNode out = JSON.createObjectNode();
    out.put("statusCode", status);
    out.putObject("headers").put("Content-Type", "application/json");
    out.put("body", JSON.createObjectNode().put("error", message).toString());
    out.put("isBase64Encoded", false);
    return out;
  }

  /** Whether the app listens on any network port (it must not: tests). */
  public boolean listensOnNetwork() {
    for (Connector c : app.jettyServer().server().getConnectors()) {
      if (c instanceof NetworkConnector) {
        return true;
      }
    }
    return false;
  }

  /** Stops the app (tests; Lambda ends the process). */
  @Override
  public void close() {
    app.stop();
  }
}
