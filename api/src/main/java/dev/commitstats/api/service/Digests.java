package dev.commitstats.api.service;

import dev.commitstats.api.query.CvQueries;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The weekly digest (and the month and year in review) as people read it: the period's row of
 * {@code user_digests} (or, for a quiet period after the user's last active one, the quiet digest
 * its trailing rows imply), with repositories named by the privacy rule, only languages that count
 * as languages, and a few sentences that say what the numbers mean. Pure: the rows come in.
 */
public final class Digests {
  private Digests() {}

  /** The periods a digest covers and how many periods before make "the usual". */
  public enum Period {
    WEEK("week", 12),
    MONTH("month", 12),
    YEAR("year", 3);

    final String name;
    final int baseline;

    Period(String name, int baseline) {
      this.name = name;
      this.baseline = baseline;
    }

    public String sqlName() {
      return name;
    }

    /** The start of the period holding {@code day}. */
    public LocalDate startOf(LocalDate day) {
      return switch (this) {
        case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        case MONTH -> day.withDayOfMonth(1);
        case YEAR -> day.withDayOfYear(1);
      };
    }

    public LocalDate plus(LocalDate start, long n) {
      return switch (this) {
        case WEEK -> start.plusWeeks(n);
        case MONTH -> start.plusMonths(n);
        case YEAR -> start.plusYears(n);
      };
    }

    public LocalDate endOf(LocalDate start) {
      return plus(start, 1).minusDays(1);
    }

    /** 2026-W48, 2026-11, 2026. */
    public String label(LocalDate start) {
      return switch (this) {
        case WEEK ->
            String.format(
                "%d-W%02d",
                start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        case MONTH -> YearMonth.from(start).toString();
        case YEAR -> String.valueOf(start.getYear());
      };
    }

    /** "a week", "a month", "a year". */
    String per() {
      return "a " + name;
    }
  }

  /** The period a request names: its kind and start. */
  public record Asked(Period period, LocalDate start) {}

  private static final Pattern YEAR = Pattern.compile("\\d{4}");

  /**
   * The period of {@code week} (any day of it, YYYY-MM-DD), {@code month} (YYYY-MM) or {@code year}
   * (YYYY), at most one of them; none: the last complete week before {@code today}.
   */
  public static Asked parse(String week, String month, String year, LocalDate today) {
    int given = (blank(week) ? 0 : 1) + (blank(month) ? 0 : 1) + (blank(year) ? 0 : 1);
    if (given > 1) {
      throw ApiException.badRequest(
          "bad_period",
          "ask for one period: week=YYYY-MM-DD, month=YYYY-MM or year=YYYY, not more");
    }
    if (!blank(week)) {
      try {
        return new Asked(Period.WEEK, Period.WEEK.startOf(LocalDate.parse(week.strip())));
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest(
            "bad_period", "week must be a day of the week as YYYY-MM-DD, e.g. 2025-01-06");
      }
    }
    if (!blank(month)) {
      try {
        return new Asked(Period.MONTH, YearMonth.parse(month.strip()).atDay(1));
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest("bad_period", "month must be YYYY-MM, e.g. 2025-01");
      }
    }
    if (!blank(year)) {
      if (!YEAR.matcher(year.strip()).matches()) {
        throw ApiException.badRequest("bad_period", "year must be YYYY, e.g. 2025");
      }
      return new Asked(Period.YEAR, LocalDate.of(Integer.parseInt(year.strip()), 1, 1));
    }
    return new Asked(Period.WEEK, Period.WEEK.startOf(today).minusWeeks(1));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * Refuses a period after the current one (400) and one before the user's first counted commit, or
   * any period of a user without one (404).
   */
  public static void check(Asked a, LocalDate today, LocalDate firstCommitDay, String userId) {
    LocalDate current = a.period().startOf(today);
    if (a.start().isAfter(current)) {
      throw ApiException.badRequest(
          "bad_period",
          a.period().label(a.start())
              + " is in the future: the latest "
              + a.period().name
              + " is "
              + a.period().label(current));
    }
    if (firstCommitDay == null) {
      throw ApiException.notFound(userId + " has no counted commits yet: no digest to show");
    }
    LocalDate first = a.period().startOf(firstCommitDay);
    if (a.start().isBefore(first)) {
      throw ApiException.notFound(
          a.period().label(a.start())
              + " is before "
              + userId
              + "'s first commit ("
              + firstCommitDay
              + "): ask for "
              + a.period().label(first)
              + " or later");
    }
  }

  // ---- JSON shapes (snake_case) ----

  /** A repository touched: by name when public, "private repository" (with how many) if not. */
  public record RepoRef(String repository, String repoUrl, String visibility, int count) {}

  /** One measure against the usual: {@code change} is (value - usual) / usual. */
  public record Measure(String name, long value, Double usual, Double change, String verdict) {}

  public record Activity(
      long commits,
      long linesAdded,
      long linesDeleted,
      long activeDays,
      List<RepoRef> repositories) {}

  public record Usual(int periods, List<Measure> measures) {}

  public record PackageRef(
      String ecosystem, @com.fasterxml.jackson.annotation.JsonProperty("package") String name) {}

  public record News(
      List<String> languages,
      List<PackageRef> packages,
      List<String> ossRepositories,
      boolean longestStreak) {}

  public record Streak(long weeks, long longest, boolean newLongest) {}

  /** Commits per weekday (Monday first) and per hour of the day, in the author's own time. */
  public record Rhythm(List<Long> byWeekday, List<Long> byHour) {}

  public record Digest(
      String userId,
      String name,
      String period,
      String label,
      LocalDate periodStart,
      LocalDate periodEnd,
      boolean complete,
      boolean quiet,
      Activity activity,
      Usual usual,
      News news,
      Streak streak,
      Rhythm rhythm,
      List<String> highlights,
      CvService.Freshness freshness) {}

  /**
   * The digest of {@code a} from the rows of its period kind from {@code baseline} periods before
   * it to it ({@code rows}, oldest first).
   *
   * @param repos every repository, by id (for names and visibility)
   * @param languageTypes linguist's type of each of the user's languages
   * @param longestStreak the user's longest weekly streak (for a quiet period after the last row)
   */
  public static Digest of(
      String userId,
      String name,
      Asked a,
      LocalDate today,
      LocalDate firstCommitDay,
      List<CvQueries.DigestRow> rows,
      Map<String, CvQueries.Repo> repos,
      Map<String, String> languageTypes,
      long longestStreak,
      CvService.Freshness freshness,
      Curation curation) {
    CvQueries.DigestRow row =
        rows.stream().filter(r -> r.periodStart().equals(a.start())).findFirst().orElse(null);
    if (row == null) {
      row = quiet(a, firstCommitDay, rows, longestStreak);
    }
    Period p = a.period();
    var measures =
        List.of(
            measure("commits", row.commits(), row.baselineCommits()),
            measure("lines_added", row.linesAdded(), row.baselineLinesAdded()),
            measure("lines_deleted", row.linesDeleted(), row.baselineLinesDeleted()),
            measure("active_days", row.activeDays(), row.baselineActiveDays()));
    List<String> languages =
        row.newLanguages().stream()
            .filter(l -> curation.showsAsLanguage(userId, l, languageTypes.get(l)))
            .toList();
    List<PackageRef> packages =
        row.newPackages().stream()
            .map(
                s -> {
                  int i = s.indexOf(':');
                  return i < 0
                      ? new PackageRef(null, s)
                      : new PackageRef(s.substring(0, i), s.substring(i + 1));
                })
            .filter(pk -> !curation.hidesPackage(userId, pk.ecosystem(), pk.name()))
            .toList();
    var all = List.copyOf(repos.values());
    List<String> oss =
        row.newOssRepos().stream().filter(u -> !curation.hidesOss(userId, u, all)).toList();
    var news = new News(languages, packages, oss, row.newLongestStreak());
    var streak = new Streak(row.streakWeeks(), row.longestStreak(), row.newLongestStreak());
    boolean quiet = row.commits() == 0;
    var digest =
        new Digest(
            userId,
            name,
            p.name,
            p.label(a.start()),
            a.start(),
            p.endOf(a.start()),
            p.endOf(a.start()).isBefore(today),
            quiet,
            new Activity(
                row.commits(),
                row.linesAdded(),
                row.linesDeleted(),
                row.activeDays(),
                repositories(row.repoIds(), repos, curation, userId)),
            new Usual(row.baselinePeriods(), measures),
            news,
            streak,
            new Rhythm(row.commitsByWeekday(), row.commitsByHour()),
            List.of(),
            freshness);
    return withHighlights(digest);
  }

  /**
   * A quiet period after the user's last row: zeros, the usual over the rows in the window before
   * it (the periods without a row were quiet too), the streak broken, nothing new.
   */
  private static CvQueries.DigestRow quiet(
      Asked a, LocalDate firstCommitDay, List<CvQueries.DigestRow> rows, long longestStreak) {
    Period p = a.period();
    LocalDate first = p.startOf(firstCommitDay);
    LocalDate from = p.plus(a.start(), -p.baseline);
    if (from.isBefore(first)) {
      from = first;
    }
    int periods = 0;
    for (LocalDate d = from; d.isBefore(a.start()); d = p.plus(d, 1)) {
      periods++;
    }
    long commits = 0;
    long added = 0;
    long deleted = 0;
    long days = 0;
    for (CvQueries.DigestRow r : rows) {
      if (!r.periodStart().isBefore(from) && r.periodStart().isBefore(a.start())) {
        commits += r.commits();
        added += r.linesAdded();
        deleted += r.linesDeleted();
        days += r.activeDays();
      }
    }
    Double n = periods == 0 ? null : (double) periods;
    return new CvQueries.DigestRow(
        a.start(),
        p.endOf(a.start()),
        0,
        0,
        0,
        0,
        List.of(),
        periods,
        n == null ? null : commits / n,
        n == null ? null : added / n,
        n == null ? null : deleted / n,
        n == null ? null : days / n,
        List.of(),
        List.of(),
        List.of(),
        0,
        longestStreak,
        false,
        Collections.nCopies(7, 0L),
        Collections.nCopies(24, 0L));
  }

  /** Above or below the usual when more than a quarter away from it. */
  static Measure measure(String name, long value, Double usual) {
    if (usual == null) {
      return new Measure(name, value, null, null, "no_history");
    }
    Double change = usual == 0 ? null : (value - usual) / usual;
    String verdict =
        value > usual * 1.25 && value - usual >= 1
            ? "above"
            : value < usual * 0.75 && usual - value >= 1 ? "below" : "usual";
    return new Measure(name, value, round(usual), change == null ? null : round(change), verdict);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Public repositories by name (sorted), then the private ones as one entry with their count. */
  static List<RepoRef> repositories(
      List<String> repoIds, Map<String, CvQueries.Repo> repos, Curation curation, String userId) {
    var named = new ArrayList<RepoRef>();
    int hidden = 0;
    var notShown = curation.hiddenRepoIds(userId, List.copyOf(repos.values()));
    for (String id : repoIds) {
      CvQueries.Repo r = repos.get(id);
      if (notShown.contains(id)) {
        continue;
      }
      String alias = r == null ? null : curation.alias(userId, r.repoUrl());
      if (r != null && CvService.isPublic(r.visibility())) {
        named.add(new RepoRef(r.displayName(), r.repoUrl(), "public", 1));
      } else if (alias != null) {
        named.add(new RepoRef(alias, null, "private", 1));
      } else {
        hidden++;
      }
    }
    named.sort(java.util.Comparator.comparing(RepoRef::repository));
    if (hidden > 0) {
      named.add(new RepoRef(CvService.PRIVATE_REPOSITORY, null, "private", hidden));
    }
    return named;
  }

  /** The few sentences a reader takes away, in order: activity, comparison, news, streak. */
  private static Digest withHighlights(Digest d) {
    var out = new ArrayList<String>();
    String per = Period.valueOf(d.period().toUpperCase(Locale.ROOT)).per();
    if (d.quiet()) {
      out.add("A quiet " + d.period() + ": no commits.");
    } else {
      out.add(
          plural(d.activity().commits(), "commit")
              + " on "
              + plural(d.activity().activeDays(), "day")
              + " in "
              + plural(
                  d.activity().repositories().stream().mapToInt(RepoRef::count).sum(),
                  "repository",
                  "repositories")
              + ": +"
              + d.activity().linesAdded()
              + " / -"
              + d.activity().linesDeleted()
              + " lines.");
    }
    Measure commits = d.usual().measures().get(0);
    if (commits.usual() != null) {
      String usual = String.format(Locale.ROOT, "%.1f commits %s", commits.usual(), per);
      out.add(
          switch (commits.verdict()) {
            case "above" -> "Above your usual of " + usual + ".";
            case "below" -> "Below your usual of " + usual + ".";
            default -> "About your usual of " + usual + ".";
          });
    }
    d.news().languages().forEach(l -> out.add("First commits in " + l + "."));
    d.news()
        .packages()
        .forEach(p -> out.add("First used " + p.name() + " (" + p.ecosystem() + ")."));
    d.news().ossRepositories().forEach(r -> out.add("First contribution to " + r + "."));
    if (d.streak().newLongest()) {
      out.add("A new longest streak: " + plural(d.streak().longest(), "week") + " in a row.");
    } else if (d.streak().weeks() > 1) {
      out.add("Streak: " + plural(d.streak().weeks(), "week") + " in a row.");
    } else if (d.streak().weeks() == 0 && d.streak().longest() > 0) {
      out.add("No streak running (longest: " + plural(d.streak().longest(), "week") + ").");
    }
    return new Digest(
        d.userId(),
        d.name(),
        d.period(),
        d.label(),
        d.periodStart(),
        d.periodEnd(),
        d.complete(),
        d.quiet(),
        d.activity(),
        d.usual(),
        d.news(),
        d.streak(),
        d.rhythm(),
        List.copyOf(out),
        d.freshness());
  }

  private static String plural(long n, String one) {
    return plural(n, one, one + "s");
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
