package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.config.CommitStatsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformRulesTest {
  static SparkSession spark;
  static final String PUB = "https://github.com/acme/widgets";
  static final String MINE = "https://github.com/espen/tools";
  static final String SECRET = "https://github.com/espen/secret";
  static final String FORK = "https://github.com/espen/widgets";

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  static CommitStatsConfig config(String yaml) {
    return CommitStatsConfig.parse(yaml, "test config");
  }

  static final String USERS =
      """
      users:
        - id: espen
          name: Espen Albert
          emails: [Espen@Example.com]
          github: EspenAlbert
          aliases: ["Espen <espen@example.com> <old@corp.example>"]
        - id: kari
          emails: [kari@example.com]
      transform:
        bulk_commit_lines: 1000
      """;

  List<Map<String, Object>> rows(String sql) {
    return spark.sql(sql).collectAsList().stream().map(RawLake::asMap).toList();
  }

  String table(String name) {
    return "delta.`" + dir.resolve("delta").resolve(name).toUri() + "`";
  }

  TransformJob.Result transform(CommitStatsConfig config) {
    return TransformJob.run(spark, new TransformJob.Settings(dir.toString(), config, false));
  }

  @Test
  void attributesByEmailNoreplyAndAliasAndSplitsCoAuthoredLines() {
    new RawLake(spark, dir)
        .repo(MINE, "private", "espen", false, null)
        .commit(MINE, "a1", "ESPEN@example.com", "2024-03-04T10:00:00Z")
        .file(MINE, "a1", "src/A.java", "Java", "code", 10L, 2L)
        .commit(MINE, "a2", "EspenAlbert@users.noreply.github.com", "2024-03-05T10:00:00Z")
        .file(MINE, "a2", "src/B.java", "Java", "code", 20L, 0L)
        .commit(MINE, "a3", "123+espenalbert@users.noreply.github.com", "2024-03-06T10:00:00Z")
        .file(MINE, "a3", "b.py", "Python", "code", 30L, 0L)
        .commit(MINE, "a4", "old@corp.example", "2024-03-07T10:00:00Z")
        .file(MINE, "a4", "c.py", "Python", "code", 40L, 4L)
        .commit(MINE, "a5", "stranger@else.where", "2024-03-08T10:00:00Z")
        .file(MINE, "a5", "d.py", "Python", "code", 1000L, 0L)
        // Pair-programmed: author, a user co-author and a non-user co-author share 1/3 each.
        .commit(
            MINE,
            "a6",
            "kari@example.com",
            "2024-03-09T10:00:00Z",
            "espen@example.com",
            "guest@else.where")
        .file(MINE, "a6", "e.py", "Python", "code", 90L, 30L)
        .write();
    transform(config(USERS));

    assertThat(
            rows(
                "SELECT sha, user_id, credited_user_ids, credit_share FROM "
                    + table("commits")
                    + " ORDER BY sha"))
        .containsExactly(
            Map.of(
                "sha",
                "a1",
                "user_id",
                "espen",
                "credited_user_ids",
                List.of("espen"),
                "credit_share",
                1.0),
            Map.of(
                "sha",
                "a2",
                "user_id",
                "espen",
                "credited_user_ids",
                List.of("espen"),
                "credit_share",
                1.0),
            Map.of(
                "sha",
                "a3",
                "user_id",
                "espen",
                "credited_user_ids",
                List.of("espen"),
                "credit_share",
                1.0),
            Map.of(
                "sha",
                "a4",
                "user_id",
                "espen",
                "credited_user_ids",
                List.of("espen"),
                "credit_share",
                1.0),
            nullUser("a5", List.of(), 1.0),
            Map.of(
                "sha",
                "a6",
                "user_id",
                "kari",
                "credited_user_ids",
                List.of("kari", "espen"),
                "credit_share",
                1.0 / 3));
    assertThat(
            rows(
                "SELECT user_id, language, commits, lines_added, lines_deleted, files,"
                    + " repositories, share_of_lines FROM "
                    + table("user_language_stats")
                    + " ORDER BY user_id, language"))
        .containsExactly(
            Map.of(
                "user_id",
                "espen",
                "language",
                "Java",
                "commits",
                2L,
                "lines_added",
                30L,
                "lines_deleted",
                2L,
                "files",
                2L,
                "repositories",
                1L,
                "share_of_lines",
                0.2308),
            Map.of(
                "user_id",
                "espen",
                "language",
                "Python",
                "commits",
                3L,
                "lines_added",
                100L,
                "lines_deleted",
                14L,
                "files",
                3L,
                "repositories",
                1L,
                "share_of_lines",
                0.7692),
            Map.of(
                "user_id",
                "kari",
                "language",
                "Python",
                "commits",
                1L,
                "lines_added",
                30L,
                "lines_deleted",
                10L,
                "files",
                1L,
                "repositories",
                1L,
                "share_of_lines",
                1.0));
    assertThat(
            rows(
                "SELECT user_id, name, commits, lines_added, lines_deleted FROM "
                    + table("user_cv_summary")
                    + " ORDER BY user_id"))
        .containsExactly(
            Map.of(
                "user_id",
                "espen",
                "name",
                "Espen Albert",
                "commits",
                5L,
                "lines_added",
                130L,
                "lines_deleted",
                16L),
            Map.of(
                "user_id",
                "kari",
                "name",
                "Name kari@example.com",
                "commits",
                1L,
                "lines_added",
                30L,
                "lines_deleted",
                10L));
  }

  private static Map<String, Object> nullUser(String sha, List<String> credited, double share) {
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("sha", sha);
    m.put("user_id", null);
    m.put("credited_user_ids", credited);
    m.put("credit_share", share);
    return m;
  }
}
