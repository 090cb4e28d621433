package dev.commitstats.api.http;

import dev.commitstats.api.service.Json;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer of the HTTP layer itself (a request Jetty refuses before any route sees it: a NUL or
 * bad UTF-8 in the path, a malformed header) in the API's JSON error shape, never Jetty's HTML page
 * or a stack trace.
 */
public final class JsonErrorHandler extends ErrorHandler {
  public JsonErrorHandler() {
    setShowStacks(false);
    setShowMessageInTitle(false);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    var body = new LinkedHashMap<String, Object>();
    body.put("status", code);
    body.put("error", code == 400 ? "bad_request" : "http_" + code);
    body.put(
        "message",
        code == 400
            ? "the request is malformed (a NUL or invalid UTF-8 in the path, or a bad header)"
            : "the request could not be answered (HTTP " + code + ")");
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.write(true, ByteBuffer.wrap(Json.bytes(body)), callback);
  }
}
