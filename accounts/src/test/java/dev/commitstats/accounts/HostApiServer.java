package dev.commitstats.accounts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A local HTTP server speaking a host's REST API as documented: JSON bodies of the recorded shapes,
 * its pagination headers, its authentication header, 401 for a wrong token, and rate limits (429 /
 * 403 with {@code Retry-After} or {@code X-RateLimit-*}) scripted per path.
 */
public final class HostApiServer implements AutoCloseable {
  /** An answer: status, headers, body. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public static Answer json(String body, String... headers) {
      var h = new LinkedHashMap<String, String>();
      for (int i = 0; i + 1 < headers.length; i += 2) {
        h.put(headers[i], headers[i + 1]);
      }
      return new Answer(200, h, body);
    }
  }

  private final HttpServer server;
  private final Map<String, Answer> routes = new LinkedHashMap<>();
  private final Map<String, List<Answer>> firstAnswers = new LinkedHashMap<>();
  private final List<
          Map.Entry<Predicate<String>, java.util.function.BiFunction<HttpExchange, String, Answer>>>
      handlers = new ArrayList<>();
  private final Predicate<HttpExchange> authorized;
  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  public HostApiServer(Predicate<HttpExchange> authorized) throws IOException {
    this.authorized = authorized;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code pathAndQuery} (exactly as requested) with {@code answer}. */
  public HostApiServer on(String pathAndQuery, Answer answer) {
    routes.put(pathAndQuery, answer);
    return this;
  }

  /**
   * Answers every request whose path and query {@code matches} with what {@code answer} computes
   * from the exchange (its headers: the token's scopes) and the path and query; checked before the
   * fixed routes, after the token check.
   */
  public HostApiServer when(
      Predicate<String> matches,
      java.util.function.BiFunction<HttpExchange, String, Answer> answer) {
    handlers.add(Map.entry(matches, answer));
    return this;
  }

  /** Answers {@code pathAndQuery} with these first, then with its route. */
  public HostApiServer firstTimes(String pathAndQuery, Answer... answers) {
    firstAnswers.computeIfAbsent(pathAndQuery, k -> new ArrayList<>()).addAll(List.of(answers));
    return this;
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    String target = ex.getRequestURI().getRawPath();
    if (ex.getRequestURI().getRawQuery() != null) {
      target += "?" + ex.getRequestURI().getRawQuery();
    }
    requests.add(target);
    Answer a;
    if (!authorized.test(ex)) {
      a = new Answer(401, Map.of(), "{\"message\":\"Bad credentials\"}");
    } else if (firstAnswers.containsKey(target) && !firstAnswers.get(target).isEmpty()) {
      a = firstAnswers.get(target).remove(0);
    } else if (handler(target) != null) {
      a = handler(target).apply(ex, target);
    } else {
      a = routes.getOrDefault(target, new Answer(404, Map.of(), "{\"message\":\"Not Found\"}"));
    }
    byte[] body = a.body().replace("{base}", base()).getBytes(StandardCharsets.UTF_8);
    if (!a.headers().containsKey("Content-Type")) {
      ex.getResponseHeaders().add("Content-Type", "application/json");
    }
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v.replace("{base}", base())));
    ex.sendResponseHeaders(a.status(), body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private java.util.function.BiFunction<HttpExchange, String, Answer> handler(String target) {
    for (var h : handlers) {
      if (h.getKey().test(target)) {
        return h.getValue();
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
