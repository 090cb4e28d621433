package dev.commitstats.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.accounts.TokenStore;
import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.GitCli;
import dev.commitstats.ingest.TokenGitServer;
import dev.commitstats.lake.Lake;
import dev.commitstats.lake.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled ingest as Lambda runs it (the handler class terraform names, made and called as the
 * Java runtime does, in a process whose environment is the function's) against S3 (S3Proxy) and an
 * authenticated git HTTP server: config and token store read from the lake bucket, a marker per run
 * that wrote commits and none otherwise, the clone cache kept in S3 so a cold start fetches instead
 * of cloning, and the token nowhere in the output, the lake or the cache.
 */
class IngestHandlerTest {
  static final String HANDLER = "dev.commitstats.ingest.aws.IngestHandler::handleRequest";
  static final String TOKEN = "lambda-marker-token-7fq2x";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  static S3TestServer s3;
  static TokenGitServer git;
  static GitCli repo;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer("lake");
    Path served = Files.createDirectories(tmp.resolve("served"));
    repo = FastImport.generate(served.resolve("team-repo"), 30, 11);
    git = new TokenGitServer(served, TOKEN, "forbidden-token");
    // what an operator uploads once: the config and the token store (local key here, KMS in AWS)
    String config =
        """
        users:
          - id: dev
            emails: [dev@example.com]
        sources:
          - provider: git
            url: %s
            token_env: TEAM_TOKEN
            visibility: private
        """
            .formatted(git.url("team-repo"));
    put("config/commitstats.yaml", config.getBytes());
    Path store = tmp.resolve("operator-tokens");
    new TokenStore(store).put("TEAM_TOKEN", TOKEN);
    try (var files = Files.list(store)) {
      for (Path f : files.toList()) {
        put("config/tokens/" + f.getFileName(), Files.readAllBytes(f));
      }
    }
  }

  static void put(String key, byte[] content) throws Exception {
    try (Lake l = lake()) {
      l.write(key, content);
    }
  }

  static Lake lake() {
    return dev.commitstats.lake.S3Lake.fromEnvironment("s3://lake", s3.environment()::get);
  }

  @AfterAll
  static void stop() throws Exception {
    git.close();
    s3.close();
  }

  /** One invocation in a fresh process with a fresh /tmp (a cold start). */
  static JsonNode invoke(String name) throws Exception {
    Map<String, String> env = new HashMap<>(s3.environment());
    Path work = tmp.resolve("lambda-" + name);
    env.put("COMMITSTATS_LAKE", "s3://lake");
    env.put("COMMITSTATS_CONFIG", "s3://lake/config/commitstats.yaml");
    env.put("COMMITSTATS_TOKEN_STORE_URL", "s3://lake/config/tokens");
    env.put("COMMITSTATS_TOKEN_STORE", work.resolve("tokens").toString());
    env.put("COMMITSTATS_CLONE_CACHE_URL", "s3://lake/cache/clones");
    env.put("COMMITSTATS_WORK_DIR", work.toString());
    Path log = tmp.resolve(name + ".log");
    var outcome =
        ChildIngest.finish(
            log,
            ChildIngest.startMain(
                log, env, LambdaInvoke.class.getName(), HANDLER, "{\"source\":\"schedule\"}"));
    assertThat(outcome.output()).as(name).doesNotContain(TOKEN);
    assertThat(outcome.exitCode()).as(name + ": " + outcome.output()).isZero();
    String answer =
        outcome.output().lines().filter(l -> l.startsWith("ANSWER ")).findFirst().orElseThrow();
    JsonNode json = JSON.readTree(answer.substring(answer.indexOf(' ', "ANSWER ".length()) + 1));
    System.out.println(
        "ingest handler " + name + ": " + json + "; " + cacheLines(outcome.output()));
    return ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("output", outcome.output());
  }

  static String cacheLines(String output) {
    return String.join(" ", output.lines().filter(l -> l.contains("\"event\":\"clone")).toList());
  }

  static List<String> markers() throws Exception {
    try (Lake l = lake()) {
      return l.list("state/runs");
    }
  }

  @Test
  void scheduledRunsIngestMarkAndKeepTheirClones() throws Exception {
    JsonNode first = invoke("first");
    assertThat(first.path("failed").asInt()).as(first.path("output").asText()).isZero();
    assertThat(first.path("new_commits").asLong()).isEqualTo(30);
    assertThat(first.path("output").asText()).contains("cloned");
    assertThat(markers()).hasSize(1);
    try (Lake l = lake()) {
      String marker = new String(l.read(markers().get(0)).orElseThrow());
      assertThat(JSON.readTree(marker).path("new_commits").asLong()).isEqualTo(30);
      assertThat(l.list("cache/clones")).anyMatch(k -> k.contains("/objects/pack/pack-"));
      assertThat(l.list("raw/commits")).isNotEmpty();
      for (String key : l.list("")) {
        if (!key.startsWith("config/tokens/")) {
          assertThat(
                  new String(
                      l.read(key).orElseThrow(), java.nio.charset.StandardCharsets.ISO_8859_1))
              .as(key)
              .doesNotContain(TOKEN);
        }
      }
    }

    // a cold start with nothing new: the host says the branches did not move, nothing is
    // restored, fetched or cloned, no marker
    JsonNode quiet = invoke("quiet");
    assertThat(quiet.path("new_commits").asLong()).isZero();
    assertThat(quiet.path("output").asText())
        .contains("unchanged on the host (ls-remote)")
        .doesNotContain("cloned")
        .doesNotContain("clone_restored");
    assertThat(markers()).hasSize(1);

    // a new commit: the clone restored from S3, only the new commit fetched, one more marker
    repo.write("src/new.py", "print('new')\n").commitAll("one more");
    JsonNode more = invoke("more");
    assertThat(more.path("new_commits").asLong()).isEqualTo(1);
    assertThat(more.path("output").asText()).doesNotContain("cloned").contains("clone_restored");
    assertThat(markers()).hasSize(2);
  }

  @Test
  void aMissingConfigFailsTheInvocationInWords() throws Exception {
    Map<String, String> env = new HashMap<>(s3.environment());
    env.put("COMMITSTATS_LAKE", "s3://lake");
    env.put("COMMITSTATS_CONFIG", "s3://lake/config/missing.yaml");
    env.put("COMMITSTATS_WORK_DIR", tmp.resolve("lambda-missing").toString());
    Path log = tmp.resolve("missing.log");
    var outcome =
        ChildIngest.finish(
            log, ChildIngest.startMain(log, env, LambdaInvoke.class.getName(), HANDLER, "{}"));
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.output()).contains("no config at s3://lake/config/missing.yaml");
  }
}
