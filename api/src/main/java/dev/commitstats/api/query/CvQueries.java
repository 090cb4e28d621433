package dev.commitstats.api.query;

import dev.commitstats.model.LanguageType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Every question the API asks of the lake. One implementation holds all the SQL ({@link
 * SqlCvQueries}); the records are the rows, named as the JSON fields are (snake_case in JSON).
 */
public interface CvQueries {

  /** The gold tables each answer reads (their versions make the ETag and the cache key). */
  enum Reads {
    SUMMARY("user_cv_summary"),
    LANGUAGES("user_language_stats"),
    WEEKLY("user_weekly_activity", "user_weekly_totals"),
    OSS("user_oss_contributions"),
    PACKAGES("user_packages"),
    DIGESTS("user_digests"),
    USER_REPOS("commits", "repo_status"),
    REPOS("repo_status"),
    RUNS("_transform_runs");

    private final List<String> tables;

    Reads(String... tables) {
      this.tables = List.of(tables);
    }

    public List<String> tables() {
      return tables;
    }
  }

  /** One row of {@code user_cv_summary}. */
  record Summary(
      String userId,
      String name,
      long commits,
      long linesAdded,
      long linesDeleted,
      long languageLinesAdded,
      long languageLinesDeleted,
      long dataLinesAdded,
      long dataLinesDeleted,
      long proseLinesAdded,
      long proseLinesDeleted,
      long otherLinesAdded,
      long otherLinesDeleted,
      long repositories,
      long bulkCommits,
      Instant firstCommitTime,
      Instant lastCommitTime,
      long yearsActive,
      long activeWeeks,
      long longestWeeklyStreak,
      long ossRepositories,
      long ossCommits,
      long packages,
      Instant asOf) {
    /** The same row with another name (the CV's curated display name). */
    public Summary withName(String displayName) {
      return new Summary(
          userId,
          displayName,
          commits,
          linesAdded,
          linesDeleted,
          languageLinesAdded,
          languageLinesDeleted,
          dataLinesAdded,
          dataLinesDeleted,
          proseLinesAdded,
          proseLinesDeleted,
          otherLinesAdded,
          otherLinesDeleted,
          repositories,
          bulkCommits,
          firstCommitTime,
          lastCommitTime,
          yearsActive,
          activeWeeks,
          longestWeeklyStreak,
          ossRepositories,
          ossCommits,
          packages,
          asOf);
    }
  }

  /**
   * One language of a user, with linguist's type ({@code programming}, {@code markup}, {@code
   * data}, {@code prose}, {@code unknown}) and colour; {@code shareOfLines} is the share of the
   * user's programming and markup lines, null for other types.
   */
  record Language(
      String language,
      String languageType,
      String color,
      long commits,
      long linesAdded,
      long linesDeleted,
      long files,
      long repositories,
      Instant firstCommitTime,
      Instant lastCommitTime,
      Double shareOfLines) {
    /** Counted among the CV's languages, as on GitHub's language bar. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isLanguage() {
      return LanguageType.of(languageType).isLanguage();
    }
  }

  /** One user-week-language row of the weekly trend. */
  record Week(
      LocalDate weekStart,
      String language,
      String languageType,
      long commits,
      long linesAdded,
      long linesDeleted,
      long files,
      long activeDays) {}

  /** One user-week's totals: each commit once, whatever its languages. */
  record WeekTotal(LocalDate weekStart, long commits, long linesAdded, long linesDeleted) {}

  /** One open-source repository a user contributed to (public by construction). */
  record Oss(
      String repoUrl,
      long commits,
      long linesAdded,
      long linesDeleted,
      Instant firstCommitTime,
      Instant lastCommitTime) {}

  /** One package a user's own commits added or changed. */
  record PackageUse(
      String ecosystem,
      @com.fasterxml.jackson.annotation.JsonProperty("package") String packageName,
      Instant firstUsed,
      Instant lastUsed,
      long commits,
      String latestVersion,
      long repositories) {}

  /** The collection status of one repository ({@code repo_status}), unmasked. */
  record Repo(
      String repoId,
      String repoUrl,
      String provider,
      String owner,
      String name,
      String visibility,
      boolean isFork,
      String upstreamUrl,
      boolean isActive,
      boolean isExtra,
      String collectStatus,
      String errorMessage,
      Instant lastUpdate,
      String lastCommitSha,
      Instant lastCommitTime,
      boolean allCommitsProcessed) {
    /** {@code owner/name} as the host shows it, or the name alone when the owner is unknown. */
    public String displayName() {
      return owner != null && name != null ? owner + "/" + name : name;
    }
  }

  /** A user's authored commits in one repository, with the repository's status. */
  record UserRepo(
      Repo repo,
      long commits,
      long linesAdded,
      long linesDeleted,
      Instant firstCommitTime,
      Instant lastCommitTime) {}

  /**
   * One row of {@code user_digests}: a user's week, month or year (repositories by id, packages as
   * {@code ecosystem:package}, rhythm Monday first and by hour, in the author's own time).
   */
  record DigestRow(
      LocalDate periodStart,
      LocalDate periodEnd,
      long commits,
      long linesAdded,
      long linesDeleted,
      long activeDays,
      List<String> repoIds,
      int baselinePeriods,
      Double baselineCommits,
      Double baselineLinesAdded,
      Double baselineLinesDeleted,
      Double baselineActiveDays,
      List<String> newLanguages,
      List<String> newPackages,
      List<String> newOssRepos,
      long streakWeeks,
      long longestStreak,
      boolean newLongestStreak,
      List<Long> commitsByWeekday,
      List<Long> commitsByHour) {}

  /** A raw file the transform cannot read: its batch waits until the file is whole again. */
  record QuarantinedFile(String rawTable, String path, String detail, Instant since) {}

  /** One finished transform run. */
  record TransformRun(long runSeq, String mode, Instant startedAt, Instant finishedAt) {}

  Optional<Summary> summary(String userId);

  /** Languages by lines written, most first. */
  List<Language> languages(String userId);

  /** The weeks from {@code from} to {@code to} (inclusive; ISO week Mondays). */
  List<Week> weekly(String userId, LocalDate from, LocalDate to);

  /** The weeks' totals from {@code from} to {@code to} (inclusive; ISO week Mondays). */
  List<WeekTotal> weekTotals(String userId, LocalDate from, LocalDate to);

  /** Open-source contributions by commits, most first. */
  List<Oss> oss(String userId);

  /** Packages by commits, most first, at most {@code limit}. */
  List<PackageUse> packages(String userId, int limit);

  /**
   * The user's digest rows of one period kind ({@code week}, {@code month}, {@code year}) whose
   * start is from {@code from} to {@code to} (inclusive), oldest first.
   */
  List<DigestRow> digests(String userId, String period, LocalDate from, LocalDate to);

  /** Repositories the user authored counted commits in, by commits. */
  List<UserRepo> userRepos(String userId);

  /** Every repository's collection status, by URL. */
  List<Repo> repos();

  /** The collection status of these repositories (by id), by URL. */
  List<Repo> repos(java.util.Collection<String> repoIds);

  /** The newest finished transform runs, newest first. */
  List<TransformRun> transformRuns(int limit);

  /** The raw files quarantined now, by path. */
  List<QuarantinedFile> quarantined();
}
