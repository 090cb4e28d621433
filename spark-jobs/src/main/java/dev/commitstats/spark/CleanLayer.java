package dev.commitstats.spark;

import dev.commitstats.model.RawTables;
import java.util.List;

/**
 * The clean layer: the newest ingestion of each commit, attributed, with its exclusions as columns.
 * Each step is a statement over the inputs it names ({@link Sql}): the raw rows not consumed yet
 * ({@code new_commits_raw}, {@code new_files_raw}, {@code new_deps_raw}, {@code new_repos_raw},
 * {@code new_retracted_raw}), the clean commits of affected shas ({@code existing_commits}; empty
 * in a full run) and the repositories' newest status ({@code repo_status_new}).
 */
final class CleanLayer {
  private CleanLayer() {}

  /** Commit columns that are facts of one ingestion, in table order. */
  static final List<String> FACT_COLUMNS =
      List.of(
          "repo_id",
          "repo_url",
          "sha",
          "parent_shas",
          "is_merge",
          "author_name",
          "author_email",
          "author_time",
          "author_tz_offset_minutes",
          "committer_name",
          "committer_email",
          "committer_time",
          "subject",
          "co_authors",
          "files_changed",
          "lines_added",
          "lines_deleted",
          "branch",
          "ingest_run_id",
          "week_start",
          "user_id",
          "credited_user_ids",
          "credit_share",
          "credit_positions",
          "credit_identities",
          "languages",
          "counted_lines_added",
          "counted_lines_deleted",
          "excluded_lines_added",
          "excluded_lines_deleted",
          "is_bulk");

  /** The newest ingestion of each commit among the new raw files. */
  static final String NEWEST =
      """
      SELECT * FROM (
        SELECT c.*, row_number() OVER (PARTITION BY repo_id, sha ORDER BY ingest_run_id DESC) AS rn
        FROM new_commits_raw c) WHERE rn = 1
      """;

  /**
   * The first ingestion of each commit among the new raw files. A commit's file rows are the same
   * in every ingestion; taking the first makes a full run keep the rows incremental runs kept.
   */
  static final String OLDEST =
      """
      SELECT repo_id, sha, ingest_run_id FROM (
        SELECT repo_id, sha, ingest_run_id,
               row_number() OVER (PARTITION BY repo_id, sha ORDER BY ingest_run_id) AS rn
        FROM new_commits_raw) WHERE rn = 1
      """;

  /**
   * File rows of each commit's first ingestion, with the file-level exclusion; the language spelled
   * as linguist spells it (names and aliases matched without case: {@code js} is JavaScript; a name
   * linguist lacks stays as written).
   */
  static final String NEW_FILES =
      """
      SELECT f.repo_id, f.sha, f.path, f.old_path, f.change_type, f.lines_added, f.lines_deleted,
             f.is_binary, coalesce(l.language, f.language) AS language, f.category, f.similarity, f.content_missing, f.ingest_run_id,
             CASE WHEN f.is_binary THEN 'binary'
                  WHEN f.category IN ('vendored', 'generated', 'lockfile') THEN f.category
                  WHEN coalesce(f.content_missing, false) THEN 'content_missing'
                  WHEN f.lines_added IS NULL THEN 'unreadable'
             END AS excluded_reason
      FROM new_files_raw f
      JOIN oldest o ON f.repo_id = o.repo_id AND f.sha = o.sha AND f.ingest_run_id = o.ingest_run_id
      LEFT JOIN language_names l ON lower(f.language) = l.language_key
      """;

  /** Per commit: counted lines by language, and the lines the exclusions left out. */
  static final String NEW_LANGUAGES =
      """
      SELECT repo_id, sha,
             array_sort(collect_list(CASE WHEN counted THEN named_struct(
               'language', language, 'files', files, 'lines_added', la, 'lines_deleted', ld) END))
               AS languages,
             sum(CASE WHEN counted THEN la ELSE 0 END) AS counted_lines_added,
             sum(CASE WHEN counted THEN ld ELSE 0 END) AS counted_lines_deleted,
             sum(CASE WHEN counted THEN 0 ELSE coalesce(la, 0) END) AS excluded_lines_added,
             sum(CASE WHEN counted THEN 0 ELSE coalesce(ld, 0) END) AS excluded_lines_deleted
      FROM (SELECT repo_id, sha, language, excluded_reason IS NULL AS counted, count(*) AS files,
                   sum(lines_added) AS la, sum(lines_deleted) AS ld
            FROM new_files GROUP BY repo_id, sha, language, excluded_reason IS NULL)
      GROUP BY repo_id, sha
      """;

  /**
   * New commit rows with attribution. Credit: the author and every Co-authored-by person are the n
   * identities of a commit (one per user, or per email for people who are no user; the author
   * first, then the trailers in order); each user among them gets the commit and an integer share
   * of its lines: per language, {@code lines / n} plus one for the first {@code lines % n}
   * identities (the largest-remainder rule in that order), so that shares add up to the lines.
   * {@code credit_positions} holds each credited user's position among the identities.
   */
  static final String NEW_ROWS =
      """
      SELECT repo_id, repo_url, sha, parent_shas, is_merge, author_name, author_email, author_time,
             author_tz_offset_minutes, committer_name, committer_email, committer_time, subject,
             co_authors, files_changed, lines_added, lines_deleted, branch, ingest_run_id,
             week_start, user_id,
             filter(identities, i -> i NOT LIKE 'email:%') AS credited_user_ids,
             1.0D / size(identities) AS credit_share,
             filter(transform(sequence(0, size(identities) - 1),
                              k -> CASE WHEN identities[k] NOT LIKE 'email:%' THEN k END),
                    k -> k IS NOT NULL) AS credit_positions,
             size(identities) AS credit_identities,
             languages, counted_lines_added, counted_lines_deleted, excluded_lines_added,
             excluded_lines_deleted, counted_lines_added > :bulk_lines AS is_bulk
      FROM (
        SELECT n.*, CAST(date_trunc('WEEK', n.author_time) AS DATE) AS week_start,
               cs_user(n.author_email) AS user_id,
               array_distinct(transform(
                 concat(array(n.author_email), transform(coalesce(n.co_authors, array()), p -> p.email)),
                 e -> coalesce(cs_user(e), concat('email:', lower(trim(coalesce(e, '')))))))
                 AS identities,
               l.languages,
               coalesce(l.counted_lines_added, 0) AS counted_lines_added,
               coalesce(l.counted_lines_deleted, 0) AS counted_lines_deleted,
               coalesce(l.excluded_lines_added, 0) AS excluded_lines_added,
               coalesce(l.excluded_lines_deleted, 0) AS excluded_lines_deleted
        FROM newest n LEFT JOIN new_languages l ON n.repo_id = l.repo_id AND n.sha = l.sha)
      """;

  /** Newest retraction of each commit among the new raw files. */
  static final String NEW_RETRACTIONS =
      """
      SELECT repo_id, sha, max(ingest_run_id) AS retracted_run_id
      FROM new_retracted_raw GROUP BY repo_id, sha
      """;

  /**
   * Every row of every affected sha, new facts winning over stored ones, then the status columns: a
   * commit is retracted when its newest retraction is newer than its newest ingestion; of the live
   * rows of one sha (forks and mirrors hold the same commits) one is canonical: not a fork first,
   * then by URL. Only canonical non-merge commits count; bulk commits count as commits but not for
   * lines unless configured.
   */
  static final String UPSERT_SOURCE =
      """
        SELECT ${facts}, retracted_run_id, is_retracted,
               NOT is_retracted AND pick = 1 AS is_canonical,
               canonical_repo_id,
               NOT is_retracted AND pick = 1 AND NOT is_merge AS counts,
               NOT is_retracted AND pick = 1 AND NOT is_merge
                 AND (NOT is_bulk OR :count_bulk_lines) AS counts_lines,
               CASE WHEN is_retracted THEN 'retracted'
                    WHEN pick <> 1 THEN 'duplicate'
                    WHEN is_merge THEN 'merge'
                    WHEN is_bulk AND NOT :count_bulk_lines THEN 'bulk_commit'
               END AS excluded_reason
        FROM (
          SELECT x.*,
                 row_number() OVER (PARTITION BY sha ORDER BY is_retracted, is_fork, repo_url, repo_id)
                   AS pick,
                 first_value(CASE WHEN NOT is_retracted THEN repo_id END, true) OVER (
                   PARTITION BY sha ORDER BY is_retracted, is_fork, repo_url, repo_id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS canonical_repo_id
          FROM (
            SELECT b.*, greatest(e.retracted_run_id, r.retracted_run_id) AS retracted_run_id,
                   coalesce(greatest(e.retracted_run_id, r.retracted_run_id) >= b.ingest_run_id, false)
                     AS is_retracted,
                   coalesce(rs.is_fork, false) AS is_fork
            FROM (
              SELECT ${facts} FROM (
                SELECT u.*, row_number() OVER (
                  PARTITION BY repo_id, sha ORDER BY ingest_run_id DESC, pri) AS keep
                FROM (SELECT ${facts}, 0 AS pri FROM new_rows
                      UNION ALL SELECT ${facts}, 1 AS pri FROM existing_commits) u)
              WHERE keep = 1) b
            LEFT JOIN existing_commits e ON b.repo_id = e.repo_id AND b.sha = e.sha
            LEFT JOIN new_retractions r ON b.repo_id = r.repo_id AND b.sha = r.sha
            LEFT JOIN repo_status_new rs ON b.repo_id = rs.repo_id) x)
        """
          .replace("${facts}", String.join(", ", FACT_COLUMNS));

  /** Clean file rows of commits new to the clean layer, attributed to the author. */
  static final String FILE_ROWS =
      """
      SELECT f.repo_id, f.sha, f.path, f.old_path, f.change_type, f.lines_added, f.lines_deleted,
             f.is_binary, f.language, f.category, f.similarity, f.content_missing,
             c.user_id, c.author_time, c.week_start, c.is_bulk AS is_bulk_commit,
             f.excluded_reason, f.excluded_reason IS NULL AS counts_as_written, f.ingest_run_id
      FROM new_files f
      JOIN new_rows c ON f.repo_id = c.repo_id AND f.sha = c.sha
      LEFT ANTI JOIN existing_commits t ON f.repo_id = t.repo_id AND f.sha = t.sha
      """;

  /** Clean dependency events of commits new to the clean layer; vendored manifests excluded. */
  static final String DEPENDENCY_ROWS =
      """
      SELECT d.repo_id, d.sha, d.manifest_path, d.ecosystem, d.package, d.version_before,
             d.version_after, d.change_type, d.version_before_spec, d.version_after_spec,
             c.user_id, c.author_time,
             CASE WHEN f.category IN ('vendored', 'generated') THEN f.category END AS excluded_reason,
             d.ingest_run_id
      FROM new_deps_raw d
      JOIN oldest o ON d.repo_id = o.repo_id AND d.sha = o.sha AND d.ingest_run_id = o.ingest_run_id
      JOIN new_rows c ON d.repo_id = c.repo_id AND d.sha = c.sha
      LEFT JOIN new_files f
        ON d.repo_id = f.repo_id AND d.sha = f.sha AND d.manifest_path = f.path
      LEFT ANTI JOIN existing_commits t ON d.repo_id = t.repo_id AND d.sha = t.sha
      """;

  /** The latest collection status of each repository: stored rows and new raw rows. */
  static final String REPO_STATUS_NEW =
      """
      SELECT ${repo_columns} FROM (
        SELECT u.*, row_number() OVER (PARTITION BY repo_id ORDER BY ingest_run_id DESC) AS rn
        FROM (SELECT ${repo_columns} FROM existing_repo_status
              UNION ALL SELECT ${repo_columns} FROM new_repos_raw) u)
      WHERE rn = 1
      """
          .replace("${repo_columns}", String.join(", ", RawTables.REPOS.columnNames()));

  /**
   * Repositories whose identity or ownership facts changed (or are new): the commits they hold may
   * change canonical repository or open-source credit.
   */
  static final String CHANGED_REPOS =
      """
      SELECT n.repo_id FROM repo_status_new n
      LEFT JOIN existing_repo_status o ON n.repo_id = o.repo_id
      WHERE o.repo_id IS NULL
         OR NOT (n.repo_url <=> o.repo_url AND n.visibility <=> o.visibility
                 AND n.owner <=> o.owner AND n.is_fork <=> o.is_fork
                 AND n.upstream_url <=> o.upstream_url AND n.is_extra <=> o.is_extra)
      """;
}
