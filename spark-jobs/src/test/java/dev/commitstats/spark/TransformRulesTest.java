package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.config.CommitStatsConfig;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformRulesTest {
  static SparkSession spark;
  static final String PUB = "https://github.com/acme/widgets";
  static final String MINE = "https://github.com/EspenAlbert/tools";
  static final String SECRET = "https://github.com/EspenAlbert/secret";
  static final String FORK = "https://github.com/EspenAlbert/widgets";
  static final String EXTRA = "https://gitlab.com/group/lib";

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

  @Test
  void excludesVendoredGeneratedLockfilesBinariesBulkCommitsAndMergesVisibly() {
    new RawLake(spark, dir)
        .repo(MINE, "private", "EspenAlbert", false, null)
        .commit(MINE, "c1", "espen@example.com", "2024-05-06T10:00:00Z")
        .file(MINE, "c1", "src/A.java", "Java", "code", 100L, 10L)
        .file(MINE, "c1", "vendor/lib.js", "JavaScript", "vendored", 500L, 0L)
        .file(MINE, "c1", "package-lock.json", "JSON", "lockfile", 3000L, 0L)
        .file(MINE, "c1", "logo.png", "Unknown", "data", null, null)
        .file(MINE, "c1", "api.pb.go", "Go", "generated", 200L, 0L)
        .commit(MINE, "c2", "espen@example.com", "2024-05-07T10:00:00Z")
        .file(MINE, "c2", "imported/X.py", "Python", "code", 5000L, 0L)
        .merge(MINE, "m1", "espen@example.com", "2024-05-08T10:00:00Z")
        .write();
    transform(config(USERS));

    assertThat(
            rows(
                "SELECT sha, counts, counts_lines, is_bulk, excluded_reason,"
                    + " counted_lines_added, excluded_lines_added FROM "
                    + table("commits")
                    + " ORDER BY sha"))
        .containsExactly(
            map(
                "sha",
                "c1",
                "counts",
                true,
                "counts_lines",
                true,
                "is_bulk",
                false,
                "excluded_reason",
                null,
                "counted_lines_added",
                100L,
                "excluded_lines_added",
                3700L),
            map(
                "sha",
                "c2",
                "counts",
                true,
                "counts_lines",
                false,
                "is_bulk",
                true,
                "excluded_reason",
                "bulk_commit",
                "counted_lines_added",
                5000L,
                "excluded_lines_added",
                0L),
            map(
                "sha",
                "m1",
                "counts",
                false,
                "counts_lines",
                false,
                "is_bulk",
                false,
                "excluded_reason",
                "merge",
                "counted_lines_added",
                0L,
                "excluded_lines_added",
                0L));
    assertThat(
            rows(
                "SELECT path, excluded_reason, counts_as_written, is_bulk_commit, user_id FROM "
                    + table("file_changes")
                    + " ORDER BY path"))
        .containsExactly(
            map(
                "path",
                "api.pb.go",
                "excluded_reason",
                "generated",
                "counts_as_written",
                false,
                "is_bulk_commit",
                false,
                "user_id",
                "espen"),
            map(
                "path",
                "imported/X.py",
                "excluded_reason",
                null,
                "counts_as_written",
                true,
                "is_bulk_commit",
                true,
                "user_id",
                "espen"),
            map(
                "path",
                "logo.png",
                "excluded_reason",
                "binary",
                "counts_as_written",
                false,
                "is_bulk_commit",
                false,
                "user_id",
                "espen"),
            map(
                "path",
                "package-lock.json",
                "excluded_reason",
                "lockfile",
                "counts_as_written",
                false,
                "is_bulk_commit",
                false,
                "user_id",
                "espen"),
            map(
                "path",
                "src/A.java",
                "excluded_reason",
                null,
                "counts_as_written",
                true,
                "is_bulk_commit",
                false,
                "user_id",
                "espen"),
            map(
                "path",
                "vendor/lib.js",
                "excluded_reason",
                "vendored",
                "counts_as_written",
                false,
                "is_bulk_commit",
                false,
                "user_id",
                "espen"));
    assertThat(
            rows(
                "SELECT language, commits, lines_added, lines_deleted FROM "
                    + table("user_language_stats")
                    + " ORDER BY language"))
        .containsExactly(
            map("language", "Java", "commits", 1L, "lines_added", 100L, "lines_deleted", 10L),
            map("language", "Python", "commits", 1L, "lines_added", 0L, "lines_deleted", 0L));
    assertThat(
            rows(
                "SELECT user_id, commits, lines_added, bulk_commits FROM "
                    + table("user_cv_summary")
                    + " ORDER BY user_id"))
        .containsExactly(
            map("user_id", "espen", "commits", 2L, "lines_added", 100L, "bulk_commits", 1L),
            map("user_id", "kari", "commits", 0L, "lines_added", 0L, "bulk_commits", 0L));
  }

  @Test
  void countsForkedCommitsOnceForTheUpstreamAndFindsOpenSourceContributions() {
    new RawLake(spark, dir)
        .repo(PUB, "public", "acme", false, null)
        .repo(FORK, "public", "EspenAlbert", true, PUB)
        .repo(MINE, "public", "EspenAlbert", false, null)
        .repo(SECRET, "private", "EspenAlbert", false, null)
        .repo(EXTRA, "public", "group", false, null, true)
        .commit(PUB, "s1", "espen@example.com", "2024-01-10T10:00:00Z")
        .file(PUB, "s1", "a.py", "Python", "code", 10L, 0L)
        .commit(FORK, "s1", "espen@example.com", "2024-01-10T10:00:00Z")
        .file(FORK, "s1", "a.py", "Python", "code", 10L, 0L)
        .commit(FORK, "s2", "espen@example.com", "2024-01-11T10:00:00Z")
        .file(FORK, "s2", "b.py", "Python", "code", 20L, 0L)
        .commit(MINE, "s3", "espen@example.com", "2024-01-12T10:00:00Z")
        .file(MINE, "s3", "c.py", "Python", "code", 30L, 0L)
        .commit(SECRET, "s4", "espen@example.com", "2024-01-13T10:00:00Z")
        .file(SECRET, "s4", "d.py", "Python", "code", 40L, 0L)
        .commit(EXTRA, "s5", "espen@example.com", "2024-01-14T10:00:00Z")
        .file(EXTRA, "s5", "e.py", "Python", "code", 50L, 0L)
        .commit(PUB, "s6", "kari@example.com", "2024-01-15T10:00:00Z")
        .file(PUB, "s6", "f.py", "Python", "code", 5L, 0L)
        .write();
    transform(config(USERS));

    assertThat(
            rows(
                "SELECT repo_url, is_canonical, canonical_repo_id, excluded_reason FROM "
                    + table("commits")
                    + " WHERE sha = 's1' ORDER BY repo_url"))
        .containsExactly(
            map(
                "repo_url",
                FORK,
                "is_canonical",
                false,
                "canonical_repo_id",
                RawLake.id(PUB),
                "excluded_reason",
                "duplicate"),
            map(
                "repo_url",
                PUB,
                "is_canonical",
                true,
                "canonical_repo_id",
                RawLake.id(PUB),
                "excluded_reason",
                null));
    assertThat(
            rows(
                "SELECT user_id, repo_url, commits, lines_added, first_commit_time FROM "
                    + table("user_oss_contributions")
                    + " ORDER BY user_id, repo_url"))
        .containsExactly(
            map(
                "user_id",
                "espen",
                "repo_url",
                PUB,
                "commits",
                2L,
                "lines_added",
                30L,
                "first_commit_time",
                RawLake.ts("2024-01-10T10:00:00Z")),
            map(
                "user_id",
                "espen",
                "repo_url",
                EXTRA,
                "commits",
                1L,
                "lines_added",
                50L,
                "first_commit_time",
                RawLake.ts("2024-01-14T10:00:00Z")),
            map(
                "user_id",
                "kari",
                "repo_url",
                PUB,
                "commits",
                1L,
                "lines_added",
                5L,
                "first_commit_time",
                RawLake.ts("2024-01-15T10:00:00Z")));
    assertThat(
            rows(
                "SELECT user_id, commits, lines_added, repositories, oss_repositories,"
                    + " oss_commits FROM "
                    + table("user_cv_summary")
                    + " ORDER BY user_id"))
        .containsExactly(
            map(
                "user_id",
                "espen",
                "commits",
                5L,
                "lines_added",
                150L,
                "repositories",
                5L,
                "oss_repositories",
                2L,
                "oss_commits",
                3L),
            map(
                "user_id",
                "kari",
                "commits",
                1L,
                "lines_added",
                5L,
                "repositories",
                1L,
                "oss_repositories",
                1L,
                "oss_commits",
                1L));
  }

  @Test
  void weeksAreIsoMondaysInUtcAcrossTheYearBoundary() {
    var lake = new RawLake(spark, dir).repo(MINE, "private", "EspenAlbert", false, null);
    String[][] commits = {
      {"w1", "2020-12-31T23:30:00Z"}, // Thursday of the week of Monday 2020-12-28
      {"w2", "2021-01-03T12:00:00Z"}, // Sunday, same ISO week (2020-W53)
      {"w3", "2021-01-04T00:10:00Z"}, // Monday 2021-W01
      {"w4", "2021-01-12T08:00:00Z"},
      {"w5", "2021-02-01T08:00:00Z"} // after a gap of two weeks
    };
    for (String[] c : commits) {
      lake.commit(MINE, c[0], "espen@example.com", c[1])
          .file(MINE, c[0], c[0] + ".py", "Python", "code", 1L, 0L);
    }
    lake.write();
    transform(config(USERS));

    assertThat(
            rows(
                "SELECT week_start, commits, lines_added, active_days FROM "
                    + table("user_weekly_activity")
                    + " WHERE user_id = 'espen' ORDER BY week_start"))
        .containsExactly(
            map(
                "week_start",
                Date.valueOf("2020-12-28"),
                "commits",
                2L,
                "lines_added",
                2L,
                "active_days",
                2L),
            map(
                "week_start",
                Date.valueOf("2021-01-04"),
                "commits",
                1L,
                "lines_added",
                1L,
                "active_days",
                1L),
            map(
                "week_start",
                Date.valueOf("2021-01-11"),
                "commits",
                1L,
                "lines_added",
                1L,
                "active_days",
                1L),
            map(
                "week_start",
                Date.valueOf("2021-02-01"),
                "commits",
                1L,
                "lines_added",
                1L,
                "active_days",
                1L));
    assertThat(
            rows(
                "SELECT years_active, active_weeks, longest_weekly_streak FROM "
                    + table("user_cv_summary")
                    + " WHERE user_id = 'espen'"))
        .containsExactly(map("years_active", 2L, "active_weeks", 4L, "longest_weekly_streak", 3L));
  }

  @Test
  void packageTimelinesFollowTheUsersOwnAddsAndChanges() {
    new RawLake(spark, dir)
        .repo(MINE, "private", "EspenAlbert", false, null)
        .commit(MINE, "p1", "espen@example.com", "2024-01-01T10:00:00Z")
        .file(MINE, "p1", "package.json", "JSON", "data", 3L, 0L)
        .dep(MINE, "p1", "package.json", "npm", "react", null, "^17.0.0", "ADDED")
        .commit(MINE, "p2", "espen@example.com", "2024-02-01T10:00:00Z")
        .file(MINE, "p2", "package.json", "JSON", "data", 1L, 1L)
        .dep(MINE, "p2", "package.json", "npm", "react", "^17.0.0", "^18.2.0", "CHANGED")
        .commit(MINE, "p3", "espen@example.com", "2024-03-01T10:00:00Z")
        .file(MINE, "p3", "package.json", "JSON", "data", 0L, 1L)
        .dep(MINE, "p3", "package.json", "npm", "react", "^18.2.0", null, "REMOVED")
        .commit(MINE, "p4", "kari@example.com", "2024-04-01T10:00:00Z")
        .file(MINE, "p4", "package.json", "JSON", "data", 1L, 0L)
        .dep(MINE, "p4", "package.json", "npm", "react", null, "^18.3.0", "ADDED")
        .commit(MINE, "p5", "espen@example.com", "2024-05-01T10:00:00Z")
        .file(MINE, "p5", "vendor/x/requirements.txt", "Text", "vendored", 1L, 0L)
        .dep(MINE, "p5", "vendor/x/requirements.txt", "pypi", "requests", null, "2.31.0", "ADDED")
        .write();
    transform(config(USERS));

    assertThat(
            rows(
                "SELECT user_id, ecosystem, package, first_used, last_used, commits,"
                    + " latest_version, repositories FROM "
                    + table("user_packages")
                    + " ORDER BY user_id, package"))
        .containsExactly(
            map(
                "user_id",
                "espen",
                "ecosystem",
                "npm",
                "package",
                "react",
                "first_used",
                RawLake.ts("2024-01-01T10:00:00Z"),
                "last_used",
                RawLake.ts("2024-02-01T10:00:00Z"),
                "commits",
                2L,
                "latest_version",
                "^18.2.0",
                "repositories",
                1L),
            map(
                "user_id",
                "kari",
                "ecosystem",
                "npm",
                "package",
                "react",
                "first_used",
                RawLake.ts("2024-04-01T10:00:00Z"),
                "last_used",
                RawLake.ts("2024-04-01T10:00:00Z"),
                "commits",
                1L,
                "latest_version",
                "^18.3.0",
                "repositories",
                1L));
    assertThat(
            rows(
                "SELECT package, excluded_reason FROM "
                    + table("dependency_changes")
                    + " WHERE ecosystem = 'pypi'"))
        .containsExactly(map("package", "requests", "excluded_reason", "vendored"));
  }

  @Test
  void withoutUsersEveryDistinctEmailIsAUser() {
    new RawLake(spark, dir)
        .repo(PUB, "public", "acme", false, null)
        .commit(PUB, "e1", "dev@example.org", "2024-01-01T10:00:00Z")
        .file(PUB, "e1", "a.go", "Go", "code", 7L, 0L)
        .commit(PUB, "e2", "DEV@example.org", "2024-01-02T10:00:00Z")
        .file(PUB, "e2", "b.go", "Go", "code", 3L, 0L)
        .commit(PUB, "e3", "42+octo-cat@users.noreply.github.com", "2024-01-03T10:00:00Z")
        .file(PUB, "e3", "c.go", "Go", "code", 5L, 0L)
        .write();
    transform(CommitStatsConfig.empty());

    String dev = Attribution.derivedId("dev@example.org");
    String octo = Attribution.derivedId("42+octo-cat@users.noreply.github.com");
    assertThat(dev).startsWith("dev-").matches("[a-z0-9][a-z0-9-]{0,38}");
    assertThat(octo).startsWith("octo-cat-");
    assertThat(
            rows(
                "SELECT user_id, commits, lines_added, oss_repositories FROM "
                    + table("user_cv_summary")
                    + " ORDER BY commits DESC"))
        .containsExactly(
            map("user_id", dev, "commits", 2L, "lines_added", 10L, "oss_repositories", 1L),
            map("user_id", octo, "commits", 1L, "lines_added", 5L, "oss_repositories", 1L));
  }

  static Map<String, Object> map(Object... kv) {
    var m = new java.util.LinkedHashMap<String, Object>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
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
