package dev.commitstats.api.service;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rendered answers keyed by (question, parameters, versions of the tables it read): the engine is
 * asked once per table version, however many clients ask at once (concurrent misses for one key
 * wait for the first). Entries of older versions are never hit again; the cache is emptied when it
 * holds more than {@code maxEntries}. A {@code ttl} bounds the age of an entry for engines whose
 * versions are coarse (Athena).
 */
public final class ResponseCache {
  private record Entry(CompletableFuture<ApiResponse> value, long createdMillis) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param maxEntries 0 turns caching off (every request asks the engine)
   * @param ttl the longest an entry is served; {@code null}: until its tables change
   */
  public ResponseCache(int maxEntries, Duration ttl, Clock clock) {
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.clock = clock;
  }

  public ApiResponse get(String key, Supplier<ApiResponse> compute) {
    if (maxEntries == 0) {
      return compute.get();
    }
    long now = clock.millis();
    Entry mine = new Entry(new CompletableFuture<>(), now);
    Entry found = entries.putIfAbsent(key, mine);
    if (found != null && ttl != null && now - found.createdMillis() > ttl.toMillis()) {
      entries.remove(key, found);
      found = entries.putIfAbsent(key, mine);
    }
    if (found != null) {
      try {
        return found.value().join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    if (entries.size() > maxEntries) {
      entries.clear();
      entries.put(key, mine);
    }
    try {
      ApiResponse r = compute.get();
      mine.value().complete(r);
      return r;
    } catch (RuntimeException e) {
      // Failures (unknown user, engine down) are not kept: the next request asks again.
      entries.remove(key, mine);
      mine.value().completeExceptionally(e);
      throw e;
    }
  }
}
