package dev.commitstats.api.http;

import dev.commitstats.api.service.ApiException;
import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code perMinute} tokens, refilled continuously; a request takes one,
 * and a client with none left is answered 429 with {@code Retry-After} (seconds until its next
 * token). The table of clients is bounded: past {@link #MAX_CLIENTS}, buckets that are full again
 * (their clients idle) are dropped.
 */
public final class RateLimiter {
  static final int MAX_CLIENTS = 100_000;

  private final double perNano;
  private final double capacity;
  private final String clientIpHeader;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** One client's tokens at {@code at} (System.nanoTime). */
  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  public RateLimiter(int perMinute, String clientIpHeader, LongSupplier nanos) {
    this.capacity = perMinute;
    this.perNano = perMinute / 60e9;
    this.clientIpHeader = clientIpHeader;
    this.nanos = nanos;
  }

  /** The client of a request: the connection's address, or the trusted proxy's header. */
  String client(Context ctx) {
    if (clientIpHeader != null) {
      String h = ctx.header(clientIpHeader);
      if (h != null && !h.isBlank()) {
        int comma = h.indexOf(',');
        return (comma < 0 ? h : h.substring(0, comma)).trim();
      }
    }
    return ctx.ip();
  }

  /** Takes a token for this request's client, or throws the 429. */
  public void check(Context ctx) {
    long now = nanos.getAsLong();
    if (buckets.size() > MAX_CLIENTS) {
      buckets.values().removeIf(b -> b.tokens + (now - b.at) * perNano >= capacity);
    }
    Bucket b = buckets.computeIfAbsent(client(ctx), k -> new Bucket(capacity, now));
    long waitSeconds;
    synchronized (b) {
      double tokens = Math.min(capacity, b.tokens + (now - b.at) * perNano);
      b.at = now;
      if (tokens >= 1) {
        b.tokens = tokens - 1;
        return;
      }
      b.tokens = tokens;
      waitSeconds = (long) Math.ceil((1 - tokens) / perNano / 1e9);
    }
    throw ApiException.tooManyRequests(Math.max(1, waitSeconds));
  }
}
