package dev.commitstats.api;

import dev.commitstats.api.http.CvController;
import dev.commitstats.api.http.PageController;
import dev.commitstats.api.http.Responses;
import dev.commitstats.api.http.StatusController;
import dev.commitstats.api.service.ApiException;
import dev.commitstats.api.service.ApiResponse;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP application: routes, static files, CORS and error answers. */
public final class ApiApp {
  private static final Logger LOG = LoggerFactory.getLogger(ApiApp.class);

  /** The versioned prefix of the JSON API. */
  public static final String API = "/api/v1";

  private ApiApp() {}

  /** GET, and HEAD with the same headers (ETag, Cache-Control) and no body. */
  /**
   * A read-only path: GET and HEAD answer; the methods that would write answer 405 with {@code
   * Allow} (the path exists, the method does not).
   */
  private static void both(RoutesConfig r, String path, Handler handler) {
    r.get(path, handler);
    r.head(path, handler);
    Handler notAllowed =
        ctx -> {
          Responses.error(
              ctx,
              405,
              "method_not_allowed",
              ctx.method() + " is not allowed on " + ctx.path() + ": this API reads (GET, HEAD)");
          ctx.header("Allow", "GET, HEAD");
        };
    r.post(path, notAllowed);
    r.put(path, notAllowed);
    r.patch(path, notAllowed);
    r.delete(path, notAllowed);
  }

  /** An unstarted app: call {@code start(host, port)} on it. */
  public static Javalin create(ApiDeps deps) {
    var cv = new CvController(deps.cv(), deps.settings().maxAgeSeconds());
    var status = new StatusController(deps.status());
    var pages = new PageController();
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.jetty.modifyServer(
              server -> server.setErrorHandler(new dev.commitstats.api.http.JsonErrorHandler()));
          config.staticFiles.enableWebjars();
          config.staticFiles.add(
              s -> {
                s.hostedPath = "/static";
                s.directory = "/web/static";
                s.location = Location.CLASSPATH;
              });
          if (!deps.settings().corsOrigins().isEmpty()) {
            config.bundledPlugins.enableCors(
                cors ->
                    cors.addRule(
                        rule -> {
                          rule.path = API + "/*";
                          rule.exposeHeader("ETag");
                          if (deps.settings().corsOrigins().contains("*")) {
                            rule.anyHost();
                          } else {
                            var origins = deps.settings().corsOrigins();
                            rule.allowHost(
                                origins.get(0),
                                origins.subList(1, origins.size()).toArray(String[]::new));
                          }
                        }));
          }
          var r = config.routes;
          // no answer is to be sniffed into another type (JSON as HTML, an SVG as a page)
          r.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
          if (deps.settings().rateLimitPerMinute() > 0) {
            var limiter =
                new dev.commitstats.api.http.RateLimiter(
                    deps.settings().rateLimitPerMinute(),
                    deps.settings().clientIpHeader(),
                    System::nanoTime);
            r.before(
                ctx -> {
                  if (!ctx.path().equals("/health")) {
                    limiter.check(ctx);
                  }
                });
          }
          both(r, API + "/users/{user}/cv", cv::cv);
          both(r, API + "/users/{user}/languages", cv::languages);
          both(r, API + "/users/{user}/weekly", cv::weekly);
          both(r, API + "/users/{user}/oss", cv::oss);
          both(r, API + "/users/{user}/packages", cv::packages);
          both(r, API + "/users/{user}/repos", cv::repos);
          both(r, API + "/users/{user}/card.svg", cv::card);
          both(r, API + "/users/{user}/digest", cv::digest);
          both(r, "/digest/{user}", cv::digestPage);
          both(r, API + "/status", status::status);
          both(r, "/health", status::health);
          both(r, "/openapi.json", pages::openapi);
          both(r, "/swagger", pages::swagger);
          both(r, "/cv/{user}", pages::cv);
          both(r, "/status", pages::status);
          r.get("/", ctx -> ctx.redirect("/status"));
          r.exception(ApiException.class, (e, ctx) -> Responses.error(ctx, e));
          r.exception(
              Exception.class,
              (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                Responses.error(ctx, 500, "internal_error", "the server failed to answer");
              });
          r.error(
              404,
              ctx -> {
                // Unknown paths get the API's JSON error; a 404 of ours (unknown user) is kept.
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith(ApiResponse.JSON)) {
                  Responses.error(
                      ctx, 404, "not_found", "no such path: see /openapi.json for the API");
                }
              });
        });
  }
}
