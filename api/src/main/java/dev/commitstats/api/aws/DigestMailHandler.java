package dev.commitstats.api.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commitstats.api.Main;
import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.query.SqlCvQueries;
import dev.commitstats.api.service.ApiException;
import dev.commitstats.api.service.ApiResponse;
import dev.commitstats.api.service.Curation;
import dev.commitstats.api.service.CvService;
import dev.commitstats.api.service.DigestRenderer;
import dev.commitstats.api.service.Digests;
import dev.commitstats.api.service.ResponseCache;
import dev.commitstats.model.config.UserConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * The weekly digest by mail: a Lambda function a weekly schedule invokes. It reads the config
 * (users who set {@code digest_email} opted in), renders each one's digest of the last complete
 * week (the same HTML as {@code /digest/{user}}, with the Markdown as the text part) and sends it
 * with Amazon SES from {@code COMMITSTATS_DIGEST_FROM}. One user's failure (no commits yet, an
 * address SES refuses) is logged and the others are still sent; the answer counts them.
 *
 * <p>Environment: {@code COMMITSTATS_LAKE}, {@code COMMITSTATS_CONFIG} (both required), {@code
 * COMMITSTATS_DIGEST_FROM} (a verified SES identity), {@code COMMITSTATS_SES_ENDPOINT} (a stand-in
 * for tests), {@code AWS_REGION}.
 */
public final class DigestMailHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final SesV2Client ses;

  /** The handler Lambda creates: settings from the process environment. */
  public DigestMailHandler() {
    this(System.getenv(), sesClient(System.getenv()));
  }

  public DigestMailHandler(Map<String, String> env, SesV2Client ses) {
    this.env = env;
    this.ses = ses;
    for (String required : List.of("COMMITSTATS_LAKE", "COMMITSTATS_CONFIG")) {
      if (env.get(required) == null || env.get(required).isBlank()) {
        throw new IllegalStateException(required + " is not set in the function's environment");
      }
    }
    if (env.get("COMMITSTATS_DIGEST_FROM") == null) {
      throw new IllegalStateException(
          "COMMITSTATS_DIGEST_FROM is not set: the sender, a verified SES identity");
    }
  }

  static SesV2Client sesClient(Map<String, String> env) {
    var b = SesV2Client.builder();
    String region = env.getOrDefault("AWS_REGION", "us-east-1");
    b.region(Region.of(region));
    String endpoint = env.get("COMMITSTATS_SES_ENDPOINT");
    if (endpoint != null && !endpoint.isBlank()) {
      b.endpointOverride(URI.create(endpoint));
    }
    return b.build();
  }

  /** What one run did. */
  public record Result(int sent, int skipped, int failed, List<String> problems) {}

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes(); // the schedule's event carries nothing we need
    Result r = run();
    ObjectNode answer = JSON.createObjectNode();
    answer.put("sent", r.sent()).put("skipped", r.skipped()).put("failed", r.failed());
    output.write(JSON.writeValueAsBytes(answer));
  }

  /** Sends the last complete week's digest to every user with a {@code digest_email}. */
  public Result run() {
    var args = new ArrayList<>(List.of("--lake", env.get("COMMITSTATS_LAKE")));
    args.addAll(List.of("--config", env.get("COMMITSTATS_CONFIG"), "--connections", "1"));
    var options = new Main();
    new picocli.CommandLine(options).parseArgs(args.toArray(String[]::new));
    List<UserConfig> users = options.configUsers();
    int sent = 0;
    int skipped = 0;
    int failed = 0;
    var problems = new ArrayList<String>();
    try (SqlEngine sql = options.openEngine()) {
      Clock clock = Clock.systemUTC();
      var cv =
          new CvService(
              new SqlCvQueries(sql),
              sql,
              new ResponseCache(0, null, clock),
              clock,
              () -> new Curation(users));
      for (UserConfig u : users) {
        if (u.digestEmail() == null) {
          continue;
        }
        try {
          Digests.Digest[] digest = new Digests.Digest[1];
          ApiResponse html =
              cv.digestAnswer(
                  "digest-mail",
                  u.id(),
                  null,
                  null,
                  null,
                  d -> {
                    digest[0] = d;
                    return new ApiResponse(
                        DigestRenderer.html(d).getBytes(StandardCharsets.UTF_8),
                        ApiResponse.HTML,
                        null);
                  });
          send(u.digestEmail(), digest[0], new String(html.body(), StandardCharsets.UTF_8));
          sent++;
          log("digest_sent", u.id(), null);
        } catch (ApiException e) {
          // no commits yet, or none before that week: nothing to send, not a failure
          skipped++;
          log("digest_skipped", u.id(), e.getMessage());
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
          failed++;
          String why = e.getClass().getSimpleName() + ": " + e.getMessage();
          problems.add(u.id() + ": " + why);
          log("digest_failed", u.id(), why);
        }
      }
    }
    return new Result(sent, skipped, failed, problems);
  }

  private void send(String to, Digests.Digest d, String html) {
    String subject =
        "Your "
            + d.period()
            + " "
            + d.label()
            + " — Commit Stats"
            + (d.quiet() ? " (a quiet one)" : "");
    ses.sendEmail(
        SendEmailRequest.builder()
            .fromEmailAddress(env.get("COMMITSTATS_DIGEST_FROM"))
            .destination(Destination.builder().toAddresses(to).build())
            .content(
                EmailContent.builder()
                    .simple(
                        Message.builder()
                            .subject(text(subject))
                            .body(
                                Body.builder()
                                    .html(text(html))
                                    .text(text(DigestRenderer.markdown(d)))
                                    .build())
                            .build())
                    .build())
            .build());
  }

  private static Content text(String s) {
    return Content.builder().charset("UTF-8").data(s).build();
  }

  /** One JSON line per user for the function's log (never the address or the digest). */
  private static void log(String event, String user, String detail) {
    ObjectNode line = JSON.createObjectNode();
    line.put("event", event).put("user", user);
    if (detail != null) {
      line.put("detail", detail);
    }
    System.err.println(line);
  }
}
