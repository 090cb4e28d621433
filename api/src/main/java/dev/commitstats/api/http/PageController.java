package dev.commitstats.api.http;

import dev.commitstats.api.service.CvService;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The pages: the CV page, the status page and Swagger UI, each a static document that calls the
 * JSON API from the browser; and the OpenAPI description.
 */
public final class PageController {
  private final byte[] cvPage = resource("/web/cv.html");
  private final byte[] statusPage = resource("/web/status.html");
  private final byte[] swaggerPage = resource("/web/swagger.html");
  private final byte[] openapi = resource("/openapi.json");

  public void cv(Context ctx) {
    CvService.userId(ctx.pathParam("user"));
    html(ctx, cvPage);
  }

  public void status(Context ctx) {
    html(ctx, statusPage);
  }

  public void swagger(Context ctx) {
    html(ctx, swaggerPage);
  }

  public void openapi(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=300")
        .contentType("application/json")
        .result(openapi);
  }

  private static void html(Context ctx, byte[] page) {
    ctx.header("Cache-Control", "public, max-age=300")
        .header("Content-Security-Policy", CSP)
        .contentType("text/html; charset=utf-8")
        .result(page);
  }

  /** Only this server's own scripts, styles and API (no external requests). */
  public static final String CSP =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
          + " script-src 'self'; connect-src 'self'; frame-ancestors *";

  static byte[] resource(String name) {
    try (InputStream in = PageController.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
