package dev.commitstats.api.service;

import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.engine.TableVersions;
import dev.commitstats.api.query.CvQueries;
import dev.commitstats.api.query.CvQueries.Reads;
import dev.commitstats.model.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The status answer: freshness of every table, the last ingest and transform runs, and the
 * collection table (one row per repository, the URL masked when private). Answers even when the
 * lake has no tables yet.
 */
public final class StatusService {
  static final int TRANSFORM_RUNS = 10;
  static final String HIDDEN_ERROR = "details hidden (private repository)";

  /** A repository a user hid from their CV: not named on the status page either. */
  static final String HIDDEN_REPOSITORY = "hidden repository";

  private final CvQueries queries;
  private final SqlEngine engine;
  private final Answers answers;
  private final Clock clock;
  private final java.util.function.Supplier<Curation> curations;

  public StatusService(CvQueries queries, SqlEngine engine, ResponseCache cache, Clock clock) {
    this(queries, engine, cache, clock, Curation::none);
  }

  public StatusService(
      CvQueries queries,
      SqlEngine engine,
      ResponseCache cache,
      Clock clock,
      java.util.function.Supplier<Curation> curations) {
    this.queries = queries;
    this.engine = engine;
    this.answers = new Answers(engine, cache);
    this.clock = clock;
    this.curations = curations;
  }

  /** The users' curation as it is now (the config is re-read when it changes). */
  private Curation curation() {
    return curations.get();
  }

  public record Table(String name, long version, Instant modified, boolean readable) {}

  /** One row of the collection table. Private: {@code repository} is "private repository". */
  public record Repository(
      String repository,
      String repoUrl,
      String visibility,
      String provider,
      boolean isActive,
      boolean isExtra,
      String collectStatus,
      String errorMessage,
      Instant lastUpdate,
      String lastCommitSha,
      Instant lastCommitTime,
      boolean allCommitsProcessed) {}

  public record Collection(long repositories, long upToDate, long errors, long inactive) {}

  public record Status(
      String engine,
      Instant generatedAt,
      List<Table> tables,
      Instant lastIngestAt,
      List<CvQueries.TransformRun> transformRuns,
      List<CvQueries.QuarantinedFile> quarantined,
      Collection collection,
      List<Repository> repositories) {}

  public ApiResponse status() {
    var tables = new ArrayList<String>(Reads.REPOS.tables());
    tables.addAll(Reads.RUNS.tables());
    return answers.get(
        "status",
        List.of(
            engine.versions().fingerprint(engine.versions().tables().keySet()), curation().key()),
        tables,
        false,
        v -> new ApiResponse(Json.bytes(status(v)), ApiResponse.JSON, null));
  }

  private Status status(TableVersions v) {
    var errors = engine.tableErrors();
    var tables = new ArrayList<Table>();
    v.tables()
        .values()
        .forEach(
            t ->
                tables.add(
                    new Table(t.name(), t.version(), t.modified(), !errors.containsKey(t.name()))));
    errors.keySet().stream()
        .filter(name -> !v.has(name))
        .forEach(name -> tables.add(new Table(name, -1, null, false)));
    tables.sort(Comparator.comparing(Table::name));

    List<CvQueries.Repo> repos = v.has("repo_status") ? queries.repos() : List.of();
    List<CvQueries.TransformRun> runs =
        v.has("_transform_runs") ? queries.transformRuns(TRANSFORM_RUNS) : List.of();
    List<CvQueries.QuarantinedFile> quarantined =
        v.has("_transform_runs") ? queries.quarantined() : List.of();
    Instant last =
        repos.stream()
            .map(CvQueries.Repo::lastUpdate)
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder())
            .orElse(null);
    var hidden = curation().hiddenByAnyone(repos);
    var rows =
        repos.stream()
            .map(r -> row(r, hidden.contains(r.repoId()), curation().aliasByAnyone(r.repoUrl())))
            .toList();
    var collection =
        new Collection(
            repos.size(),
            repos.stream().filter(r -> "up_to_date".equals(r.collectStatus())).count(),
            repos.stream().filter(r -> "error".equals(r.collectStatus())).count(),
            repos.stream().filter(r -> !r.isActive()).count());
    return new Status(
        engine.name(), clock.instant(), tables, last, runs, quarantined, collection, rows);
  }

  /**
   * A repository's collection status: by name when public and not hidden by a user's CV curation;
   * else masked as private ones are, under its alias if a user gave one.
   */
  private static Repository row(CvQueries.Repo r, boolean hidden, String alias) {
    boolean open = CvService.isPublic(r.visibility()) && !hidden;
    return new Repository(
        open
            ? Objects.requireNonNullElse(r.displayName(), r.repoUrl())
            : alias != null && !hidden
                ? alias
                : hidden ? HIDDEN_REPOSITORY : CvService.PRIVATE_REPOSITORY,
        open ? r.repoUrl() : null,
        (open ? Visibility.PUBLIC : Visibility.PRIVATE).value(),
        r.provider(),
        r.isActive(),
        r.isExtra(),
        r.collectStatus(),
        r.errorMessage() == null ? null : open ? r.errorMessage() : HIDDEN_ERROR,
        r.lastUpdate(),
        open ? r.lastCommitSha() : null,
        r.lastCommitTime(),
        r.allCommitsProcessed());
  }
}
