package dev.commitstats.api.http;

import dev.commitstats.api.service.CvService;
import io.javalin.http.Context;

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

  public void card(Context ctx) {
    Responses.send(ctx, cv.card(ctx.pathParam("user")), maxAge);
  }
}
