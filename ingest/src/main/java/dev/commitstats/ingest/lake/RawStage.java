package dev.commitstats.ingest.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.ingest.deps.DependencyEvent;
import dev.commitstats.ingest.git.CommitRow;
import dev.commitstats.ingest.git.FileChangeRow;
import dev.commitstats.lake.Lake;
import dev.commitstats.lake.sql.DuckDbTypes;
import dev.commitstats.model.Column;
import dev.commitstats.model.ColumnType;
import dev.commitstats.model.RawTables;
import dev.commitstats.model.TableSchema;
import dev.commitstats.runtime.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Rows of the raw tables, staged in an in-memory DuckDB and written out as zstd Parquet files with
 * the model's schema. Not thread-safe: one stage per writer thread.
 */
public final class RawStage implements AutoCloseable {

  private enum Table {
    COMMITS(RawTables.COMMITS),
    FILE_CHANGES(RawTables.FILE_CHANGES),
    DEPENDENCY_CHANGES(RawTables.DEPENDENCY_CHANGES),
    REPOS(RawTables.REPOS),
    RETRACTED_COMMITS(RawTables.RETRACTED_COMMITS);

    final TableSchema schema;

    Table(TableSchema schema) {
      this.schema = schema;
    }

    String stagingName() {
      return "stage_" + schema.name();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DuckDBConnection connection;
  private final Map<Table, DuckDBAppender> appenders = new EnumMap<>(Table.class);
  private final Map<Table, Long> pending = new EnumMap<>(Table.class);

  /**
   * Starts DuckDB once, before any repository: when its native library cannot load, every stage of
   * the run would fail alike, so the run stops with what to fix instead of failing each repository.
   */
  public static void checkEngine() {
    try (var c = DriverManager.getConnection("jdbc:duckdb:")) {
      c.isValid(1);
    } catch (SQLException | RuntimeException | LinkageError e) {
      if (!couldNotLoad(e)) {
        throw new IllegalStateException(
            "cannot start the embedded DuckDB used to write Parquet", e);
      }
      throw new IllegalStateException(
          "DuckDB, which writes the raw Parquet files, could not load its native library ("
              + Secrets.describe(e)
              + "). Unless the library sits beside DuckDB's jar, the driver copies it into"
              + " java.io.tmpdir ("
              + System.getProperty("java.io.tmpdir")
              + ") at start: make that folder exist, writable and not mounted noexec, or set"
              + " java.io.tmpdir to one that is (COMMITSTATS_TMP for ./commitstats), and run"
              + " ingest again. Nothing was ingested",
          e);
    }
  }

  /**
   * Whether {@code e} is DuckDB's native library failing to load: in the initializer of the class
   * that loads it (all that initializer does) the first time, as that class not being initialized
   * later.
   */
  static boolean couldNotLoad(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      boolean loading =
          java.util.Arrays.stream(t.getStackTrace())
              .anyMatch(
                  f ->
                      f.getClassName().equals("org.duckdb.DuckDBNative")
                          && f.getMethodName().equals("<clinit>"));
      if (loading
          || t instanceof NoClassDefFoundError
              && String.valueOf(t.getMessage()).contains("org.duckdb.DuckDBNative")) {
        return true;
      }
    }
    return false;
  }

  public RawStage() {
    try {
      connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
      try (var s = connection.createStatement()) {
        s.execute("SET threads = 1");
        s.execute("SET preserve_insertion_order = true");
        for (Table t : Table.values()) {
          String columns =
              t.schema.columns().stream()
                  .map(c -> DuckDbTypes.quote(c.name()) + " " + stagingType(c.type()))
                  .collect(Collectors.joining(", "));
          s.execute("CREATE TABLE " + t.stagingName() + " (" + columns + ")");
          pending.put(t, 0L);
        }
      }
      for (Table t : Table.values()) {
        appenders.put(t, connection.createAppender(t.stagingName()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start the embedded DuckDB used to write Parquet", e);
    }
  }

  public long pendingCommits() {
    return pending.get(Table.COMMITS);
  }

  public long pendingFileChanges() {
    return pending.get(Table.FILE_CHANGES);
  }

  public void appendCommit(String repoId, String repoUrl, String runId, CommitRow c) {
    try {
      var a = appenders.get(Table.COMMITS);
      a.beginRow()
          .append(repoId)
          .append(repoUrl)
          .append(c.sha())
          .append(c.parentShas())
          .append(c.isMerge())
          .append(c.authorName())
          .append(c.authorEmail())
          .append(c.authorTimeSeconds())
          .append(c.authorTzOffsetMinutes())
          .append(c.committerName())
          .append(c.committerEmail())
          .append(c.committerTimeSeconds())
          .append(c.subject())
          .append(JSON.writeValueAsString(c.coAuthors()))
          .append(c.filesChanged())
          .append(c.linesAdded())
          .append(c.linesDeleted())
          .append(c.filesUnreadable())
          .append(c.branch())
          .append(runId)
          .endRow();
      pending.merge(Table.COMMITS, 1L, Long::sum);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot stage commit " + c.sha(), e);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void appendFileChange(String repoId, String runId, FileChangeRow f) {
    try {
      var a = appenders.get(Table.FILE_CHANGES);
      a.beginRow().append(repoId).append(f.sha()).append(f.path());
      nullable(a, f.oldPath());
      a.append(f.changeType().name());
      nullable(a, f.linesAdded());
      nullable(a, f.linesDeleted());
      a.append(f.binary()).append(f.language()).append(f.category().value());
      if (f.similarity() == null) {
        a.appendNull();
      } else {
        a.append(f.similarity().intValue());
      }
      nullable(a, f.oldMode());
      nullable(a, f.newMode());
      a.append(f.contentMissing()).append(runId).endRow();
      pending.merge(Table.FILE_CHANGES, 1L, Long::sum);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot stage a file change of " + f.sha(), e);
    }
  }

  public void appendDependency(String repoId, String sha, DependencyEvent d, String runId) {
    try {
      var a = appenders.get(Table.DEPENDENCY_CHANGES);
      a.beginRow()
          .append(repoId)
          .append(sha)
          .append(d.manifestPath())
          .append(d.ecosystem())
          .append(d.pkg());
      nullable(a, d.versionBefore());
      nullable(a, d.versionAfter());
      a.append(d.changeType());
      nullable(a, d.versionBeforeSpec());
      nullable(a, d.versionAfterSpec());
      a.append(runId).endRow();
      pending.merge(Table.DEPENDENCY_CHANGES, 1L, Long::sum);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot stage a dependency change of " + sha, e);
    }
  }

  public void appendRetraction(String repoId, String sha, String reason, String runId) {
    try {
      appenders
          .get(Table.RETRACTED_COMMITS)
          .beginRow()
          .append(repoId)
          .append(sha)
          .append(reason)
          .append(runId)
          .endRow();
      pending.merge(Table.RETRACTED_COMMITS, 1L, Long::sum);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot stage a retraction of " + sha, e);
    }
  }

  public void appendRepo(RepoStatusRow r, String runId) {
    try {
      var a = appenders.get(Table.REPOS);
      a.beginRow().append(r.repoId()).append(r.repoUrl()).append(r.provider());
      nullable(a, r.owner());
      a.append(r.name()).append(r.visibility()).append(r.fork());
      nullable(a, r.upstreamUrl());
      a.append(r.active()).append(r.extra()).append(r.collectStatus());
      nullable(a, r.errorMessage());
      a.append(r.lastUpdateSeconds());
      nullable(a, r.lastCommitSha());
      nullable(a, r.lastCommitTimeSeconds());
      a.append(r.allCommitsProcessed());
      nullable(a, r.defaultBranch());
      a.append(r.branches())
          .append(r.newCommits())
          .append(r.retractedCommits())
          .append(r.unreadableFiles())
          .append(r.durationMs())
          .append(runId)
          .endRow();
      pending.merge(Table.REPOS, 1L, Long::sum);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot stage the status of " + r.repoUrl(), e);
    }
  }

  private static void nullable(DuckDBAppender a, String v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }

  private static void nullable(DuckDBAppender a, Long v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v.longValue());
    }
  }

  /** Writes the staged commits to {@code relativePath}; false when none were staged. */
  public boolean flushCommits(Lake lake, String relativePath) throws IOException {
    return flush(Table.COMMITS, lake, relativePath);
  }

  public boolean flushFileChanges(Lake lake, String relativePath) throws IOException {
    return flush(Table.FILE_CHANGES, lake, relativePath);
  }

  public boolean flushDependencies(Lake lake, String relativePath) throws IOException {
    return flush(Table.DEPENDENCY_CHANGES, lake, relativePath);
  }

  public boolean flushRetractions(Lake lake, String relativePath) throws IOException {
    return flush(Table.RETRACTED_COMMITS, lake, relativePath);
  }

  public boolean flushRepos(Lake lake, String relativePath) throws IOException {
    return flush(Table.REPOS, lake, relativePath);
  }

  private boolean flush(Table t, Lake lake, String relativePath) throws IOException {
    if (pending.get(t) == 0) {
      return false;
    }
    Path staged = lake.stagingFile(relativePath);
    try {
      appenders.get(t).flush();
      String select =
          t.schema.columns().stream().map(RawStage::fromStaging).collect(Collectors.joining(", "));
      try (var s = connection.createStatement()) {
        s.execute(
            "COPY (SELECT "
                + select
                + " FROM "
                + t.stagingName()
                + ") TO "
                + DuckDbTypes.literal(staged.toString())
                + " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)");
        s.execute("DELETE FROM " + t.stagingName());
      }
    } catch (SQLException e) {
      Files.deleteIfExists(staged);
      throw new IOException("cannot write Parquet for raw/" + t.schema.name() + ": " + e, e);
    }
    lake.publish(staged, relativePath);
    pending.put(t, 0L);
    return true;
  }

  @Override
  public void close() {
    for (var a : appenders.values()) {
      try {
        a.close();
      } catch (SQLException ignored) {
        // closing the connection below releases it too
      }
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing left to release
    }
  }

  /**
   * The type a column has in the staging table the appender fills: timestamps as epoch seconds,
   * person lists as JSON text. {@link #fromStaging} turns them into the lake type.
   */
  private static String stagingType(ColumnType type) {
    if (type == ColumnType.TIMESTAMP) {
      return "BIGINT";
    }
    return type.equals(ColumnType.PERSON_LIST) ? "VARCHAR" : DuckDbTypes.lakeType(type);
  }

  private static String fromStaging(Column c) {
    String q = DuckDbTypes.quote(c.name());
    if (c.type() == ColumnType.TIMESTAMP) {
      return "to_timestamp(" + q + ") AS " + q;
    }
    if (c.type().equals(ColumnType.PERSON_LIST)) {
      return "CAST(from_json("
          + q
          + ", '[{\"name\":\"VARCHAR\",\"email\":\"VARCHAR\"}]') AS "
          + DuckDbTypes.lakeType(ColumnType.PERSON_LIST)
          + ") AS "
          + q;
    }
    return q;
  }
}
