package dev.commitstats.model;

import static dev.commitstats.model.Column.optional;
import static dev.commitstats.model.Column.required;
import static dev.commitstats.model.ColumnType.BOOLEAN;
import static dev.commitstats.model.ColumnType.INT;
import static dev.commitstats.model.ColumnType.LONG;
import static dev.commitstats.model.ColumnType.PERSON_LIST;
import static dev.commitstats.model.ColumnType.STRING;
import static dev.commitstats.model.ColumnType.STRING_LIST;
import static dev.commitstats.model.ColumnType.TIMESTAMP;

import java.util.List;

/**
 * The raw layer: Parquet written by ingest under {@code LAKE/raw/<table>/}. Column names are
 * contracts (see shared/design/architecture.md); columns past the contract are documented here.
 */
public final class RawTables {
  private RawTables() {}

  public static final TableSchema COMMITS =
      new TableSchema(
          "commits",
          List.of(
              required("repo_id", STRING, "stable id of the normalized repository URL"),
              required("repo_url", STRING, "normalized repository URL, never with credentials"),
              required("sha", STRING, "commit id, 40 hex digits"),
              required("parent_shas", STRING_LIST, "parent commit ids, first parent first"),
              required("is_merge", BOOLEAN, "more than one parent"),
              required("author_name", STRING, "author name as recorded"),
              required("author_email", STRING, "author email as recorded"),
              required("author_time", TIMESTAMP, "author time, UTC"),
              required("author_tz_offset_minutes", INT, "author's time zone offset"),
              required("committer_name", STRING, "committer name"),
              required("committer_email", STRING, "committer email"),
              required("committer_time", TIMESTAMP, "committer time, UTC"),
              required("subject", STRING, "title line of the message (git's %s)"),
              required("co_authors", PERSON_LIST, "Co-authored-by trailers, in order"),
              required("files_changed", INT, "rows in raw/file_changes (0 for merges)"),
              required("lines_added", LONG, "sum over text files (0 for merges)"),
              required("lines_deleted", LONG, "sum over text files (0 for merges)"),
              required(
                  "files_unreadable",
                  INT,
                  "files whose content is missing from the repository (partial clones)"),
              required("branch", STRING, "the ingested branch this commit was first found on"),
              required("ingest_run_id", STRING, "the ingest run that wrote this row")));

  public static final TableSchema FILE_CHANGES =
      new TableSchema(
          "file_changes",
          List.of(
              required("repo_id", STRING, "stable id of the normalized repository URL"),
              required("sha", STRING, "commit id"),
              required("path", STRING, "path after the change (before it, for deletions)"),
              optional("old_path", STRING, "path before the change; null for additions"),
              required("change_type", STRING, "ADD, MODIFY, DELETE, RENAME or COPY"),
              optional("lines_added", LONG, "null for binary or unreadable files"),
              optional("lines_deleted", LONG, "null for binary or unreadable files"),
              required("is_binary", BOOLEAN, "git's rule: a NUL byte in the first 8,000 bytes"),
              required("language", STRING, "language of the path, or Unknown"),
              required(
                  "category", STRING, "code, vendored, generated, documentation, data or lockfile"),
              optional("similarity", INT, "rename or copy similarity in percent"),
              optional("old_mode", STRING, "octal file mode before, e.g. 100644"),
              optional("new_mode", STRING, "octal file mode after"),
              required(
                  "content_missing",
                  BOOLEAN,
                  "a blob could not be read (partial or damaged clone): counts are null"),
              required("ingest_run_id", STRING, "the ingest run that wrote this row")));

  public static final TableSchema DEPENDENCY_CHANGES =
      new TableSchema(
          "dependency_changes",
          List.of(
              required("repo_id", STRING, "stable id of the normalized repository URL"),
              required("sha", STRING, "commit id"),
              required("manifest_path", STRING, "path of the manifest"),
              required("ecosystem", STRING, "maven, npm, pypi, go, cargo, nuget, …"),
              required("package", STRING, "package name as the ecosystem spells it"),
              optional("version_before", STRING, "version before; null when ADDED"),
              optional("version_after", STRING, "version after; null when REMOVED"),
              required("change_type", STRING, "ADDED, REMOVED or CHANGED"),
              optional(
                  "version_before_spec",
                  STRING,
                  "the version before as written, when it names a property no file of the"
                      + " repository defines (version_before is then null)"),
              optional(
                  "version_after_spec",
                  STRING,
                  "the version after as written, when it names a property no file of the"
                      + " repository defines (version_after is then null)"),
              required("ingest_run_id", STRING, "the ingest run that wrote this row")));

  public static final TableSchema REPOS =
      new TableSchema(
          "repos",
          List.of(
              required("repo_id", STRING, "stable id of the normalized repository URL"),
              required("repo_url", STRING, "normalized URL, never with credentials"),
              required("provider", STRING, "github, gitlab, azure or git"),
              optional("owner", STRING, "owner (user, organization, group, project)"),
              required("name", STRING, "repository name"),
              required("visibility", STRING, "public or private"),
              required("is_fork", BOOLEAN, "a fork of another repository"),
              optional("upstream_url", STRING, "the repository this one was forked from"),
              required("is_active", BOOLEAN, "selected for collection"),
              required("is_extra", BOOLEAN, "added by URL: contributed to, not owned"),
              required("collect_status", STRING, "up_to_date, partial or error"),
              optional("error_message", STRING, "what went wrong and how to fix it"),
              required("last_update", ColumnType.TIMESTAMP, "when this collection ended"),
              optional("last_commit_sha", STRING, "newest commit of the ingested branches"),
              optional("last_commit_time", TIMESTAMP, "its committer time"),
              required("all_commits_processed", BOOLEAN, "every reachable commit is in the lake"),
              optional("default_branch", STRING, "the branch walked by default"),
              required("branches", STRING_LIST, "branches ingested in this run"),
              required("new_commits", LONG, "commits written by this run"),
              required("retracted_commits", LONG, "commits that left the branches in this run"),
              required("unreadable_files", LONG, "file rows flagged content_missing in this run"),
              required("duration_ms", LONG, "time this repository took"),
              required("ingest_run_id", STRING, "the ingest run that wrote this row")));

  /**
   * Commits that were ingested once and are no longer reachable from the ingested branches (a
   * force-push rewrote history, or a branch was deleted). Readers drop them: a commit counts when
   * its newest row in raw/commits is newer than its newest retraction.
   */
  public static final TableSchema RETRACTED_COMMITS =
      new TableSchema(
          "retracted_commits",
          List.of(
              required("repo_id", STRING, "stable id of the normalized repository URL"),
              required("sha", STRING, "commit id no longer reachable"),
              required("reason", STRING, "why, e.g. history rewritten on branch main"),
              required("ingest_run_id", STRING, "the ingest run that found it")));

  public static List<TableSchema> all() {
    return List.of(COMMITS, FILE_CHANGES, DEPENDENCY_CHANGES, REPOS, RETRACTED_COMMITS);
  }
}
