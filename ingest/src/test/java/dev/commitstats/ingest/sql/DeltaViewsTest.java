package dev.commitstats.ingest.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.LakeQueries;
import dev.commitstats.lake.sql.DeltaViews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta tables as SQL views, read through Delta Kernel from logs written here by the protocol's
 * rules (what Spark writes): the current files only, and typed empty views for empty tables.
 */
class DeltaViewsTest {
  @TempDir Path lake;

  static final String SCHEMA =
      "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":["
          + "{\\\"name\\\":\\\"user_id\\\",\\\"type\\\":\\\"string\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}},"
          + "{\\\"name\\\":\\\"commits\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}},"
          + "{\\\"name\\\":\\\"week_start\\\",\\\"type\\\":\\\"date\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}},"
          + "{\\\"name\\\":\\\"top\\\",\\\"type\\\":{\\\"type\\\":\\\"array\\\",\\\"elementType\\\":\\\"string\\\","
          + "\\\"containsNull\\\":true},\\\"nullable\\\":true,\\\"metadata\\\":{}}]}";

  private void parquet(Path file, String select) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:duckdb:");
        var s = c.createStatement()) {
      s.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
    }
  }

  private void commit(Path table, int version, String... actions) throws Exception {
    Path log = Files.createDirectories(table.resolve("_delta_log"));
    Files.writeString(
        log.resolve(String.format("%020d.json", version)), String.join("\n", actions) + "\n");
  }

  private static String add(Path table, String name) throws Exception {
    return "{\"add\":{\"path\":\""
        + name
        + "\",\"partitionValues\":{},\"size\":"
        + Files.size(table.resolve(name))
        + ",\"modificationTime\":1700000000000,\"dataChange\":true}}";
  }

  private static String metadata() {
    return "{\"metaData\":{\"id\":\"7b9f6a43-1f7e-4c57-9d26-0c7f6c1b2f11\",\"format\":"
        + "{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\""
        + SCHEMA
        + "\","
        + "\"partitionColumns\":[],\"configuration\":{},\"createdTime\":1700000000000}}";
  }

  static final String PROTOCOL = "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}";

  @Test
  void viewsReadTheCurrentFilesOfEachTable() throws Exception {
    Path summary = Files.createDirectories(lake.resolve("delta/user_cv_summary"));
    parquet(
        summary.resolve("part-0.parquet"),
        "SELECT 'ann' AS user_id, 1::BIGINT AS commits, DATE '2024-01-01' AS week_start,"
            + " ['Go'] AS top");
    commit(summary, 0, PROTOCOL, metadata(), add(summary, "part-0.parquet"));
    parquet(
        summary.resolve("part-1.parquet"),
        "SELECT 'ann' AS user_id, 7::BIGINT AS commits, DATE '2024-01-08' AS week_start,"
            + " ['Go', 'SQL'] AS top UNION ALL SELECT 'bo', 2, DATE '2024-01-08', []");
    commit(
        summary,
        1,
        "{\"remove\":{\"path\":\"part-0.parquet\",\"deletionTimestamp\":1700000001000,"
            + "\"dataChange\":true}}",
        add(summary, "part-1.parquet"));
    Path languages = lake.resolve("delta/user_language_stats");
    commit(languages, 0, PROTOCOL, metadata());

    assertThat(LakeQueries.rows(lake, "SELECT user_id, commits FROM user_cv_summary ORDER BY 1"))
        .containsExactly(List.of("ann", 7L), List.of("bo", 2L));
    assertThat(
            LakeQueries.rows(
                lake,
                "SELECT count(*) AS n, typeof(any_value(week_start)) AS t, typeof(any_value(top)) AS a"
                    + " FROM user_language_stats"))
        .containsExactly(List.of(0L, "DATE", "VARCHAR[]"));
    List<DeltaViews.View> views;
    try (var c = DriverManager.getConnection("jdbc:duckdb:");
        var s = c.createStatement()) {
      views = DeltaViews.of(lake, s);
    }
    assertThat(views)
        .extracting(DeltaViews.View::table, DeltaViews.View::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("user_language_stats", 0L),
            org.assertj.core.groups.Tuple.tuple("user_cv_summary", 1L));
  }
}
