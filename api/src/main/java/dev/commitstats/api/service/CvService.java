package dev.commitstats.api.service;

import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.engine.TableVersions;
import dev.commitstats.api.query.CvQueries;
import dev.commitstats.api.query.CvQueries.Reads;
import dev.commitstats.model.Visibility;
import dev.commitstats.model.config.UserConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CV answers: validates the request, asks {@link CvQueries} (through the cache), applies the
 * privacy rule and renders JSON or the SVG card. Knows nothing of HTTP.
 */
public final class CvService {
  /**
   * How many weeks the CV's trend covers: those ending with the week of the user's latest counted
   * commit (a CV shows the most recent year of work, even when it is not this year).
   */
  public static final int TREND_WEEKS = 52;

  /** The longest range {@code /weekly} answers (ten years of weeks). */
  public static final int MAX_WEEKS = 530;

  /**
   * Packages in the CV summary (the {@code /packages} endpoint lists up to {@link #MAX_PACKAGES}).
   */
  public static final int CV_PACKAGES = 20;

  public static final int MAX_PACKAGES = 1000;

  private final CvQueries queries;
  private final Answers answers;
  private final Clock clock;
  private final java.util.function.Supplier<Curation> curations;

  public CvService(CvQueries queries, SqlEngine engine, ResponseCache cache, Clock clock) {
    this(queries, engine, cache, clock, Curation::none);
  }

  /** With the users' CV curation ({@code users[].cv} of the config). */
  public CvService(
      CvQueries queries,
      SqlEngine engine,
      ResponseCache cache,
      Clock clock,
      java.util.function.Supplier<Curation> curations) {
    this.queries = queries;
    this.answers = new Answers(engine, cache);
    this.clock = clock;
    this.curations = curations;
  }

  /** The users' curation as it is now (the config is re-read when it changes). */
  private Curation curation() {
    return curations.get();
  }

  // ---- JSON shapes (field names become snake_case) ----

  /** Totals of a user's counted work. */
  public record Totals(
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
      long packages) {}

  /** When the data was current and which table versions an answer read. */
  public record Freshness(Instant asOf, Instant generatedAt, Map<String, Long> tableVersions) {}

  /** Weeks by language ({@code weeks}) and per week ({@code totals}: each commit once). */
  public record Weekly(
      LocalDate from, LocalDate to, List<CvQueries.Week> weeks, List<CvQueries.WeekTotal> totals) {}

  /** What the user wrote about themselves in the config's {@code cv:} (each field may be null). */
  public record Profile(String headline, String bio, Links links) {}

  public record Links(String homepage, String github, String linkedin) {}

  public record Cv(
      String userId,
      String name,
      Profile profile,
      Totals totals,
      List<CvQueries.Language> languages,
      Weekly weekly,
      List<CvQueries.Oss> oss,
      List<CvQueries.PackageUse> packages,
      Freshness freshness) {}

  public record Languages(String userId, List<CvQueries.Language> languages, Freshness freshness) {}

  public record WeeklyAnswer(
      String userId,
      LocalDate from,
      LocalDate to,
      List<CvQueries.Week> weeks,
      List<CvQueries.WeekTotal> totals,
      Freshness freshness) {}

  public record OssAnswer(String userId, List<CvQueries.Oss> oss, Freshness freshness) {}

  public record Packages(String userId, List<CvQueries.PackageUse> packages, Freshness freshness) {}

  /**
   * One repository of a user. A private one shows only {@code repository: "private repository"},
   * its visibility and the user's aggregate numbers; every other field is null.
   */
  public record UserRepository(
      String repository,
      String repoUrl,
      String visibility,
      String provider,
      Boolean isFork,
      String upstreamUrl,
      Boolean isExtra,
      Boolean isActive,
      String collectStatus,
      Instant lastUpdate,
      Instant lastCommitTime,
      Boolean allCommitsProcessed,
      long commits,
      long linesAdded,
      long linesDeleted,
      Instant firstCommitTime,
      Instant lastUserCommitTime) {}

  public record Repositories(
      String userId, List<UserRepository> repositories, Freshness freshness) {}

  // ---- answers ----

  public ApiResponse cv(String user) {
    return forUser(
        "cv",
        user,
        List.of(),
        withRepos(user, Reads.SUMMARY, Reads.LANGUAGES, Reads.WEEKLY, Reads.OSS, Reads.PACKAGES),
        (id, s, f) -> {
          LocalDate to = trendEnd(s);
          LocalDate from = to.minusWeeks(TREND_WEEKS - 1);
          List<CvQueries.Language> all = queries.languages(id);
          return json(
              new Cv(
                  id,
                  s.name(),
                  profile(id),
                  curation().totals(id, totals(s), all),
                  curation().languages(id, all),
                  new Weekly(
                      from,
                      to,
                      curation().weeks(id, queries.weekly(id, from, to)),
                      queries.weekTotals(id, from, to)),
                  shownOss(id),
                  packages(id, CV_PACKAGES),
                  f));
        });
  }

  public ApiResponse languages(String user) {
    return forUser(
        "languages",
        user,
        List.of(),
        List.of(Reads.SUMMARY, Reads.LANGUAGES),
        (id, s, f) -> json(new Languages(id, curation().languages(id, queries.languages(id)), f)));
  }

  /**
   * The weekly trend from {@code from} to {@code to} (ISO dates, both optional: by default the
   * {@value #TREND_WEEKS} weeks ending with the user's latest counted commit). Dates are moved to
   * their week's Monday.
   */
  public ApiResponse weekly(String user, String fromText, String toText) {
    LocalDate fromArg = date("from", fromText);
    LocalDate toArg = date("to", toText);
    if (fromArg != null && toArg != null && fromArg.isAfter(toArg)) {
      throw ApiErrors.fromAfterTo(fromArg, toArg);
    }
    return forUser(
        "weekly",
        user,
        List.of(String.valueOf(fromArg), String.valueOf(toArg)),
        List.of(Reads.SUMMARY, Reads.WEEKLY),
        (id, s, f) -> {
          LocalDate to = toArg != null ? monday(toArg) : trendEnd(s);
          LocalDate from = fromArg != null ? monday(fromArg) : to.minusWeeks(TREND_WEEKS - 1);
          if (from.plusWeeks(MAX_WEEKS).isBefore(to)) {
            throw ApiErrors.rangeTooLong(MAX_WEEKS);
          }
          return json(
              new WeeklyAnswer(
                  id,
                  from,
                  to,
                  curation().weeks(id, queries.weekly(id, from, to)),
                  queries.weekTotals(id, from, to),
                  f));
        });
  }

  public ApiResponse oss(String user) {
    return forUser(
        "oss",
        user,
        List.of(),
        withRepos(user, Reads.SUMMARY, Reads.OSS),
        (id, s, f) -> json(new OssAnswer(id, shownOss(id), f)));
  }

  public ApiResponse packages(String user) {
    return forUser(
        "packages",
        user,
        List.of(),
        List.of(Reads.SUMMARY, Reads.PACKAGES),
        (id, s, f) -> json(new Packages(id, packages(id, MAX_PACKAGES), f)));
  }

  public ApiResponse repos(String user) {
    return forUser(
        "repos",
        user,
        List.of(),
        List.of(Reads.SUMMARY, Reads.USER_REPOS),
        (id, s, f) -> json(new Repositories(id, userRepositories(id), f)));
  }

  /**
   * The digest of a week (any day of it), a month or a year; by default the last complete week.
   * Future periods are refused (400), periods before the user's first commit are not found (404).
   */
  public ApiResponse digest(String user, String week, String month, String year) {
    return digestAnswer("digest", user, week, month, year, d -> json(d));
  }

  /**
   * The same digest as {@code render} makes it (JSON, Markdown, the HTML page), cached as {@code
   * question}.
   */
  public ApiResponse digestAnswer(
      String question,
      String user,
      String week,
      String month,
      String year,
      java.util.function.Function<Digests.Digest, ApiResponse> render) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    Digests.Asked asked = Digests.parse(week, month, year, today);
    return forUser(
        question,
        user,
        List.of(asked.period().sqlName(), asked.start().toString(), today.toString()),
        List.of(Reads.SUMMARY, Reads.DIGESTS, Reads.LANGUAGES, Reads.REPOS),
        (id, s, f) -> render.apply(digest(id, s, asked, today, f)));
  }

  private Digests.Digest digest(
      String id, CvQueries.Summary s, Digests.Asked asked, LocalDate today, Freshness f) {
    LocalDate first =
        s.firstCommitTime() == null
            ? null
            : s.firstCommitTime().atZone(ZoneOffset.UTC).toLocalDate();
    Digests.check(asked, today, first, id);
    var p = asked.period();
    var rows = queries.digests(id, p.sqlName(), p.plus(asked.start(), -p.baseline), asked.start());
    // the repositories the rows name (one query for a handful of ids, not every repository)
    var ids = new java.util.TreeSet<String>();
    rows.forEach(r -> ids.addAll(r.repoIds()));
    var repos = new java.util.HashMap<String, CvQueries.Repo>();
    queries.repos(ids).forEach(r -> repos.put(r.repoId(), r));
    var types = new java.util.HashMap<String, String>();
    queries.languages(id).forEach(l -> types.put(l.language(), l.languageType()));
    return Digests.of(
        id,
        s.name(),
        asked,
        today,
        first,
        rows,
        repos,
        types,
        s.longestWeeklyStreak(),
        f,
        curation());
  }

  /** The embeddable SVG card: totals and top languages. */
  public ApiResponse card(String user) {
    return forUser(
        "card",
        user,
        List.of(),
        List.of(Reads.SUMMARY, Reads.LANGUAGES),
        (id, s, f) ->
            new ApiResponse(
                CardRenderer.render(s, curation().languages(id, queries.languages(id)))
                    .getBytes(StandardCharsets.UTF_8),
                ApiResponse.SVG,
                null));
  }

  /** Renders one answer about a known user from its summary row and the answer's freshness. */
  @FunctionalInterface
  private interface UserAnswer {
    ApiResponse render(String userId, CvQueries.Summary summary, Freshness freshness);
  }

  /**
   * An answer about one user: the id is validated (400), the user must exist (404), and the answer
   * is cached under (question, user, parameters, versions of the tables read).
   */
  private ApiResponse forUser(
      String question, String user, List<String> params, List<Reads> reads, UserAnswer render) {
    String id = userId(user);
    var tables = new LinkedHashSet<String>();
    reads.forEach(r -> tables.addAll(r.tables()));
    var key = new java.util.ArrayList<String>(List.of(id, curation().key(id)));
    key.addAll(params);
    return answers.get(
        question,
        key,
        tables,
        true,
        v -> {
          CvQueries.Summary s = displayed(summary(id));
          return render.render(id, s, freshness(s, v, tables));
        });
  }

  // ---- shared steps ----

  /** The privacy rule: only repositories known to be public are shown by name. */
  static boolean isPublic(String visibility) {
    return Visibility.isPublic(visibility);
  }

  static final String PRIVATE_REPOSITORY = "private repository";

  private static UserRepository userRepository(CvQueries.UserRepo u, String alias) {
    CvQueries.Repo r = u.repo();
    if (!isPublic(r.visibility())) {
      return new UserRepository(
          alias != null ? alias : PRIVATE_REPOSITORY,
          null,
          Visibility.PRIVATE.value(),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          u.commits(),
          u.linesAdded(),
          u.linesDeleted(),
          null,
          null);
    }
    return new UserRepository(
        r.displayName(),
        r.repoUrl(),
        Visibility.PUBLIC.value(),
        r.provider(),
        r.isFork(),
        r.upstreamUrl(),
        r.isExtra(),
        r.isActive(),
        r.collectStatus(),
        r.lastUpdate(),
        r.lastCommitTime(),
        r.allCommitsProcessed(),
        u.commits(),
        u.linesAdded(),
        u.linesDeleted(),
        u.firstCommitTime(),
        u.lastCommitTime());
  }

  /** The summary with the name the CV shows: the curated display name, if any. */
  private CvQueries.Summary displayed(CvQueries.Summary s) {
    String name = curation().of(s.userId()).displayName();
    return name == null ? s : s.withName(name);
  }

  private Profile profile(String id) {
    var c = curation().of(id);
    var l = c.links();
    return new Profile(
        c.headline(),
        c.bio(),
        l == null ? null : new Links(l.homepage(), l.github(), l.linkedin()));
  }

  private List<CvQueries.Oss> shownOss(String id) {
    return curation().of(id).hideRepositories().isEmpty()
        ? curation().oss(id, queries.oss(id), List.of())
        : curation().oss(id, queries.oss(id), queries.repos());
  }

  /**
   * {@code reads}, and {@code repo_status} when the user hides repositories (their open-source
   * entries are found through it).
   */
  private List<Reads> withRepos(String user, Reads... reads) {
    var out = new java.util.ArrayList<>(List.of(reads));
    if (user != null
        && UserConfig.ID.matcher(user).matches()
        && !curation().of(user).hideRepositories().isEmpty()) {
      out.add(Reads.REPOS);
    }
    return out;
  }

  /** The packages shown, at most {@code limit} (hidden ones do not take a place). */
  private List<CvQueries.PackageUse> packages(String id, int limit) {
    if (curation().of(id).hidePackages().isEmpty()) {
      return queries.packages(id, limit);
    }
    var shown = curation().packages(id, queries.packages(id, MAX_PACKAGES));
    return shown.subList(0, Math.min(limit, shown.size()));
  }

  /** The user's repositories without the hidden ones, private ones by their alias if given. */
  private List<UserRepository> userRepositories(String id) {
    var rows = queries.userRepos(id);
    var hidden = curation().hiddenRepoIds(id, rows.stream().map(CvQueries.UserRepo::repo).toList());
    return rows.stream()
        .filter(u -> !hidden.contains(u.repo().repoId()))
        .map(u -> userRepository(u, curation().alias(id, u.repo().repoUrl())))
        .toList();
  }

  private CvQueries.Summary summary(String id) {
    return queries.summary(id).orElseThrow(() -> ApiErrors.unknownUser(id));
  }

  private static Totals totals(CvQueries.Summary s) {
    return new Totals(
        s.commits(),
        s.linesAdded(),
        s.linesDeleted(),
        s.languageLinesAdded(),
        s.languageLinesDeleted(),
        s.dataLinesAdded(),
        s.dataLinesDeleted(),
        s.proseLinesAdded(),
        s.proseLinesDeleted(),
        s.otherLinesAdded(),
        s.otherLinesDeleted(),
        s.repositories(),
        s.bulkCommits(),
        s.firstCommitTime(),
        s.lastCommitTime(),
        s.yearsActive(),
        s.activeWeeks(),
        s.longestWeeklyStreak(),
        s.ossRepositories(),
        s.ossCommits(),
        s.packages());
  }

  private Freshness freshness(CvQueries.Summary s, TableVersions v, Set<String> tables) {
    var versions = new TreeMap<String, Long>();
    tables.forEach(t -> versions.put(t, v.version(t)));
    return new Freshness(s.asOf(), clock.instant(), versions);
  }

  private static ApiResponse json(Object value) {
    return new ApiResponse(Json.bytes(value), ApiResponse.JSON, null);
  }

  /** Validates a user id: the users config's rule. */
  public static String userId(String user) {
    if (user == null || !UserConfig.ID.matcher(user).matches()) {
      throw ApiErrors.badUserId();
    }
    return user;
  }

  private static LocalDate date(String name, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApiErrors.badDate(name);
    }
  }

  private LocalDate trendEnd(CvQueries.Summary s) {
    Instant end =
        s.lastCommitTime() != null
            ? s.lastCommitTime()
            : s.asOf() != null ? s.asOf() : clock.instant();
    return monday(end);
  }

  static LocalDate monday(Instant t) {
    return monday(t.atZone(ZoneOffset.UTC).toLocalDate());
  }

  static LocalDate monday(LocalDate d) {
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }
}
