package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.commitstats.api.aws.DigestMailHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The weekly digest by mail, against a local HTTP server speaking SES v2's {@code SendEmail} (JSON
 * over REST, as the SDK sends it): every user with a {@code digest_email} gets the last complete
 * week's digest; a user without commits is skipped; an address SES rejects fails alone.
 */
class DigestMailHandlerTest {
  static final ObjectMapper JSON = new ObjectMapper();

  HttpServer ses;
  final List<JsonNode> sent = new ArrayList<>();
  final List<String> paths = new ArrayList<>();

  @BeforeEach
  void startSes() throws Exception {
    ses = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ses.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          JsonNode request = JSON.readTree(body);
          synchronized (sent) {
            paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
          }
          String to = request.path("Destination").path("ToAddresses").path(0).asText();
          byte[] answer;
          if (to.endsWith("@rejected.example")) {
            ex.getResponseHeaders().add("x-amzn-ErrorType", "MessageRejected");
            answer = "{\"message\":\"Email address is not verified.\"}".getBytes();
            ex.sendResponseHeaders(400, answer.length);
          } else {
            synchronized (sent) {
              sent.add(request);
            }
            answer = "{\"MessageId\":\"m-1\"}".getBytes();
            ex.sendResponseHeaders(200, answer.length);
          }
          ex.getResponseBody().write(answer);
          ex.close();
        });
    ses.start();
  }

  @AfterEach
  void stopSes() {
    ses.stop(0);
  }

  @Test
  void everyOptedInUserGetsTheirWeekAndOneFailureStopsNoOne(@TempDir Path dir) throws Exception {
    var fixture = LakeFixture.get();
    Path config = dir.resolve("commitstats.yaml");
    Files.writeString(
        config,
        """
        users:
          - id: alice
            name: Alice Example
            emails: [alice@example.com]
            github: alice
            digest_email: alice@mail.example
          - id: bob
            name: Bob
            emails: [bob@example.com]
            digest_email: bob@rejected.example
          - id: cleo
            emails: [cleo@example.com]
            digest_email: cleo@mail.example
          - id: dan
            emails: [dan@example.com]
        """);
    var client =
        SesV2Client.builder()
            .region(Region.EU_WEST_1)
            .endpointOverride(URI.create("http://127.0.0.1:" + ses.getAddress().getPort()))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
            .build();
    var handler =
        new DigestMailHandler(
            Map.of(
                "COMMITSTATS_LAKE", fixture.lake.toString(),
                "COMMITSTATS_CONFIG", config.toString(),
                "COMMITSTATS_DIGEST_FROM", "digest@commitstats.example"),
            client);
    DigestMailHandler.Result r = handler.run();

    // alice sent; bob rejected by SES (counted, named); cleo has no commits (skipped); dan opted
    // out
    assertThat(r.sent()).isEqualTo(1);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.problems()).singleElement().asString().startsWith("bob: ");
    assertThat(paths).allMatch(p -> p.equals("POST /v2/email/outbound-emails")).hasSize(2);

    JsonNode mail = sent.get(0);
    assertThat(mail.path("FromEmailAddress").asText()).isEqualTo("digest@commitstats.example");
    assertThat(mail.path("Destination").path("ToAddresses").path(0).asText())
        .isEqualTo("alice@mail.example");
    JsonNode simple = mail.path("Content").path("Simple");
    assertThat(simple.path("Subject").path("Data").asText())
        .startsWith("Your week 20")
        .endsWith("— Commit Stats (a quiet one)"); // her last commit was in March 2025
    String html = simple.path("Body").path("Html").path("Data").asText();
    assertThat(html).startsWith("<!doctype html>").contains("<svg", "A quiet week: no commits.");
    assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script", "src=");
    assertThat(simple.path("Body").path("Text").path("Data").asText()).startsWith("# Week ");
    String all = new String(JSON.writeValueAsBytes(mail), StandardCharsets.UTF_8);
    for (String marker : LakeFixture.PRIVATE_MARKERS) {
      assertThat(all.toLowerCase(Locale.ROOT)).doesNotContain(marker.toLowerCase(Locale.ROOT));
    }
  }
}
