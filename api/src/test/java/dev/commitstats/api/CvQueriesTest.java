package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.commitstats.api.engine.DuckDbEngine;
import dev.commitstats.api.query.CvQueries;
import dev.commitstats.api.query.SqlCvQueries;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every query of {@link SqlCvQueries} on embedded DuckDB, over the lake the real pipeline made. */
class CvQueriesTest {
  static LakeFixture fixture;
  static DuckDbEngine engine;
  static SqlCvQueries queries;

  @BeforeAll
  static void open() {
    fixture = LakeFixture.get();
    engine = DuckDbEngine.open(fixture.lake, 2, Duration.ofMinutes(10));
    queries = new SqlCvQueries(engine);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static Instant t(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void summaryTotalsCountEveryRepositoryIncludingPrivateOnes() {
    CvQueries.Summary s = queries.summary("alice").orElseThrow();
    assertThat(s.name()).isEqualTo("Alice Example");
    // public-app 3 (3+1, 5, +1-1), private 2 (4, 2), oss-lib 1 (2)
    assertThat(s.commits()).isEqualTo(6);
    assertThat(s.linesAdded()).isEqualTo(18);
    assertThat(s.linesDeleted()).isEqualTo(1);
    // Python 9, Go 5, JavaScript 2 are languages; package.json's JSON is data
    assertThat(s.languageLinesAdded()).isEqualTo(16);
    assertThat(s.dataLinesAdded()).isEqualTo(2);
    assertThat(s.dataLinesDeleted()).isEqualTo(1);
    assertThat(s.proseLinesAdded() + s.otherLinesAdded()).isZero();
    assertThat(
            s.languageLinesAdded() + s.dataLinesAdded() + s.proseLinesAdded() + s.otherLinesAdded())
        .isEqualTo(s.linesAdded());
    assertThat(s.repositories()).isEqualTo(3);
    assertThat(s.firstCommitTime()).isEqualTo(t("2025-01-06T10:00:00Z"));
    assertThat(s.lastCommitTime()).isEqualTo(t("2025-03-03T10:00:00Z"));
    assertThat(s.yearsActive()).isEqualTo(1);
    assertThat(s.activeWeeks()).isEqualTo(3);
    assertThat(s.longestWeeklyStreak()).isEqualTo(1);
    assertThat(s.ossRepositories()).isEqualTo(1);
    assertThat(s.ossCommits()).isEqualTo(1);
    assertThat(s.packages()).isEqualTo(1);
    assertThat(s.asOf()).isAfter(t("2026-01-01T00:00:00Z"));
    assertThat(queries.summary("nobody")).isEmpty();
  }

  @Test
  void languagesByLines() {
    List<CvQueries.Language> langs = queries.languages("alice");
    assertThat(langs)
        .extracting(
            CvQueries.Language::language,
            CvQueries.Language::languageType,
            CvQueries.Language::color,
            CvQueries.Language::commits,
            CvQueries.Language::linesAdded,
            CvQueries.Language::linesDeleted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Python", "programming", "#3572A5", 3L, 9L, 0L),
            org.assertj.core.groups.Tuple.tuple("Go", "programming", "#00ADD8", 1L, 5L, 0L),
            org.assertj.core.groups.Tuple.tuple("JSON", "data", "#292929", 2L, 2L, 1L),
            org.assertj.core.groups.Tuple.tuple(
                "JavaScript", "programming", "#f1e05a", 1L, 2L, 0L));
    // shares over the languages (programming and markup) only: JSON is data, it has none
    assertThat(
            langs.stream()
                .filter(CvQueries.Language::isLanguage)
                .mapToDouble(CvQueries.Language::shareOfLines)
                .sum())
        .isCloseTo(1.0, within(0.001));
    assertThat(langs.get(0).shareOfLines()).isCloseTo(9 / 16.0, within(0.0001));
    assertThat(langs.get(2).shareOfLines()).isNull();
  }

  @Test
  void weeklyRowsWithinTheRange() {
    assertThat(
            queries.weekly("alice", LocalDate.parse("2025-01-06"), LocalDate.parse("2025-02-03")))
        .extracting(CvQueries.Week::weekStart, CvQueries.Week::language, CvQueries.Week::commits)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-01-06"), "Go", 1L),
            org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-01-06"), "JSON", 1L),
            org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-01-06"), "JavaScript", 1L),
            org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-01-06"), "Python", 2L),
            org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-02-03"), "JSON", 1L));
    assertThat(
            queries.weekTotals(
                "alice", LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31")))
        .containsExactly(
            new CvQueries.WeekTotal(LocalDate.parse("2025-01-06"), 4, 15, 0),
            new CvQueries.WeekTotal(LocalDate.parse("2025-02-03"), 1, 1, 1),
            new CvQueries.WeekTotal(LocalDate.parse("2025-03-03"), 1, 2, 0));
    assertThat(queries.weekly("bob", LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31")))
        .extracting(
            CvQueries.Week::weekStart, CvQueries.Week::linesAdded, CvQueries.Week::linesDeleted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2025-01-13"), 1L, 1L));
  }

  @Test
  void ossPackagesAndRepositories() {
    assertThat(queries.oss("alice"))
        .containsExactly(
            new CvQueries.Oss(
                fixture.ossUrl.replaceAll("\\.git$", ""),
                1,
                2,
                0,
                t("2025-01-09T10:00:00Z"),
                t("2025-01-09T10:00:00Z")));
    assertThat(queries.oss("bob")).isEmpty();

    assertThat(queries.packages("alice", 10))
        .containsExactly(
            new CvQueries.PackageUse(
                "npm",
                "left-pad",
                t("2025-01-06T10:00:00Z"),
                t("2025-02-03T10:00:00Z"),
                2,
                "1.3.0",
                1));
    assertThat(queries.packages("alice", 0)).isEmpty();

    assertThat(queries.userRepos("alice"))
        .extracting(
            u -> u.repo().name(), CvQueries.UserRepo::commits, CvQueries.UserRepo::linesAdded)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("public-app", 3L, 10L),
            org.assertj.core.groups.Tuple.tuple(LakeFixture.PRIVATE_REPO, 2L, 6L),
            org.assertj.core.groups.Tuple.tuple("oss-lib", 1L, 2L));
  }

  @Test
  void collectionStatusAndRuns() {
    List<CvQueries.Repo> repos = queries.repos();
    assertThat(repos).hasSize(3);
    assertThat(repos)
        .allSatisfy(
            r -> {
              assertThat(r.collectStatus()).isEqualTo("up_to_date");
              assertThat(r.allCommitsProcessed()).isTrue();
              assertThat(r.isActive()).isTrue();
            });
    assertThat(repos)
        .extracting(CvQueries.Repo::name, CvQueries.Repo::visibility)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("public-app", "public"),
            org.assertj.core.groups.Tuple.tuple(LakeFixture.PRIVATE_REPO, "private"),
            org.assertj.core.groups.Tuple.tuple("oss-lib", "public"));
    List<CvQueries.TransformRun> runs = queries.transformRuns(5);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).mode()).isEqualTo("full");
    assertThat(runs.get(0).finishedAt()).isAfterOrEqualTo(runs.get(0).startedAt());
    assertThat(queries.topUsers(5)).containsExactly("alice", "bob");
  }
}
