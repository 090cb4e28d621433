package dev.commitstats.api.http;

import dev.commitstats.api.service.ApiException;
import dev.commitstats.api.service.ApiResponse;
import dev.commitstats.api.service.CvService;
import dev.commitstats.api.service.DigestRenderer;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** {@code /api/v1/users/{user}/…}: HTTP only; the answers come from {@link CvService}. */
public final class CvController {
  private final CvService cv;
  private final int maxAge;

  public CvController(CvService cv, int maxAgeSeconds) {
    this.cv = cv;
    this.maxAge = maxAgeSeconds;
  }

  public void cv(Context ctx) {
    Responses.send(ctx, cv.cv(ctx.pathParam("user")), maxAge);
  }

  public void languages(Context ctx) {
    Responses.send(ctx, cv.languages(ctx.pathParam("user")), maxAge);
  }

  public void weekly(Context ctx) {
    Responses.send(
        ctx,
        cv.weekly(ctx.pathParam("user"), ctx.queryParam("from"), ctx.queryParam("to")),
        maxAge);
  }

  public void oss(Context ctx) {
    Responses.send(ctx, cv.oss(ctx.pathParam("user")), maxAge);
  }

  public void packages(Context ctx) {
    Responses.send(ctx, cv.packages(ctx.pathParam("user")), maxAge);
  }

  public void repos(Context ctx) {
    Responses.send(ctx, cv.repos(ctx.pathParam("user")), maxAge);
  }

  public void digest(Context ctx) {
    Responses.send(
        ctx,
        cv.digest(
            ctx.pathParam("user"),
            ctx.queryParam("week"),
            ctx.queryParam("month"),
            ctx.queryParam("year")),
        maxAge);
  }

  /**
   * {@code /digest/{user}}: the digest as one self-contained HTML page (inline styles and SVG, no
   * scripts); a bad request is answered as a short page saying what to ask instead.
   */
  public void digestPage(Context ctx) {
    try {
      ctx.header("Content-Security-Policy", PageController.CSP);
      Responses.send(
          ctx,
          cv.digestAnswer(
              "digest-page",
              ctx.pathParam("user"),
              ctx.queryParam("week"),
              ctx.queryParam("month"),
              ctx.queryParam("year"),
              d ->
                  new ApiResponse(
                      DigestRenderer.html(d).getBytes(StandardCharsets.UTF_8),
                      ApiResponse.HTML,
                      null)),
          maxAge);
    } catch (ApiException e) {
      ctx.status(e.status())
          .header("Cache-Control", "no-store")
          .contentType(ApiResponse.HTML)
          .result(
              "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No"
                  + " digest</title></head><body><h1>No digest</h1><p class=\"error\">"
                  + DigestRenderer.esc(e.getMessage())
                  + "</p></body></html>");
    }
  }

  public void card(Context ctx) {
    Responses.send(ctx, cv.card(ctx.pathParam("user")), maxAge);
  }
}
