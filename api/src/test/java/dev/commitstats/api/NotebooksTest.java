package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.api.engine.TrinoEngine;
import dev.commitstats.api.engine.TrinoRegistration;
import dev.commitstats.api.trino.TrinoServer;
import dev.commitstats.lake.sql.LakeSql;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysts' notebooks run top to bottom (Debian's {@code jupyter nbconvert --execute}) on a
 * lake the real pipeline made, with no error output, each drawing its charts and tables; and each
 * notebook's SQL ({@code notebooks/sql}) answers the same rows on DuckDB and on Trino (Athena's
 * engine).
 */
class NotebooksTest {
  static final Path NOTEBOOKS = LakeFixture.modulePath("notebooks");
  static LakeFixture fixture;

  @BeforeAll
  static void lake() {
    fixture = LakeFixture.get();
  }

  static List<Path> files(String glob) throws Exception {
    try (Stream<Path> s = Files.list(NOTEBOOKS.resolve(glob.startsWith("sql") ? "sql" : "."))) {
      String ext = glob.substring(glob.lastIndexOf('.'));
      return s.filter(p -> p.toString().endsWith(ext)).sorted().toList();
    }
  }

  static String quoted(List<String> words) {
    return words.stream()
        .map(w -> "'" + w.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }

  @Test
  void everyNotebookRunsTopToBottomAndDrawsItsCharts() throws Exception {
    List<Path> notebooks = files("*.ipynb");
    assertThat(notebooks).hasSizeGreaterThanOrEqualTo(4);
    Path out = LakeFixture.modulePath("api").resolve("target/notebooks");
    Files.createDirectories(out);
    String sqlCommand =
        quoted(fixture.command("ingest", List.of("-Xmx512m"), "dev.commitstats.ingest.cli.Main"));
    var json = new ObjectMapper();
    for (Path nb : notebooks) {
      // committed without outputs
      JsonNode committed = json.readTree(nb.toFile());
      for (JsonNode cell : committed.get("cells")) {
        if (cell.has("outputs")) {
          assertThat(cell.get("outputs")).as(nb + " is committed with outputs").isEmpty();
        }
      }
      var pb =
          new ProcessBuilder(
                  "jupyter",
                  "nbconvert",
                  "--to",
                  "notebook",
                  "--execute",
                  "--ExecutePreprocessor.timeout=300",
                  "--output-dir",
                  out.toString(),
                  nb.toString())
              .directory(NOTEBOOKS.toFile())
              .redirectErrorStream(true);
      pb.environment().put("COMMITSTATS_LAKE", fixture.lake.toString());
      pb.environment().put("COMMITSTATS_SQL_COMMAND", sqlCommand);
      pb.environment().put("COMMITSTATS_USER", "alice");
      pb.environment().put("MPLBACKEND", "Agg");
      pb.environment().remove("COMMITSTATS_ATHENA_WORKGROUP");
      Process p = pb.start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(nb.getFileName() + " failed:\n" + log).isZero();

      JsonNode ran = json.readTree(out.resolve(nb.getFileName()).toFile());
      int images = 0;
      int tables = 0;
      var errors = new ArrayList<String>();
      for (JsonNode cell : ran.get("cells")) {
        for (JsonNode o : cell.path("outputs")) {
          String type = o.path("output_type").asText();
          if (type.equals("error")
              || (type.equals("stream") && o.path("name").asText().equals("stderr"))) {
            errors.add(o.toString());
          }
          if (o.path("data").has("image/png")) {
            images++;
          }
          if (o.path("data").has("text/html")) {
            tables++;
          }
        }
      }
      assertThat(errors).as(nb.getFileName() + " wrote error output").isEmpty();
      assertThat(images).as(nb.getFileName() + " draws a chart").isPositive();
      assertThat(tables).as(nb.getFileName() + " shows a table").isPositive();
    }
  }

  @Test
  void everyNotebookQueryAnswersTheSameOnDuckDbAndTrino() throws Exception {
    var queries = new java.util.LinkedHashMap<String, String>();
    for (Path q : files("sql/*.sql")) {
      queries.put(q.getFileName().toString(), Files.readString(q));
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(4);
    sameOnDuckDbAndTrino(queries, true);
  }

  /** The ten questions of docs/analysts.md, as written there. */
  @Test
  void everyQueryOfTheAnalystsGuideAnswersTheSameOnDuckDbAndTrino() throws Exception {
    String guide = Files.readString(LakeFixture.modulePath("docs").resolve("analysts.md"));
    var m =
        java.util.regex.Pattern.compile("```sql\n(.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(guide);
    var queries = new java.util.LinkedHashMap<String, String>();
    while (m.find()) {
      queries.put("analysts.md query " + (queries.size() + 1), m.group(1));
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
    sameOnDuckDbAndTrino(queries, false);
  }

  static void sameOnDuckDbAndTrino(java.util.Map<String, String> queries, boolean rowsEach)
      throws Exception {
    TrinoServer trino = TrinoServer.get();
    var settings = TrinoEngine.Settings.of(trino.jdbcUrl("notebooks"), "commitstats-test");
    assertThat(TrinoRegistration.register(settings, fixture.lake.toString(), null))
        .noneMatch(TrinoRegistration.Outcome::failed);
    var props = new Properties();
    props.setProperty("user", "commitstats-test");
    int withRows = 0;
    try (Connection duck = LakeSql.open(fixture.lake);
        Connection onTrino = DriverManager.getConnection(settings.url(), props)) {
      for (var q : queries.entrySet()) {
        List<List<Object>> a = rows(duck, q.getValue());
        List<List<Object>> b = rows(onTrino, q.getValue());
        assertThat(b).as(q.getKey() + " on Trino").isEqualTo(a);
        if (rowsEach) {
          assertThat(a).as(q.getKey() + " has rows").isNotEmpty();
        }
        withRows += a.isEmpty() ? 0 : 1;
      }
    }
    assertThat(withRows).isGreaterThanOrEqualTo(queries.size() * 3 / 4);
  }

  /** The rows, each value in one form whatever the engine's JDBC types. */
  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    var out = new ArrayList<List<Object>>();
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        var row = new ArrayList<Object>();
        for (int i = 1; i <= n; i++) {
          row.add(plain(rs, i));
        }
        out.add(row);
      }
    }
    return out;
  }

  static Object plain(ResultSet rs, int i) throws SQLException {
    Object v = rs.getObject(i);
    if (v == null) {
      return null;
    }
    if (v instanceof Number num && !(v instanceof Double) && !(v instanceof Float)) {
      return new BigDecimal(num.toString()).stripTrailingZeros();
    }
    if (v instanceof java.sql.Timestamp t) {
      String type = rs.getMetaData().getColumnTypeName(i).toLowerCase(java.util.Locale.ROOT);
      var instant =
          type.contains("with time zone")
              ? t.toInstant()
              : t.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
      return instant.plusNanos(500_000).truncatedTo(ChronoUnit.MILLIS);
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant().plusNanos(500_000).truncatedTo(ChronoUnit.MILLIS);
    }
    if (v instanceof ZonedDateTime z) {
      return z.toInstant().plusNanos(500_000).truncatedTo(ChronoUnit.MILLIS);
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return v;
  }
}
