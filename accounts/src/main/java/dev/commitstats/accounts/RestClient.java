package dev.commitstats.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.runtime.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET JSON from a host's REST API with a token, as the hosts ask to be used: follows pagination,
 * waits out rate limits ({@code Retry-After}, {@code X-RateLimit-Remaining: 0} with {@code
 * X-RateLimit-Reset}, limits without a hint with 1, 2, 4… minutes), stops a source whose limit
 * lasts longer than {@link #MAX_WAIT} ({@link RateLimitedException}: retrying while limited can get
 * an integration banned), retries transient failures with exponential backoff and jitter, and turns
 * 401 and 403 into {@link TokenRejectedException}, other statuses into {@link HostAnswerException}.
 * The token is sent in a header only and never appears in a message.
 */
public final class RestClient {
  /** Sleeps between attempts (a test passes one that records and shortens the waits). */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  static final int MAX_ATTEMPTS = 6;
  static final Duration MAX_WAIT = Duration.ofMinutes(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

  private final HttpClient http;
  private final Map<String, String> authHeaders;
  private final Sleeper sleeper;
  private final boolean signInPages;

  /** A client that follows redirects (a moved repository answers 301 on GitHub). */
  public RestClient(Map<String, String> authHeaders, Sleeper sleeper) {
    this(authHeaders, sleeper, false);
  }

  /**
   * @param signInPages the host answers a token it does not accept with a sign-in page (203 with
   *     HTML, or a redirect to its sign-in host) instead of 401, as Azure DevOps does: redirects
   *     are not followed, and any redirect or answer that is not JSON means a refused token
   */
  RestClient(Map<String, String> authHeaders, Sleeper sleeper, boolean signInPages) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(signInPages ? HttpClient.Redirect.NEVER : HttpClient.Redirect.NORMAL)
            .build();
    this.authHeaders = Map.copyOf(authHeaders);
    this.sleeper = sleeper;
    this.signInPages = signInPages;
    authHeaders.values().forEach(Secrets::register);
  }

  /** One page: the JSON body and the response headers. */
  public record Page(JsonNode body, HttpResponse<String> response) {
    public Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }
  }

  /** Every item of a list endpoint, following {@code Link: <…>; rel="next"} (GitHub, GitLab). */
  public List<JsonNode> getAllLinked(String url) {
    return getAllLinked(url, null);
  }

  /**
   * Every item of a list endpoint, following {@code Link: <…>; rel="next"}.
   *
   * @param needs the scope the call needs, named in a refusal's message (or null)
   */
  public List<JsonNode> getAllLinked(String url, String needs) {
    var items = new ArrayList<JsonNode>();
    String next = url;
    int pages = 0;
    while (next != null) {
      if (++pages > 1000) {
        throw AccountsErrors.endlessPages(url);
      }
      Page page = get(next, needs);
      page.body().forEach(items::add);
      next = page.header("Link").map(RestClient::nextLink).orElse(null);
    }
    return items;
  }

  static String nextLink(String linkHeader) {
    Matcher m = NEXT.matcher(linkHeader);
    return m.find() ? m.group(1) : null;
  }

  /** GETs one URL, with the waits and retries the host asks for. */
  public Page get(String url) {
    return get(url, null);
  }

  /**
   * GETs one URL, with the waits and retries the host asks for.
   *
   * @param needs the scope the call needs, named in a refusal's message (or null)
   */
  public Page get(String url, String needs) {
    IOException lastError = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      HttpResponse<String> r;
      try {
        var b =
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .header("User-Agent", "commitstats");
        authHeaders.forEach(b::header);
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        lastError = e;
        pause(backoff(attempt));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while calling " + redactUrl(url), e);
      }
      int status = r.statusCode();
      if (status == 401) {
        throw AccountsErrors.unauthorized(redactUrl(url), needs);
      }
      if (signInPages && (status == 203 || (status >= 300 && status < 400))) {
        throw AccountsErrors.signInPage(redactUrl(url), status, needs);
      }
      Optional<Duration> limited = rateLimitWait(r, attempt);
      if (limited.isPresent()) {
        if (limited.get().compareTo(MAX_WAIT) > 0) {
          throw AccountsErrors.rateLimited(redactUrl(url), status, limited.get());
        }
        if (attempt == MAX_ATTEMPTS) {
          break;
        }
        pause(limited.get());
        continue;
      }
      if (status == 403) {
        throw AccountsErrors.forbidden(redactUrl(url), needs);
      }
      if (status >= 500 || status == 408) {
        if (attempt == MAX_ATTEMPTS) {
          break;
        }
        pause(backoff(attempt));
        continue;
      }
      if (status != 200) {
        throw AccountsErrors.status(redactUrl(url), status, r.body());
      }
      JsonNode body;
      try {
        body = JSON.readTree(r.body());
      } catch (IOException e) {
        body = null;
      }
      if (body == null || !(body.isObject() || body.isArray())) {
        if (signInPages) {
          throw AccountsErrors.signInPage(redactUrl(url), status, needs);
        }
        throw AccountsErrors.notJson(redactUrl(url), status);
      }
      return new Page(body, r);
    }
    throw AccountsErrors.noAnswer(
        redactUrl(url), MAX_ATTEMPTS, lastError == null ? null : Secrets.describe(lastError));
  }

  /**
   * How long a rate-limited answer asks to wait: {@code Retry-After} (seconds or an HTTP date) on
   * 429/403/503, or until {@code X-RateLimit-Reset} when {@code X-RateLimit-Remaining} is 0
   * (however long: a wait past {@link #MAX_WAIT} stops the source), or for a limit without a hint
   * 1, 2, 4… minutes by attempt, as GitHub asks ("wait at least one minute ... increasing
   * exponentially").
   */
  static Optional<Duration> rateLimitWait(HttpResponse<?> r, int attempt) {
    int status = r.statusCode();
    if (status != 429 && status != 403 && status != 503) {
      return Optional.empty();
    }
    Optional<String> retryAfter = r.headers().firstValue("Retry-After");
    if (retryAfter.isPresent()) {
      return Optional.of(notNegative(parseRetryAfter(retryAfter.get())));
    }
    boolean exhausted =
        r.headers().firstValue("X-RateLimit-Remaining").map("0"::equals).orElse(false);
    Optional<String> reset = r.headers().firstValue("X-RateLimit-Reset");
    if (exhausted && reset.isPresent()) {
      try {
        long epoch = Long.parseLong(reset.get().trim());
        return Optional.of(
            notNegative(Duration.between(Instant.now(), Instant.ofEpochSecond(epoch))));
      } catch (NumberFormatException e) {
        return Optional.of(unhinted(attempt));
      }
    }
    boolean saysRateLimit =
        r.body() instanceof String body
            && body.toLowerCase(java.util.Locale.ROOT).contains("rate limit");
    if (status == 429 || (status == 403 && saysRateLimit)) {
      return Optional.of(unhinted(attempt));
    }
    return Optional.empty();
  }

  /** 1, 2, 4, 8… minutes: the wait for the {@code attempt}-th answer of a limit without a hint. */
  static Duration unhinted(int attempt) {
    return Duration.ofMinutes(1L << Math.min(Math.max(attempt - 1, 0), 4));
  }

  static Duration parseRetryAfter(String value) {
    String v = value.trim();
    try {
      return Duration.ofSeconds(Long.parseLong(v));
    } catch (NumberFormatException notSeconds) {
      try {
        var when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Duration.between(Instant.now(), when);
      } catch (DateTimeParseException notDate) {
        return Duration.ofMinutes(1);
      }
    }
  }

  private static Duration notNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** 1 s, 2 s, 4 s, … (at most a minute), each with up to 50% random jitter. */
  static Duration backoff(int attempt) {
    long base = Math.min(60_000L, 1000L << Math.min(attempt - 1, 6));
    return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a rate limit", e);
    }
  }

  /** A URL for messages: no query string (tokens never go there, but other secrets might). */
  static String redactUrl(String url) {
    int q = url.indexOf('?');
    return Secrets.redact(q < 0 ? url : url.substring(0, q));
  }
}
