package dev.commitstats.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.commitstats.lake.Lake;
import dev.commitstats.lake.S3Lake;
import dev.commitstats.lake.S3TestServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * glue/register.py (the Glue Python shell job of the refresh workflow) run with Debian's Python and
 * boto3 as Glue runs it, against S3Proxy and a local stand-in speaking Glue's and Athena's JSON
 * protocol: it registers exactly the tables that exist in the lake and that the catalog lacks, does
 * nothing when none is missing, and fails in words when Athena refuses.
 */
class RegisterScriptTest {
  static final ObjectMapper JSON = new ObjectMapper();
  S3TestServer s3;
  HttpServer aws;
  final Set<String> catalog = ConcurrentHashMap.newKeySet();
  final List<String> ddl = java.util.Collections.synchronizedList(new ArrayList<>());
  volatile String athenaState = "SUCCEEDED";

  @BeforeEach
  void start() throws Exception {
    s3 = new S3TestServer("lake", "artifacts");
    aws = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    aws.createContext(
        "/",
        ex -> {
          String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
          JsonNode body = JSON.readTree(ex.getRequestBody());
          Object answer;
          switch (target) {
            case "AWSGlue.GetTables" -> {
              var tables = new ArrayList<Map<String, Object>>();
              catalog.forEach(
                  t ->
                      tables.add(
                          Map.of("Name", t, "DatabaseName", body.path("DatabaseName").asText())));
              answer = Map.of("TableList", tables);
            }
            case "AmazonAthena.StartQueryExecution" -> {
              String sql = body.path("QueryString").asText();
              ddl.add(body.path("WorkGroup").asText() + ": " + sql);
              var m = java.util.regex.Pattern.compile("`[a-z0-9_]+`\\.`([a-z0-9_]+)`").matcher(sql);
              if (m.find() && athenaState.equals("SUCCEEDED")) {
                catalog.add(m.group(1));
              }
              answer = Map.of("QueryExecutionId", "q" + ddl.size());
            }
            case "AmazonAthena.GetQueryExecution" ->
                answer =
                    Map.of(
                        "QueryExecution",
                        Map.of(
                            "QueryExecutionId",
                            body.path("QueryExecutionId").asText(),
                            "Status",
                            athenaState.equals("SUCCEEDED")
                                ? Map.of("State", "SUCCEEDED")
                                : Map.of(
                                    "State",
                                    athenaState,
                                    "StateChangeReason",
                                    "Insufficient permissions")));
            default -> answer = Map.of("__type", "UnknownOperationException", "message", target);
          }
          byte[] out = JSON.writeValueAsBytes(answer);
          ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          ex.sendResponseHeaders(
              target.startsWith("AWSGlue.") || target.startsWith("AmazonAthena.") ? 200 : 400,
              out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    aws.start();
    try (Lake lake = S3Lake.fromEnvironment("s3://lake", s3.environment()::get);
        Lake artifacts = S3Lake.fromEnvironment("s3://artifacts", s3.environment()::get)) {
      lake.write("delta/user_cv_summary/_delta_log/00000000000000000000.json", "{}".getBytes());
      lake.write("delta/commits/_delta_log/00000000000000000000.json", "{}".getBytes());
      artifacts.write(
          "glue/tables.txt",
          "commits\nuser_cv_summary\nuser_packages\n".getBytes(StandardCharsets.UTF_8));
    }
    catalog.add("commits");
  }

  @AfterEach
  void stop() throws Exception {
    aws.stop(0);
    s3.close();
  }

  String run() throws Exception {
    Map<String, String> env = new HashMap<>(s3.environment());
    env.put("COMMITSTATS_AWS_ENDPOINT_URL", "http://127.0.0.1:" + aws.getAddress().getPort());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    return Toolchain.run(
        List.of(
            "bash",
            "-c",
            "/usr/bin/python3 glue/register.py --JOB_ID j_1 --lake s3://lake --database commitstats_dev"
                + " --athena-workgroup commitstats-dev --tables s3://artifacts/glue/tables.txt 2>&1",
            "register"),
        env,
        Toolchain.ROOT,
        120);
  }

  @Test
  void registersOnlyWhatTheCatalogLacksAndThenNothing() throws Exception {
    String first = run();
    assertThat(ddl)
        .containsExactly(
            "commitstats-dev: CREATE EXTERNAL TABLE IF NOT EXISTS `commitstats_dev`.`user_cv_summary`"
                + " LOCATION 's3://lake/delta/user_cv_summary/' TBLPROPERTIES ('table_type' = 'DELTA')");
    assertThat(first).contains("commitstats_dev.user_cv_summary registered");

    String second = run();
    assertThat(ddl).hasSize(1);
    assertThat(second).contains("all 3 tables are registered (or not written yet)");
  }

  @Test
  void athenaRefusingFailsTheJobInWords() {
    athenaState = "FAILED";
    var e = org.assertj.core.api.Assertions.catchThrowable(this::run);
    assertThat(e)
        .hasMessageContaining("Athena FAILED for user_cv_summary: Insufficient permissions")
        .hasMessageContaining("check the workgroup");
  }
}
