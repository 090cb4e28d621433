package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.config.CommitStatsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Languages as GitHub counts them: every language stays in the tables with linguist's type and
 * colour; the CV's shares and top languages count programming and markup only; data, prose and
 * unrecognised lines are totals of their own that, with the languages', add up to the lines.
 */
class LanguageTypesTest {
  static SparkSession spark;
  static final String MINE = "https://github.com/EspenAlbert/tools";

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  List<Map<String, Object>> rows(String sql) {
    return spark.sql(sql).collectAsList().stream().map(RawLake::asMap).toList();
  }

  String table(String name) {
    return "delta.`" + dir.resolve("delta").resolve(name).toUri() + "`";
  }

  @Test
  void typesColoursSharesAndTotals() {
    new RawLake(spark, dir)
        .repo(MINE, "private", "espen", false, null)
        .commit(MINE, "a1", "espen@example.com", "2024-03-04T10:00:00Z")
        .file(MINE, "a1", "src/A.java", "Java", "code", 60L, 6L)
        .file(MINE, "a1", "web/index.html", "HTML", "code", 20L, 2L)
        .file(MINE, "a1", "README.md", "Markdown", "documentation", 100L, 10L)
        .file(MINE, "a1", "package.json", "JSON", "data", 300L, 30L)
        .commit(MINE, "a2", "espen@example.com", "2024-03-12T10:00:00Z")
        // written in another case by an older ingest: linguist's Awk
        .file(MINE, "a2", "tools/count.awk", "AWK", "code", 20L, 0L)
        .file(MINE, "a2", "schema.sql", "SQL", "code", 40L, 4L)
        .file(MINE, "a2", "notes", "Unknown", "data", 7L, 1L)
        // a linguist-language=js attribute: linguist's alias of JavaScript
        .file(MINE, "a2", "web/app.es", "js", "code", 5L, 0L)
        .write();
    TransformJob.run(
        spark,
        new TransformJob.Settings(
            dir.toString(),
            CommitStatsConfig.parse(
                """
                users:
                  - id: espen
                    emails: [espen@example.com]
                """,
                "test config"),
            false));

    assertThat(
            rows(
                "SELECT language, language_type, language_color, lines_added, share_of_lines FROM "
                    + table("user_language_stats")
                    + " ORDER BY language"))
        .containsExactly(
            row("Awk", "programming", "#c30e9b", 20L, 0.1905),
            row("HTML", "markup", "#e34c26", 20L, 0.1905),
            row("JSON", "data", "#292929", 300L, null),
            row("Java", "programming", "#b07219", 60L, 0.5714),
            row("JavaScript", "programming", "#f1e05a", 5L, 0.0476),
            row("Markdown", "prose", "#083fa1", 100L, null),
            row("SQL", "data", "#e38c00", 40L, null),
            row("Unknown", "unknown", null, 7L, null));

    Row s =
        spark
            .sql(
                "SELECT lines_added, lines_deleted, language_lines_added, language_lines_deleted,"
                    + " data_lines_added, data_lines_deleted, prose_lines_added,"
                    + " prose_lines_deleted, other_lines_added, other_lines_deleted,"
                    + " transform(top_languages, l -> l.language) AS top FROM "
                    + table("user_cv_summary"))
            .first();
    assertThat(s.getLong(0)).isEqualTo(552L);
    assertThat(s.getLong(1)).isEqualTo(53L);
    assertThat(List.of(s.getLong(2), s.getLong(3))).containsExactly(105L, 8L);
    assertThat(List.of(s.getLong(4), s.getLong(5))).containsExactly(340L, 34L);
    assertThat(List.of(s.getLong(6), s.getLong(7))).containsExactly(100L, 10L);
    assertThat(List.of(s.getLong(8), s.getLong(9))).containsExactly(7L, 1L);
    assertThat(s.getLong(2) + s.getLong(4) + s.getLong(6) + s.getLong(8)).isEqualTo(s.getLong(0));
    assertThat(s.getList(10)).containsExactly("Java", "Awk", "HTML", "JavaScript");

    assertThat(
            rows(
                "SELECT week_start, language, language_type FROM "
                    + table("user_weekly_activity")
                    + " WHERE language IN ('Awk', 'Markdown') ORDER BY language"))
        .extracting(r -> r.get("language") + ":" + r.get("language_type"))
        .containsExactly("Awk:programming", "Markdown:prose");
    assertThat(rows("SELECT DISTINCT language FROM " + table("file_changes")))
        .extracting(r -> r.get("language"))
        .contains("Awk")
        .contains("JavaScript")
        .doesNotContain("AWK", "js");
  }

  static Map<String, Object> row(
      String language, String type, String color, long linesAdded, Double share) {
    var m = new java.util.HashMap<String, Object>();
    m.put("language", language);
    m.put("language_type", type);
    m.put("language_color", color);
    m.put("lines_added", linesAdded);
    m.put("share_of_lines", share);
    return m;
  }
}
