package dev.commitstats.tools.spark;

import dev.commitstats.model.LakeLayout;
import dev.commitstats.model.RawTables;
import dev.commitstats.model.TableSchema;
import dev.commitstats.spark.JobArgs;
import dev.commitstats.spark.SparkSchemas;
import dev.commitstats.spark.SparkSessions;
import java.util.Arrays;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Writes a synthetic raw lake for the transform benchmark (bench/transform-incremental.sh): commits
 * spread over five years, ten file changes each, users and repositories, co-authors, dependency
 * events and every exclusion category, in the raw tables' exact schemas. Commit {@code i} is
 * deterministic, so a second call with {@code --from N --commits M} appends the M commits after the
 * first N (the newest ones) as another ingest run. {@code --runs K} writes K such runs of N commits
 * each in one process (run ids counting up from {@code --run}'s sequence number), the increments of
 * bench/soak-transform.sh.
 *
 * <pre>--lake DIR --commits N [--from 0] [--users 1000] [--repos 2000] [--files-per-commit 10]
 * [--run RUN_ID] [--runs 1]</pre>
 */
public final class SyntheticLake {
  private SyntheticLake() {}

  static final Set<String> ARGS =
      Set.of(
          "lake",
          "commits",
          "from",
          "users",
          "repos",
          "files-per-commit",
          "run",
          "span-commits",
          "runs");

  public static void main(String[] args) {
    JobArgs a = JobArgs.parse(args, ARGS, Set.of());
    String lake = a.required("lake", "DIR");
    long from = Long.parseLong(a.get("from").orElse("0"));
    long n = Long.parseLong(a.required("commits", "1000000"));
    // Times spread over five years for commits 0..span; later commits continue past the end.
    long span = Long.parseLong(a.get("span-commits").orElse(String.valueOf(from + n)));
    int users = a.intValue("users", 1000);
    int repos = a.intValue("repos", 2000);
    int files = a.intValue("files-per-commit", 10);
    String run = a.get("run").orElse("20260101T000000000Z-000000");
    int runs = a.intValue("runs", 1);
    var id = java.util.regex.Pattern.compile("(.*-)(\\d{6})").matcher(run);
    if (runs < 1 || (runs > 1 && !id.matches())) {
      throw new IllegalArgumentException(
          "--runs needs a count of at least 1 and a --run id ending in a 6-digit sequence number,"
              + " e.g. --run 20260102T000000000Z-000002 --runs 50");
    }
    SparkSession spark = SparkSessions.create("commitstats-synthetic-lake", 2, 8);
    try {
      for (int i = 0; i < runs; i++) {
        String runId =
            i == 0
                ? run
                : id.group(1)
                    + String.format(
                        java.util.Locale.ROOT, "%06d", Integer.parseInt(id.group(2)) + i);
        write(spark, lake, from + i * n, n, span, users, repos, files, runId);
      }
    } finally {
      spark.stop();
    }
  }

  static void write(
      SparkSession spark,
      String lake,
      long from,
      long n,
      long span,
      int users,
      int repos,
      int files,
      String run) {
    long fiveYears = 5L * 365 * 24 * 3600;
    long start = 1_640_995_200L; // 2022-01-01T00:00:00Z
    Dataset<Long> ids = spark.range(from, from + n, 1, Math.max(2, (int) (n / 250_000)));
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    ids.createOrReplaceTempView("ids");
    String vars =
        """
        SELECT id,
               pmod(xxhash64(id, 1), %d) AS u,
               pmod(xxhash64(id, 2), %d) AS r,
               sha1(CAST(id AS STRING)) AS sha,
               %d + CAST(id * (%d / %d.0) AS BIGINT) + pmod(xxhash64(id, 3), 3600) AS t
        FROM ids
        """
            .formatted(users, repos, start, fiveYears, span);
    spark.sql(vars).createOrReplaceTempView("v");
    String repoId = "substr(sha1(concat('repo', r)), 1, 16)";
    String repoUrl = "concat('https://github.com/owner', pmod(r, " + users + "), '/repo', r)";
    Dataset<Row> commits =
        spark.sql(
            """
            SELECT %s AS repo_id, %s AS repo_url, sha,
                   array(sha1(CAST(id - 1 AS STRING))) AS parent_shas, false AS is_merge,
                   concat('User ', u) AS author_name, concat('user', u, '@example.com') AS author_email,
                   timestamp_seconds(t) AS author_time, 60 AS author_tz_offset_minutes,
                   concat('User ', u) AS committer_name, concat('user', u, '@example.com') AS committer_email,
                   timestamp_seconds(t) AS committer_time, concat('change ', id) AS subject,
                   CASE WHEN pmod(id, 20) = 0
                        THEN array(named_struct('name', 'Pair', 'email',
                                   concat('user', pmod(u + 1, %d), '@example.com')))
                        ELSE array() END AS co_authors,
                   %d AS files_changed, CAST(0 AS BIGINT) AS lines_added, CAST(0 AS BIGINT) AS lines_deleted,
                   0 AS files_unreadable, 'main' AS branch, '%s' AS ingest_run_id
            FROM v
            """
                .formatted(repoId, repoUrl, users, files, run));
    Dataset<Row> fileChanges =
        spark.sql(
            """
            SELECT %s AS repo_id, sha, concat('src/d', pmod(h, 40), '/f', pmod(h, 997), ext) AS path,
                   CAST(NULL AS STRING) AS old_path, 'MODIFY' AS change_type,
                   CASE WHEN cat = 'binary' THEN NULL ELSE pmod(h, 60) END AS lines_added,
                   CASE WHEN cat = 'binary' THEN NULL ELSE pmod(xxhash64(h), 25) END AS lines_deleted,
                   cat = 'binary' AS is_binary, lang AS language,
                   CASE WHEN cat = 'binary' THEN 'data' ELSE cat END AS category,
                   CAST(NULL AS INT) AS similarity, '100644' AS old_mode, '100644' AS new_mode,
                   false AS content_missing, '%s' AS ingest_run_id
            FROM (
              SELECT r, sha, h,
                     element_at(array('Java', 'Python', 'TypeScript', 'Go', 'Rust', 'SQL', 'Shell',
                                      'Markdown'), CAST(pmod(h, 8) + 1 AS INT)) AS lang,
                     element_at(array('.java', '.py', '.ts', '.go', '.rs', '.sql', '.sh', '.md'),
                                CAST(pmod(h, 8) + 1 AS INT)) AS ext,
                     CASE WHEN pmod(h, 100) < 85 THEN 'code'
                          WHEN pmod(h, 100) < 90 THEN 'documentation'
                          WHEN pmod(h, 100) < 94 THEN 'vendored'
                          WHEN pmod(h, 100) < 97 THEN 'lockfile'
                          WHEN pmod(h, 100) < 99 THEN 'generated'
                          ELSE 'binary' END AS cat
              FROM (SELECT r, sha, xxhash64(id, k) AS h FROM v
                    LATERAL VIEW explode(sequence(1, %d)) x AS k))
            """
                .formatted(repoId, run, files));
    Dataset<Row> deps =
        spark.sql(
            """
            SELECT %s AS repo_id, sha, 'pom.xml' AS manifest_path, 'maven' AS ecosystem,
                   concat('org.example:lib', pmod(id, 300)) AS package,
                   CAST(NULL AS STRING) AS version_before, concat('1.', pmod(id, 17)) AS version_after,
                   'ADDED' AS change_type, CAST(NULL AS STRING) AS version_before_spec,
                   CAST(NULL AS STRING) AS version_after_spec, '%s' AS ingest_run_id
            FROM v WHERE pmod(id, 100) = 7
            """
                .formatted(repoId, run));
    Dataset<Row> repoRows =
        spark.sql(
            """
            SELECT DISTINCT %s AS repo_id, %s AS repo_url, 'github' AS provider,
                   concat('owner', pmod(r, %d)) AS owner, concat('repo', r) AS name,
                   CASE WHEN pmod(r, 3) = 0 THEN 'public' ELSE 'private' END AS visibility,
                   false AS is_fork, CAST(NULL AS STRING) AS upstream_url, true AS is_active,
                   false AS is_extra, 'up_to_date' AS collect_status,
                   CAST(NULL AS STRING) AS error_message, current_timestamp() AS last_update,
                   CAST(NULL AS STRING) AS last_commit_sha, CAST(NULL AS TIMESTAMP) AS last_commit_time,
                   true AS all_commits_processed, 'main' AS default_branch, array('main') AS branches,
                   CAST(0 AS BIGINT) AS new_commits, CAST(0 AS BIGINT) AS retracted_commits,
                   CAST(0 AS BIGINT) AS unreadable_files, CAST(0 AS BIGINT) AS duration_ms,
                   '%s' AS ingest_run_id
            FROM v
            """
                .formatted(repoId, repoUrl, users, run));
    save(commits, lake, RawTables.COMMITS, run);
    save(fileChanges, lake, RawTables.FILE_CHANGES, run);
    save(deps, lake, RawTables.DEPENDENCY_CHANGES, run);
    save(repoRows.coalesce(1), lake, RawTables.REPOS, run);
  }

  private static void save(Dataset<Row> df, String lake, TableSchema table, String run) {
    Dataset<Row> typed =
        df.select(
            Arrays.stream(SparkSchemas.of(table).fields())
                .map(f -> functions.col(f.name()).cast(f.dataType()).as(f.name()))
                .toArray(org.apache.spark.sql.Column[]::new));
    typed
        .write()
        .mode("overwrite")
        .option("compression", "zstd")
        .parquet(lake + "/" + LakeLayout.rawTable(table) + "/synthetic-" + run);
    System.out.println("wrote " + table.name() + " of run " + run);
  }
}
