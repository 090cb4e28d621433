package dev.commitstats.api.http;

import dev.commitstats.api.service.StatusService;
import io.javalin.http.Context;

/** {@code /api/v1/status} and {@code /health}. */
public final class StatusController {
  private final StatusService status;

  public StatusController(StatusService status) {
    this.status = status;
  }

  public void status(Context ctx) {
    // Status is for operators: revalidated on every load.
    Responses.send(ctx, status.status(), 0);
  }

  public void health(Context ctx) {
    ctx.header("Cache-Control", "no-store").json(java.util.Map.of("status", "ok"));
  }
}
