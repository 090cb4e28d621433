package dev.commitstats.api.http;

import dev.commitstats.api.service.ApiException;
import dev.commitstats.api.service.ApiResponse;
import dev.commitstats.api.service.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;

/** Writes answers with their caching headers, and errors as JSON. */
public final class Responses {
  private Responses() {}

  /**
   * Sends an answer: 304 when the client's {@code If-None-Match} names its ETag, else the body;
   * both with the ETag and {@code Cache-Control}.
   */
  static void send(Context ctx, ApiResponse r, int maxAgeSeconds) {
    ctx.header("ETag", r.etag());
    ctx.header("Cache-Control", "public, max-age=" + maxAgeSeconds + ", must-revalidate");
    String inm = ctx.header("If-None-Match");
    if (inm != null && matches(inm, r.etag())) {
      ctx.status(304);
      return;
    }
    ctx.contentType(r.contentType()).result(r.body());
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(etag) || t.equals("*")) {
        return true;
      }
    }
    return false;
  }

  public static void error(Context ctx, ApiException e) {
    error(ctx, e.status(), e.code(), e.getMessage());
    if (e.retryAfterSeconds() != null) {
      ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
    }
  }

  public static void error(Context ctx, int status, String code, String message) {
    var body = new LinkedHashMap<String, Object>();
    body.put("status", status);
    body.put("error", code);
    body.put("message", message);
    ctx.status(status).header("Cache-Control", "no-store");
    ctx.contentType(ApiResponse.JSON).result(Json.bytes(body));
  }
}
