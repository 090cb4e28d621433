package dev.commitstats.spark;

import dev.commitstats.model.LakeLayout;
import dev.commitstats.model.RawTables;
import dev.commitstats.model.RepoUrls;
import dev.commitstats.model.TableSchema;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Hand-written raw inputs: rows are collected per ingest run and written as Parquet where ingest
 * puts them ({@code raw/<table>/repo_id=<id>/...}), with the raw schemas of {@code model/}.
 */
final class RawLake {
  final Path root;
  private final SparkSession spark;
  private final List<Row> commits = new ArrayList<>();
  private final List<Row> files = new ArrayList<>();
  private final List<Row> deps = new ArrayList<>();
  private final List<Row> repos = new ArrayList<>();
  private final List<Row> retracted = new ArrayList<>();
  private String run = "20260101T000000000Z-000001";
  private int tzOffsetMinutes = 60;

  RawLake(SparkSession spark, Path root) {
    this.spark = spark;
    this.root = root;
  }

  /** The author time zone offset of the commits added after this (default +01:00). */
  RawLake tz(int offsetMinutes) {
    this.tzOffsetMinutes = offsetMinutes;
    return this;
  }

  RawLake run(String runId) {
    this.run = runId;
    return this;
  }

  static String id(String url) {
    return RepoUrls.repoId(url);
  }

  RawLake repo(String url, String visibility, String owner, boolean fork, String upstream) {
    return repo(url, visibility, owner, fork, upstream, false);
  }

  RawLake repo(
      String url, String visibility, String owner, boolean fork, String upstream, boolean extra) {
    repos.add(
        RowFactory.create(
            id(url),
            url,
            "git",
            owner,
            url.substring(url.lastIndexOf('/') + 1),
            visibility,
            fork,
            upstream,
            true,
            extra,
            "up_to_date",
            null,
            ts("2026-01-01T00:00:00Z"),
            null,
            null,
            true,
            "main",
            List.of("main"),
            0L,
            0L,
            0L,
            10L,
            run));
    return this;
  }

  /** A commit; {@code coAuthors} are emails. */
  RawLake commit(String url, String sha, String email, String time, String... coAuthors) {
    return commit(url, sha, email, time, false, coAuthors);
  }

  RawLake merge(String url, String sha, String email, String time) {
    return commit(url, sha, email, time, true);
  }

  private RawLake commit(
      String url, String sha, String email, String time, boolean merge, String... coAuthors) {
    List<Row> co = new ArrayList<>();
    for (String c : coAuthors) {
      co.add(RowFactory.create(c.substring(0, c.indexOf('@')), c));
    }
    commits.add(
        RowFactory.create(
            id(url),
            url,
            sha,
            merge ? List.of("p1", "p2") : List.of("p1"),
            merge,
            "Name " + email,
            email,
            ts(time),
            tzOffsetMinutes,
            "Committer",
            email,
            ts(time),
            "subject of " + sha,
            co,
            0,
            0L,
            0L,
            0,
            "main",
            run));
    return this;
  }

  RawLake file(
      String url,
      String sha,
      String path,
      String language,
      String category,
      Long added,
      Long deleted) {
    files.add(
        RowFactory.create(
            id(url),
            sha,
            path,
            null,
            "MODIFY",
            added,
            deleted,
            added == null,
            language,
            category,
            null,
            "100644",
            "100644",
            false,
            run));
    return this;
  }

  RawLake dep(
      String url,
      String sha,
      String manifest,
      String eco,
      String pkg,
      String before,
      String after,
      String type) {
    deps.add(
        RowFactory.create(id(url), sha, manifest, eco, pkg, before, after, type, null, null, run));
    return this;
  }

  RawLake retract(String url, String sha) {
    retracted.add(RowFactory.create(id(url), sha, "history rewritten on branch main", run));
    return this;
  }

  /** Writes the rows collected since the last write as this run's files, then forgets them. */
  RawLake write() {
    write(RawTables.COMMITS, commits);
    write(RawTables.FILE_CHANGES, files);
    write(RawTables.DEPENDENCY_CHANGES, deps);
    write(RawTables.REPOS, repos);
    write(RawTables.RETRACTED_COMMITS, retracted);
    return this;
  }

  private void write(TableSchema table, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    check(table, rows);
    spark
        .createDataFrame(rows, SparkSchemas.of(table))
        .coalesce(1)
        .write()
        .parquet(root.resolve(LakeLayout.rawTable(table)).resolve(run + ".parquet").toString());
    rows.clear();
  }

  private static void check(TableSchema table, List<Row> rows) {
    for (Row r : rows) {
      if (r.length() != table.columns().size()) {
        throw new IllegalStateException(
            table.name() + " row has " + r.length() + " values, schema " + table.columnNames());
      }
    }
  }

  static Timestamp ts(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }

  static Map<String, Object> asMap(Row r) {
    var m = new java.util.LinkedHashMap<String, Object>();
    for (String f : r.schema().fieldNames()) {
      Object v = r.getAs(f);
      m.put(
          f,
          v instanceof scala.collection.Seq<?> s
              ? List.copyOf(scala.collection.JavaConverters.seqAsJavaList(s))
              : v);
    }
    return m;
  }

  static List<Object> values(Object... v) {
    return Arrays.asList(v);
  }
}
