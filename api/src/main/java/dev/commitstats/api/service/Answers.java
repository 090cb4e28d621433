package dev.commitstats.api.service;

import dev.commitstats.api.engine.EngineException;
import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.engine.TableVersions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers through the cache: the cache key and the ETag are (question, parameters, versions of the
 * tables read). An engine failure becomes a 503 whose message shows no SQL.
 */
final class Answers {
  private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

  private final SqlEngine engine;
  private final ResponseCache cache;

  Answers(SqlEngine engine, ResponseCache cache) {
    this.engine = engine;
    this.cache = cache;
  }

  /**
   * @param require when true, a table not written yet is a 503 ("run the transform"); when false
   *     the computation is told by {@link TableVersions#has} and answers without it
   */
  ApiResponse get(
      String question,
      List<String> params,
      Collection<String> tables,
      boolean require,
      Function<TableVersions, ApiResponse> compute) {
    if (engine.unavailable() != null) {
      throw ApiErrors.engineUnavailable();
    }
    TableVersions v = engine.versions();
    if (require) {
      for (String t : tables) {
        if (!v.has(t)) {
          throw ApiErrors.notReady(t);
        }
      }
    }
    String key = question + '|' + String.join("|", params) + '|' + v.fingerprint(tables);
    return cache.get(
        key,
        () -> {
          ApiResponse r;
          try {
            r = compute.apply(v);
          } catch (EngineException e) {
            LOG.error("{} failed: {}", question, e.getMessage());
            throw ApiErrors.engineUnavailable();
          }
          return new ApiResponse(r.body(), r.contentType(), etag(key));
        });
  }

  static String etag(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
