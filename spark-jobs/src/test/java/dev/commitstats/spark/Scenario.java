package dev.commitstats.spark;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.config.CommitStatsConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A lake that grows in three ingest runs with everything incremental runs must get right: new
 * commits for existing users and weeks, a force-push that retracts a commit and a later run that
 * restores it, a fork arriving after its upstream (same commits), a visibility change, a commit
 * re-ingested after a crash, co-authors and dependency events.
 */
final class Scenario {
  static final String PUB = "https://github.com/acme/widgets";
  static final String MINE = "https://github.com/EspenAlbert/tools";
  static final String FORK = "https://github.com/EspenAlbert/widgets";

  static final String CONFIG_YAML =
      """
          users:
            - id: espen
              emails: [espen@example.com]
              github: EspenAlbert
            - id: kari
              emails: [kari@example.com]
            - id: ola
              emails: [ola@example.com]
            - id: per
              emails: [per@example.com]
            - id: siv
              emails: [siv@example.com]
          transform:
            bulk_commit_lines: 500
          """;

  static final CommitStatsConfig CONFIG = CommitStatsConfig.parse(CONFIG_YAML, "scenario");

  /** Tables compared between runs: all but the run log. */
  /**
   * Tables whose rows do not depend on how the runs were split: not the run log, nor the user
   * history (its cutoff week is the newest week of the run that last recomputed it).
   */
  static final List<String> TABLES = DeltaTables.RUN_INDEPENDENT;

  /** Users in the config: five, of whom batches 2 and 3 touch two. */
  static final int USERS = 5;

  private Scenario() {}

  static void batch(SparkSession spark, Path lake, int n) {
    var raw = new RawLake(spark, lake);
    switch (n) {
      case 1 -> {
        raw.run("20260101T000000000Z-000001")
            .repo(PUB, "public", "acme", false, null)
            .repo(MINE, "private", "EspenAlbert", false, null);
        for (int i = 0; i < 12; i++) {
          String day = String.format("2025-12-%02dT10:00:00Z", 1 + i * 2);
          raw.commit(MINE, "m" + i, i % 3 == 0 ? "kari@example.com" : "espen@example.com", day)
              .file(MINE, "m" + i, "src/F" + i + ".java", "Java", "code", 10L + i, (long) i)
              .file(MINE, "m" + i, "docs/n" + i + ".md", "Markdown", "documentation", 3L, 0L);
          raw.commit(PUB, "p" + i, "espen@example.com", day, "kari@example.com")
              .file(PUB, "p" + i, "lib/m" + i + ".py", "Python", "code", 20L, 4L);
        }
        // Users only this batch touches: later runs affect a minority of users, so their user
        // tables are MERGEd, not rewritten.
        for (String u : new String[] {"ola", "per", "siv"}) {
          raw.commit(PUB, "c-" + u, u + "@example.com", "2025-11-03T10:00:00Z")
              .file(PUB, "c-" + u, "lib/" + u + ".py", "Python", "code", 7L, 1L);
        }
        raw.file(MINE, "m4", "package-lock.json", "JSON", "lockfile", 900L, 0L)
            .dep(MINE, "m1", "pom.xml", "maven", "org.junit:junit-bom", null, "5.10.0", "ADDED")
            .dep(
                MINE,
                "m5",
                "pom.xml",
                "maven",
                "org.junit:junit-bom",
                "5.10.0",
                "5.11.0",
                "CHANGED")
            .commit(MINE, "big", "espen@example.com", "2025-12-20T10:00:00Z")
            .file(MINE, "big", "third_party/x.c", "C", "code", 4000L, 0L)
            .write();
      }
      case 2 -> {
        raw.run("20260102T000000000Z-000002")
            .repo(PUB, "public", "acme", false, null)
            .repo(MINE, "private", "EspenAlbert", false, null)
            .repo(FORK, "public", "EspenAlbert", true, PUB)
            .retract(MINE, "m7");
        for (int i = 12; i < 16; i++) {
          String day = String.format("2026-01-%02dT10:00:00Z", i - 10);
          raw.commit(MINE, "m" + i, "espen@example.com", day)
              .file(MINE, "m" + i, "src/F" + i + ".java", "Java", "code", 5L, 1L);
        }
        // The fork holds upstream commits and one of its own.
        for (int i = 0; i < 3; i++) {
          raw.commit(
                  FORK,
                  "p" + i,
                  "espen@example.com",
                  String.format("2025-12-%02dT10:00:00Z", 1 + i * 2),
                  "kari@example.com")
              .file(FORK, "p" + i, "lib/m" + i + ".py", "Python", "code", 20L, 4L);
        }
        raw.commit(FORK, "f1", "espen@example.com", "2026-01-03T12:00:00Z")
            .file(FORK, "f1", "lib/fix.py", "Python", "code", 8L, 2L)
            .dep(FORK, "f1", "pyproject.toml", "pypi", "pydantic", null, ">=2", "ADDED")
            .write();
      }
      case 3 -> {
        // The retracted commit is back (restored branch), one commit is written again by a
        // rerun after an ingest crash, and the private repository became public.
        raw.run("20260103T000000000Z-000003")
            .repo(PUB, "public", "acme", false, null)
            .repo(MINE, "public", "EspenAlbert", false, null)
            .repo(FORK, "public", "EspenAlbert", true, PUB)
            .commit(MINE, "m7", "espen@example.com", "2025-12-15T10:00:00Z")
            .file(MINE, "m7", "src/F7.java", "Java", "code", 17L, 7L)
            .file(MINE, "m7", "docs/n7.md", "Markdown", "documentation", 3L, 0L)
            .commit(MINE, "m15", "espen@example.com", "2026-01-05T10:00:00Z")
            .file(MINE, "m15", "src/F15.java", "Java", "code", 5L, 1L)
            .commit(PUB, "p20", "kari@example.com", "2026-01-06T10:00:00Z")
            .file(PUB, "p20", "lib/new.py", "Python", "code", 30L, 0L)
            .write();
      }
      default -> throw new IllegalArgumentException("batch " + n);
    }
  }

  /** Rows of a Delta table in one lake missing from the other's, both ways (empty: equal). */
  static List<Row> difference(SparkSession spark, Path a, Path b, String table) {
    Dataset<Row> x =
        spark.read().format("delta").load(a.resolve("delta").resolve(table).toString());
    Dataset<Row> y =
        spark.read().format("delta").load(b.resolve("delta").resolve(table).toString());
    return x.exceptAll(y.select(x.columns()[0], tail(x.columns())))
        .union(y.select(x.columns()[0], tail(x.columns())).exceptAll(x))
        .collectAsList();
  }

  private static String[] tail(String[] a) {
    return java.util.Arrays.copyOfRange(a, 1, a.length);
  }
}
