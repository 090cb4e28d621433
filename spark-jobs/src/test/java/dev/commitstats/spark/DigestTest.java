package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.model.config.CommitStatsConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digests of a generated history, exactly: an author in UTC-08:00 (her Monday evening is
 * Tuesday in UTC), a streak that breaks and then sets a new record, a first language, package and
 * open-source contribution, a week across the year boundary, quiet weeks inside the history; and a
 * history that arrives in two runs ends where one full run does.
 */
class DigestTest {
  static SparkSession spark;

  static final String APP = "https://github.com/dana/app";
  static final String LIB = "https://github.com/acme/lib";
  static final CommitStatsConfig CONFIG =
      CommitStatsConfig.parse(
          """
          users:
            - id: dana
              emails: [dana@example.com]
              github: dana
            - id: eli
              emails: [eli@example.com]
            - id: fay
              emails: [fay@example.com]
          """,
          "test");

  @TempDir static Path dir;

  /** The history in one full run, and in two incremental runs (autumn, then the year's end). */
  static Path full;

  static Path incremental;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
    full = dir.resolve("full");
    var all = new RawLake(spark, full);
    autumn(all);
    yearEnd(all);
    all.write();
    transform(full, true);

    incremental = dir.resolve("incremental");
    var raw = new RawLake(spark, incremental);
    autumn(raw);
    raw.write();
    transform(incremental, false);
    var later = new RawLake(spark, incremental).run("20270103T000000000Z-000002");
    yearEnd(later);
    later.write();
    transform(incremental, false);
  }

  /** Dana's history up to (and without) the year-boundary week: weeks of 2026-11-02 to 12-07. */
  private static void autumn(RawLake raw) {
    raw.repo(APP, "private", "dana", false, null).repo(LIB, "public", "acme", false, null);
    raw.tz(-480);
    commit(raw, APP, "a1", "2026-11-02T18:00:00Z", "src/A.java", "Java");
    commit(raw, APP, "a2", "2026-11-09T18:00:00Z", "src/B.java", "Java");
    // the week of 2026-11-16 is quiet: the streak of two breaks
    commit(raw, APP, "a3", "2026-11-23T18:00:00Z", "src/C.java", "Java");
    raw.file(APP, "a3", "tools/gen.py", "Python", "code", 4L, 0L)
        .dep(APP, "a3", "package.json", "npm", "left-pad", null, "1.3.0", "ADDED");
    commit(raw, LIB, "l1", "2026-11-24T18:00:00Z", "lib/x.c", "C");
    // Monday 19:30 for her, Tuesday 03:30 in UTC: a Monday in her rhythm, December in UTC
    commit(raw, APP, "a4", "2026-12-01T03:30:00Z", "src/D.java", "Java");
    commit(raw, APP, "a5", "2026-12-07T18:00:00Z", "src/E.java", "Java");
    // two others, so that the later run touches a minority of users (their rows are merged)
    raw.tz(60);
    commit(raw, APP, "e1", "2026-11-10T09:00:00Z", "src/Z.java", "Java", "eli@example.com");
    commit(raw, APP, "f1", "2026-11-11T09:00:00Z", "src/Y.java", "Java", "fay@example.com");
  }

  /** The week of 2026-12-28: Wednesday 30 December and Saturday 2 January, 04:00 for her. */
  private static void yearEnd(RawLake raw) {
    raw.repo(APP, "private", "dana", false, null).repo(LIB, "public", "acme", false, null);
    raw.tz(-480);
    commit(raw, APP, "a6", "2026-12-30T12:00:00Z", "src/F.java", "Java");
    commit(raw, APP, "a7", "2027-01-02T12:00:00Z", "src/G.java", "Java");
  }

  private static void commit(
      RawLake raw, String url, String sha, String time, String path, String lang) {
    commit(raw, url, sha, time, path, lang, "dana@example.com");
  }

  private static void commit(
      RawLake raw, String url, String sha, String time, String path, String lang, String email) {
    raw.commit(url, sha, email, time).file(url, sha, path, lang, "code", 10L, 2L);
  }

  private static TransformJob.Result transform(Path lake, boolean full) {
    return TransformJob.run(spark, new TransformJob.Settings(lake.toString(), CONFIG, full));
  }

  /** Dana's digests by "period period_start". */
  private static Map<String, Row> digests(Path lake) {
    var out = new LinkedHashMap<String, Row>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(lake.resolve(DeltaTables.path(DeltaTables.USER_DIGESTS)).toString())
            .where("user_id = 'dana'")
            .orderBy("period", "period_start")
            .collectAsList()) {
      out.put(r.getAs("period") + " " + r.getAs("period_start"), r);
    }
    return out;
  }

  private static long n(Row r, String c) {
    return ((Number) r.getAs(c)).longValue();
  }

  private static List<Long> longs(Row r, String c) {
    return r.<scala.collection.Seq<Long>>getAs(c) == null
        ? null
        : scala.collection.JavaConverters.seqAsJavaList(r.<scala.collection.Seq<Long>>getAs(c));
  }

  private static List<String> strings(Row r, String c) {
    return scala.collection.JavaConverters.seqAsJavaList(r.<scala.collection.Seq<String>>getAs(c));
  }

  @Test
  void exactDigestsOfAGeneratedHistory() {
    Path lake = full;
    Map<String, Row> d = digests(lake);

    // every week from the first to the last active one, quiet weeks too
    assertThat(d.keySet().stream().filter(k -> k.startsWith("week ")))
        .containsExactly(
            "week 2026-11-02",
            "week 2026-11-09",
            "week 2026-11-16",
            "week 2026-11-23",
            "week 2026-11-30",
            "week 2026-12-07",
            "week 2026-12-14",
            "week 2026-12-21",
            "week 2026-12-28");
    assertThat(d.keySet().stream().filter(k -> !k.startsWith("week ")))
        .containsExactly(
            "month 2026-11-01",
            "month 2026-12-01",
            "month 2027-01-01",
            "year 2026-01-01",
            "year 2027-01-01");

    Row first = d.get("week 2026-11-02");
    assertThat(n(first, "commits")).isEqualTo(1);
    assertThat(n(first, "lines_added")).isEqualTo(10);
    assertThat(first.<Object>getAs("period_end").toString()).isEqualTo("2026-11-08");
    assertThat(n(first, "baseline_periods")).isZero();
    assertThat(first.<Object>getAs("baseline_commits")).isNull();
    assertThat(strings(first, "new_languages")).containsExactly("Java");
    assertThat(n(first, "streak_weeks")).isEqualTo(1);
    assertThat(first.<Boolean>getAs("new_longest_streak")).isFalse();

    Row quiet = d.get("week 2026-11-16");
    assertThat(n(quiet, "commits")).isZero();
    assertThat(n(quiet, "active_days")).isZero();
    assertThat(n(quiet, "streak_weeks")).isZero();
    assertThat(n(quiet, "longest_streak")).isEqualTo(2);
    assertThat(n(quiet, "baseline_periods")).isEqualTo(2);
    assertThat(quiet.<Double>getAs("baseline_commits")).isEqualTo(1.0);
    assertThat(longs(quiet, "commits_by_weekday")).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 0L);

    Row news = d.get("week 2026-11-23");
    assertThat(n(news, "commits")).isEqualTo(2);
    assertThat(n(news, "lines_added")).isEqualTo(24);
    assertThat(strings(news, "new_languages")).containsExactly("C", "Python");
    assertThat(strings(news, "new_packages")).containsExactly("npm:left-pad");
    assertThat(strings(news, "new_oss_repos")).containsExactly(LIB);
    assertThat(strings(news, "repo_ids")).hasSize(2);
    assertThat(n(news, "streak_weeks")).isEqualTo(1);
    assertThat(news.<Double>getAs("baseline_commits")).isEqualTo(2.0 / 3);

    // her Monday evening is a Tuesday in UTC: Monday in her rhythm, at 19:00
    Row monday = d.get("week 2026-11-30");
    assertThat(longs(monday, "commits_by_weekday")).containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 0L);
    List<Long> hours = longs(monday, "commits_by_hour");
    assertThat(hours).hasSize(24);
    assertThat(hours.get(19)).isEqualTo(1L);
    assertThat(hours.stream().mapToLong(Long::longValue).sum()).isEqualTo(1L);
    assertThat(n(monday, "active_days")).isEqualTo(1);
    assertThat(n(monday, "streak_weeks")).isEqualTo(2);

    Row record = d.get("week 2026-12-07");
    assertThat(n(record, "streak_weeks")).isEqualTo(3);
    assertThat(n(record, "longest_streak")).isEqualTo(3);
    assertThat(record.<Boolean>getAs("new_longest_streak")).isTrue();
    assertThat(d.get("week 2026-12-14").<Boolean>getAs("new_longest_streak")).isFalse();

    // the week across the year boundary: one week, two months, two years
    Row boundary = d.get("week 2026-12-28");
    assertThat(n(boundary, "commits")).isEqualTo(2);
    assertThat(n(boundary, "active_days")).isEqualTo(2);
    assertThat(longs(boundary, "commits_by_weekday")).containsExactly(0L, 0L, 1L, 0L, 0L, 1L, 0L);
    assertThat(longs(boundary, "commits_by_hour").get(4)).isEqualTo(2L);
    assertThat(n(boundary, "baseline_periods")).isEqualTo(8);
    assertThat(boundary.<Double>getAs("baseline_commits")).isEqualTo(6.0 / 8);
    assertThat(n(boundary, "streak_weeks")).isEqualTo(1);

    Row nov = d.get("month 2026-11-01");
    assertThat(n(nov, "commits")).isEqualTo(4); // the 30 November evening is 1 December in UTC
    assertThat(nov.<Object>getAs("period_end").toString()).isEqualTo("2026-11-30");
    assertThat(n(nov, "streak_weeks")).isEqualTo(2);
    assertThat(nov.<Boolean>getAs("new_longest_streak")).isFalse();
    Row dec = d.get("month 2026-12-01");
    assertThat(n(dec, "commits")).isEqualTo(3);
    assertThat(n(dec, "longest_streak")).isEqualTo(3);
    assertThat(dec.<Boolean>getAs("new_longest_streak")).isTrue();
    assertThat(dec.<Double>getAs("baseline_commits")).isEqualTo(4.0);
    Row jan = d.get("month 2027-01-01");
    assertThat(n(jan, "commits")).isEqualTo(1);
    assertThat(n(jan, "streak_weeks")).isZero();
    assertThat(n(jan, "longest_streak")).isEqualTo(3);
    assertThat(jan.<Double>getAs("baseline_commits")).isEqualTo(3.5);

    Row y2026 = d.get("year 2026-01-01");
    assertThat(n(y2026, "commits")).isEqualTo(7);
    assertThat(y2026.<Object>getAs("period_end").toString()).isEqualTo("2026-12-31");
    assertThat(strings(y2026, "new_languages")).containsExactly("C", "Java", "Python");
    assertThat(n(y2026, "streak_weeks")).isEqualTo(1);
    Row y2027 = d.get("year 2027-01-01");
    assertThat(n(y2027, "commits")).isEqualTo(1);
    assertThat(n(y2027, "baseline_periods")).isEqualTo(1);
    assertThat(y2027.<Double>getAs("baseline_commits")).isEqualTo(7.0);
    assertThat(strings(y2027, "new_languages")).isEmpty();

    // a week is the sum of its days; the digests' weeks agree with user_weekly_totals
    Row check =
        spark
            .sql(
                "SELECT count(*) FROM delta.`"
                    + lake.resolve(DeltaTables.path(DeltaTables.USER_WEEKS))
                    + "` t JOIN delta.`"
                    + lake.resolve(DeltaTables.path(DeltaTables.USER_DIGESTS))
                    + "` g ON g.user_id = t.user_id AND g.period = 'week'"
                    + " AND g.period_start = t.week_start"
                    + " WHERE g.commits <> t.commits OR g.lines_added <> t.lines_added"
                    + " OR g.lines_deleted <> t.lines_deleted")
            .first();
    assertThat(check.getLong(0)).isZero();
  }

  @Test
  void aDigestRefreshedByALaterRunEqualsOneFullRun() {
    for (String t : List.of(DeltaTables.USER_DAYS, DeltaTables.USER_DIGESTS)) {
      assertThat(Scenario.difference(spark, incremental, full, t)).as(t).isEmpty();
    }
    assertThat(digests(incremental)).containsKey("year 2027-01-01");
  }
}
